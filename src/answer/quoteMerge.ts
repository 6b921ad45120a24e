import type { Span } from '../shared/types.ts';

/** A chosen sentence, as merging needs it. */
export interface PickedSentence extends Span {
  articleRowid: number;
  idx: number;
  score: number;
}

export interface QuoteSpan extends Span {
  articleRowid: number;
  score: number;
}

/**
 * A merged quote stops growing at this many characters. A Discord answer shows all its quotes in
 * one 4,096-character embed, so one quote of several long sentences leaves the others cut. SQuAD
 * public, lexical, all questions: 251 characters a quote instead of 252 (REPEAT_SCORE 0.7) and 259
 * instead of 260 (0.65), hit@1 and hit@3 unchanged; 850 shortened them to 256 and lost 0.1 point
 * of hit@1, 700 0.2 point, 500 1.1 points.
 */
export const MAX_MERGED_QUOTE = 1000;

/**
 * Whether `s` would join a run of chosen sentences of its article and make that quote longer than
 * MAX_MERGED_QUOTE characters. A sentence quoted on its own is never refused for its length.
 */
export function mergesPastLimit(chosen: PickedSentence[], s: PickedSentence): boolean {
  const byIdx = new Map(chosen.filter((c) => c.articleRowid === s.articleRowid).map((c) => [c.idx, c]));
  if (!byIdx.has(s.idx - 1) && !byIdx.has(s.idx + 1)) return false;
  let start = s.start;
  let end = s.end;
  for (let i = s.idx - 1; byIdx.has(i); i--) start = Math.min(start, byIdx.get(i)!.start);
  for (let i = s.idx + 1; byIdx.has(i); i++) end = Math.max(end, byIdx.get(i)!.end);
  return end - start > MAX_MERGED_QUOTE;
}

/** Neighbouring sentences of one article merge into one quote, keeping the best-first order of the groups. */
export function mergeNeighbours(chosen: PickedSentence[]): QuoteSpan[] {
  const quotes: (QuoteSpan & { firstIdx: number; lastIdx: number })[] = [];
  for (const s of chosen) {
    const joined = quotes.find(
      (q) => q.articleRowid === s.articleRowid && (q.firstIdx === s.idx + 1 || q.lastIdx === s.idx - 1),
    );
    if (joined) {
      joined.start = Math.min(joined.start, s.start);
      joined.end = Math.max(joined.end, s.end);
      joined.firstIdx = Math.min(joined.firstIdx, s.idx);
      joined.lastIdx = Math.max(joined.lastIdx, s.idx);
      continue;
    }
    quotes.push({
      articleRowid: s.articleRowid,
      start: s.start,
      end: s.end,
      score: s.score,
      firstIdx: s.idx,
      lastIdx: s.idx,
    });
  }
  return quotes.map(({ articleRowid, start, end, score }) => ({ articleRowid, start, end, score: round(score) }));
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
