/**
 * A markdown quote block, as both the terminal and Discord show quotes: `marker` in front of the
 * first line and `continuation` (same length) in front of every further line, so multi-line quotes
 * stay inside the block (and inside one bullet).
 */
export function quoteBlock(text: string, marker = '> ', continuation = marker): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? marker : continuation) + line)
    .join('\n');
}
