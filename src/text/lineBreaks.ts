// Telling a hard wrap from a deliberate line break. Newswire and e-mail text is wrapped at a fixed
// width (~72 columns): a line ends there only because the next word would not fit. Scraped text
// puts one paragraph per line, and a heading ("Council rejects appeal") is a line of its own.
// The wrap test is the one text tools use: the break is a wrap when the next line's first word
// would have overflowed the paragraph's width; any other break was meant, so the line stands alone.

/** Lines longer than this are paragraphs, not wrapped text: nobody wraps prose at 100+ columns. */
export const MAX_WRAP_WIDTH = 100;

const LIST_ITEM = /^([-*•]|\d+[.)])\s/;

/** The wrap width of a block of lines, or 0 when they are not hard-wrapped prose. */
export function wrapWidth(lines: readonly string[]): number {
  if (lines.length < 2) return 0;
  let width = 0;
  let long = 0;
  for (const line of lines) {
    if (line.length > MAX_WRAP_WIDTH) return 0;
    width = Math.max(width, line.length);
    if (line.length >= 40) long++;
  }
  // Mostly full lines: a list of short items or a poem is not wrapped prose.
  return long >= (lines.length - 1) / 2 ? width : 0;
}

/** True when the break between `prev` and `next` is a hard wrap, i.e. they belong to one line. */
export function isWrapBreak(prev: string, next: string, width: number): boolean {
  if (width === 0 || LIST_ITEM.test(next) || prev.length < 30) return false;
  // A short line with no end punctuation after a finished sentence is a heading, not a wrap tail.
  if (/[.!?…]["”’')\]]?$/.test(prev) && next.length < width * 0.6 && !/[.!?…:;,"”’')\]]$/.test(next)) return false;
  const firstWord = /^\S+/.exec(next)?.[0] ?? '';
  return prev.length + 1 + firstWord.length > width - 2;
}

/**
 * Joins hard-wrapped lines with a space and makes every other line break of a paragraph a
 * paragraph break, so a heading or a scraped one-line paragraph is a paragraph of its own.
 * List items stay lines of their paragraph.
 */
export function unwrapLines(text: string): string {
  return text
    .split('\n\n')
    .map((para) => {
      const lines = para.split('\n');
      if (lines.length < 2) return para;
      const width = wrapWidth(lines);
      let out = lines[0]!;
      for (let i = 1; i < lines.length; i++) {
        const prev = lines[i - 1]!;
        const line = lines[i]!;
        if (isWrapBreak(prev, line, width)) out += ` ${line}`;
        else if (LIST_ITEM.test(line) || LIST_ITEM.test(prev) || (width === 0 && prev.length <= 60 && line.length <= 60)) {
          // Lists, addresses and verse keep their lines together in one paragraph.
          out += `\n${line}`;
        } else out += `\n\n${line}`;
      }
      return out;
    })
    .join('\n\n');
}
