/**
 * How front ends say why a question went unanswered when some of its words are in no article:
 * `No article mentions “France”.` Null when every word occurs somewhere (then the articles only
 * did not answer it).
 */
export function absentNote(words: string[] | undefined): string | null {
  if (!words?.length) return null;
  const quoted = words.map((w) => `“${w}”`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return `No article mentions ${list}.`;
}
