// Telling a hard wrap from a deliberate line break. Newswire and e-mail text is wrapped at a fixed
// width (~72 columns): a line ends there only because the next word would not fit. Scraped text
// puts one paragraph per line, and a heading ("Council rejects appeal") is a line of its own.
// The wrap test is the one text tools use: the break is a wrap when the next line's first word
// would have overflowed the paragraph's width; any other break was meant, so the line stands alone.

/** Lines longer than this are paragraphs, not wrapped text: nobody wraps prose at 100+ columns. */
export const MAX_WRAP_WIDTH = 100;

const LIST_ITEM = /^([-*•]|\d+[.)])\s/;
// A line ending on a function word has not finished its sentence, whatever comes next.
const RUNS_ON = /\s(a|an|the|of|to|in|on|at|by|for|with|and|or|after|before|from|than|as)$/i;

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

/**
 * True when the break between `prev` and `next` is a hard wrap, i.e. they belong to one line.
 * Wire copy wraps raggedly (a line often ends well short of the width), so the fill test alone
 * would split sentences: a next line starting in lower case or with a digit continues, and so does
 * a mostly full line; a short line without end punctuation before a capital is a heading.
 */
export function isWrapBreak(prev: string, next: string, width: number): boolean {
  if (LIST_ITEM.test(next)) return false;
  // A bracketed name still open at the end of the line continues on the next: wire copy wraps
  // "<Banca Nazionale Del" / "Lavoro-BNL> said…", which read as a heading over "Lavoro-BNL>…".
  if (/<[^<>]*$/.test(prev) && /^[^<>\s]*[^<>]*>/.test(next)) return true;
  if (width === 0) {
    // Not wrapped prose (tables, one paragraph per line), but a long unfinished line running on
    // into a lower-case word or a number is still one sentence broken in two.
    if (RUNS_ON.test(prev)) return true;
    return prev.length >= 40 && !/[.!?…:;]["”’')\]]?$/.test(prev) && /^[\p{Ll}\d]/u.test(next);
  }
  // A short line with no end punctuation after a finished sentence is a heading, not a wrap tail.
  const headingAfterSentence = /[.!?…]["”’')\]]?$/.test(prev) && !/[.!?…:;,"”’')\]]$/.test(next);
  if (headingAfterSentence && next.length < width * 0.6) return false;
  if (/^[\p{Ll}\d(]/u.test(next)) return true;
  // A finished sentence before a capital is a paragraph break (wire copy indents those).
  if (/[.!?…]["”’')\]]?$/.test(prev)) return false;
  // Headings carry no commas and do not end on a function word; a line that does runs on.
  if (/,/.test(prev) || RUNS_ON.test(prev)) return true;
  if (prev.length < 30) return false;
  const firstWord = /^\S+/.exec(next)?.[0] ?? '';
  return prev.length >= width * 0.75 || prev.length + 1 + firstWord.length > width - 2;
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
        else if (LIST_ITEM.test(line) || LIST_ITEM.test(prev) || (!width && prev.length <= 60 && line.length <= 60)) {
          // Lists, addresses and verse keep their lines together in one paragraph.
          out += `\n${line}`;
        } else out += `\n\n${line}`;
      }
      return out;
    })
    .join('\n\n');
}
