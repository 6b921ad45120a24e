// Fitting plain text into a character budget. Quotes stay verbatim: what appears inside a `> `
// quote block is always a prefix of the article's own text (the whole quote, or a cut at a sentence
// or word boundary followed by "…"), so quote text is never markdown-escaped.
import { quoteBlock } from '../shared/quoteBlock.ts';

export { quoteBlock };

export const ELLIPSIS = '…';

/** Shortens one line of plain text to `max` characters with "…", never splitting a surrogate pair. */
export function truncatePlain(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= max) return oneLine;
  let end = max - ELLIPSIS.length;
  if (isHighSurrogate(oneLine.charCodeAt(end - 1))) end--;
  return oneLine.slice(0, end).trimEnd() + ELLIPSIS;
}

/** Length of `text` as a quote block: each line costs its marker. */
export function renderedQuoteLength(text: string, markerLength: number): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.length + lines * markerLength;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * The longest verbatim prefix of `text` no longer than `max` characters, cut at the end of a
 * sentence when that keeps at least half of the room, else at the end of a word, else (one
 * enormous word) mid-word without splitting a surrogate pair. Trailing whitespace is dropped,
 * which keeps it a prefix.
 */
export function cutAtBoundary(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let hard = max;
  if (isHighSurrogate(text.charCodeAt(hard - 1))) hard--;
  const window = text.slice(0, hard + 1);
  let sentenceEnd = -1;
  let wordEnd = -1;
  // A boundary is a position followed by whitespace; window[hard] lets a cut land exactly at max.
  for (let i = 1; i < window.length; i++) {
    if (!/\s/.test(window[i]!) || /\s/.test(window[i - 1]!)) continue;
    wordEnd = i;
    if (/[.!?…]["'”’)\]]*$/.test(window.slice(Math.max(0, i - 4), i))) sentenceEnd = i;
  }
  let cut = hard;
  if (sentenceEnd >= hard / 2) cut = sentenceEnd;
  else if (wordEnd >= hard / 3) cut = wordEnd;
  return text.slice(0, cut).trimEnd();
}

/**
 * A quote block of at most `max` characters: the whole quote, or a boundary cut of it ending in "…".
 * The characters after each `> ` marker are always a verbatim prefix of `text`.
 */
export function fitQuote(text: string, max: number, marker = '> ', continuation = marker): string {
  if (renderedQuoteLength(text, marker.length) <= max) return quoteBlock(text, marker, continuation);
  // Each line costs its marker; a cut removes lines, so search down from the plain-length bound.
  let room = max - ELLIPSIS.length - marker.length;
  for (;;) {
    const prefix = cutAtBoundary(text, Math.max(0, room));
    const length = renderedQuoteLength(prefix, marker.length) + ELLIPSIS.length;
    if (length <= max || room <= 0) return quoteBlock(prefix + ELLIPSIS, marker, continuation);
    room -= length - max;
  }
}

/**
 * Shares `budget` characters among items that want `wants[i]` each: small ones get all they want,
 * the rest split what is left evenly (water-filling), so one long quote cannot starve the others.
 */
export function shareBudget(wants: number[], budget: number): number[] {
  const order = wants.map((_, i) => i).sort((a, b) => wants[a]! - wants[b]!);
  const given = new Array<number>(wants.length).fill(0);
  let left = Math.max(0, budget);
  order.forEach((idx, k) => {
    const fair = Math.floor(left / (order.length - k));
    given[idx] = Math.min(wants[idx]!, fair);
    left -= given[idx]!;
  });
  return given;
}
