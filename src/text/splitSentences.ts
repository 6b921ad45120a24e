import { sentenceNlp } from './nlp.ts';
import type { ItemSentence } from 'wink-nlp';
import type { Span } from '../shared/types.ts';
import { isWrapBreak, wrapWidth } from './lineBreaks.ts';

/** Paragraphs are separated by blank lines; sentences never cross them. */
export function splitParagraphs(text: string): Span[] {
  const spans: Span[] = [];
  const re = /\n[ \t]*\n/g;
  let from = 0;
  for (let m = re.exec(text); ; m = re.exec(text)) {
    const to = m ? m.index : text.length;
    const span = trimSpan(text, from, to);
    if (span) spans.push(span);
    if (!m) break;
    from = m.index + m[0].length;
  }
  return spans;
}

/**
 * Sentence spans of `text`, in order, each trimmed of surrounding whitespace, so that
 * text.slice(start, end) is the sentence exactly as written.
 */
export function splitSentences(text: string): Span[] {
  const out: Span[] = [];
  for (const para of splitParagraphs(text)) {
    // A line break inside a paragraph that follows a line without end punctuation is a heading
    // or list item: keep it a sentence of its own rather than gluing it to the next line.
    for (const line of splitLines(text, para)) {
      for (const s of sentencesOfBlock(text, line)) {
        for (const piece of splitMissedBoundaries(text, s)) appendSentence(text, out, piece);
      }
    }
  }
  return out.flatMap((s) => splitOverlong(text, s));
}

/**
 * Longest sentence kept whole. Text with no sentence punctuation (a scraped 1 MB line, a table
 * dump) would otherwise be one "sentence", hence one chunk and one quote of any size; real prose
 * sentences stay far below this.
 */
export const MAX_SENTENCE_CHARS = 1000;
const CLAUSE_END = /[;:,\u2013\u2014)\]]\s/g;

/** Cuts an over-long span into pieces of at most MAX_SENTENCE_CHARS: after a clause mark if one falls in the second half of the window, else at a space. */
function splitOverlong(text: string, s: Span): Span[] {
  const pieces: Span[] = [];
  let start = s.start;
  while (s.end - start > MAX_SENTENCE_CHARS) {
    const window = text.slice(start, start + MAX_SENTENCE_CHARS + 1);
    let cut = -1;
    for (const m of window.matchAll(CLAUSE_END)) if (m.index! >= MAX_SENTENCE_CHARS / 2) cut = m.index! + 1;
    if (cut < 0) cut = window.lastIndexOf(' ', MAX_SENTENCE_CHARS) + 1 || window.search(/\s\S*$/) + 1;
    if (cut <= 0) {
      // No space at all: a hard cut, moved off the middle of a surrogate pair.
      cut = MAX_SENTENCE_CHARS;
      if (/[\uDC00-\uDFFF]/.test(text[start + cut]!)) cut--;
    }
    const piece = trimSpan(text, start, start + cut);
    if (piece) pieces.push(piece);
    start += cut;
  }
  const last = trimSpan(text, start, s.end);
  if (last) pieces.push(last);
  return pieces;
}

function splitLines(text: string, para: Span): Span[] {
  const raw: Span[] = [];
  let from = para.start;
  for (let i = para.start; i <= para.end; i++) {
    if (i === para.end || text[i] === '\n') {
      const span = trimSpan(text, from, i);
      if (span) raw.push(span);
      from = i + 1;
    }
  }
  if (raw.length < 2) return raw;
  const lineTexts = raw.map((l) => text.slice(l.start, l.end));
  const width = wrapWidth(lineTexts);
  const lines: Span[] = [{ ...raw[0]! }];
  for (let k = 1; k < raw.length; k++) {
    // A hard-wrapped line continues its sentence; any other break (after a heading, a list item,
    // a scraped one-line paragraph) starts a new segment, so no sentence begins with a heading.
    if (isWrapBreak(lineTexts[k - 1]!, lineTexts[k]!, width)) lines[lines.length - 1]!.end = raw[k]!.end;
    else lines.push({ ...raw[k]! });
  }
  return lines;
}

function sentencesOfBlock(text: string, block: Span): Span[] {
  const slice = text.slice(block.start, block.end);
  const doc = sentenceNlp().readDoc(slice);
  const its = sentenceNlp().its;
  const values = doc.tokens().out() as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  // wink keeps every character as a token or as a token's preceding whitespace, so offsets can be
  // rebuilt by walking the tokens; indexOf guards against any normalisation it might apply.
  const starts: number[] = new Array(values.length);
  const ends: number[] = new Array(values.length);
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    cursor += spaces[i]!.length;
    const v = values[i]!;
    let at = slice.startsWith(v, cursor) ? cursor : slice.indexOf(v, cursor);
    if (at < 0) at = cursor;
    starts[i] = at;
    ends[i] = Math.min(slice.length, at + v.length);
    cursor = ends[i]!;
  }
  const spans: Span[] = [];
  doc.sentences().each((s: ItemSentence) => {
    const [first, last] = s.out(its.span) as unknown as [number, number];
    const span = trimSpan(text, block.start + starts[first]!, block.start + ends[last]!);
    if (span) spans.push(span);
  });
  if (spans.length === 0) {
    const whole = trimSpan(text, block.start, block.end);
    if (whole) spans.push(whole);
  } else {
    // Cover the whole block: stray characters wink left between sentences (closing quotes,
    // trailing brackets) belong to the sentence before them.
    spans[0]!.start = Math.min(spans[0]!.start, block.start);
    for (let i = 0; i < spans.length - 1; i++) {
      const gap = text.slice(spans[i]!.end, spans[i + 1]!.start);
      if (gap.trim()) spans[i]!.end = spans[i]!.end + gap.trimEnd().length;
    }
    const last = spans[spans.length - 1]!;
    last.end = Math.max(last.end, block.end);
    moveClosingQuotesBack(text, spans);
  }
  return spans;
}

/**
 * wink ends a sentence inside a nested quotation's close ("…'What am I doing there?'" LTA chief
 * executive John Crowther added…) and hands the outer closing mark to the next sentence, whose quote
 * then began with a stray `" `. An opening mark is never followed by a space, so a sentence that
 * starts with a mark and a space gives the mark back to the sentence before it (also when the
 * source put a space before the close: "…we have tried everything. " The only parts…").
 */
function moveClosingQuotesBack(text: string, spans: Span[]): void {
  for (let i = 1; i < spans.length; i++) {
    const s = spans[i]!;
    const prev = spans[i - 1]!;
    const head = /^[”"’']+\s+/u.exec(text.slice(s.start, s.end));
    if (!head || head[0].length >= s.end - s.start) continue;
    prev.end = s.start + head[0].trimEnd().length;
    s.start += head[0].length;
  }
}

/**
 * wink occasionally ends a sentence at an abbreviation before a lower-case word ("3 p.m. in
 * Washington"), or at the dot of a wire-copy ticker ("The Industrial Bank of Japan <IBJT.T> (IBJ)
 * amortized…" became a sentence starting "T> (IBJ)"); a real sentence starts neither in lower case
 * nor with the end of a bracketed tag, so such a piece is glued back.
 */
function appendSentence(text: string, out: Span[], s: Span): void {
  const prev = out[out.length - 1];
  const head = text.slice(s.start, s.start + 40);
  const continues = /^\p{Ll}/u.test(head) || /^[^\s<>]*>/u.test(head);
  if (prev && continues && !/\n/.test(text.slice(prev.end, s.start))) {
    prev.end = s.end;
    return;
  }
  out.push(s);
}

/**
 * Two boundaries wink misses, both unambiguous in news prose: a quotation that ends a sentence
 * (“No.” The company…) and a clock time that ends one (…at 4 p.m. Mr. Farrow said…), when the next
 * word is capitalised and is not a weekday, month or time zone that would continue the phrase.
 */
const NOT_CONTINUING =
  'Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|ET\\b|EST\\b|EDT\\b|PT\\b|PST\\b|' +
  'PDT\\b|CT\\b|GMT\\b|UTC\\b|BST\\b|Eastern|Pacific|Central|Mountain|local';
const MISSED_BOUNDARY = new RegExp(
  `(?:[.!?][”"’]|\\b[ap]\\.m\\.)(\\s+)(?=[“"]?\\p{Lu})(?!(?:${NOT_CONTINUING}))`,
  'gu',
);

function splitMissedBoundaries(text: string, s: Span): Span[] {
  const slice = text.slice(s.start, s.end);
  const pieces: Span[] = [];
  let from = 0;
  for (const m of slice.matchAll(MISSED_BOUNDARY)) {
    const cut = m.index! + m[0].length - m[1]!.length;
    pieces.push({ start: s.start + from, end: s.start + cut });
    from = cut + m[1]!.length;
  }
  pieces.push({ start: s.start + from, end: s.end });
  return pieces;
}

function trimSpan(text: string, start: number, end: number): Span | null {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
}
