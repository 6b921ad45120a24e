import { describe, expect, it } from 'vitest';
import {
  MAX_MERGED_QUOTE,
  mergeNeighbours,
  mergesPastLimit,
  type PickedSentence,
} from '../../src/answer/quoteMerge.ts';

/** Sentence `idx` of article `article`, `length` characters long, laid end to end with a space between. */
function sentence(article: number, idx: number, length = 100, score = 1): PickedSentence {
  return { articleRowid: article, idx, start: idx * (length + 1), end: idx * (length + 1) + length, score };
}

describe('mergeNeighbours', () => {
  it('joins neighbouring sentences of one article into one quote, best group first', () => {
    const quotes = mergeNeighbours([sentence(1, 4, 100, 2), sentence(2, 0), sentence(1, 5), sentence(1, 3)]);
    expect(quotes).toEqual([
      { articleRowid: 1, start: 303, end: 605, score: 2 },
      { articleRowid: 2, start: 0, end: 100, score: 1 },
    ]);
  });

  it('keeps sentences of different articles or with a gap apart', () => {
    expect(mergeNeighbours([sentence(1, 0), sentence(1, 2), sentence(2, 1)])).toHaveLength(3);
  });
});

describe('mergesPastLimit', () => {
  it('refuses a sentence that would grow a quote past the limit, not one quoted alone', () => {
    const long = 400;
    const chosen = [sentence(1, 0, long), sentence(1, 1, long)];
    expect(mergesPastLimit(chosen, sentence(1, 2, long))).toBe(3 * long + 2 > MAX_MERGED_QUOTE);
    expect(mergesPastLimit(chosen, sentence(1, 2, long))).toBe(true);
    expect(mergesPastLimit(chosen, sentence(1, 4, 5 * long))).toBe(false);
    expect(mergesPastLimit(chosen, sentence(2, 2, long))).toBe(false);
    expect(mergesPastLimit([sentence(1, 0)], sentence(1, 1))).toBe(false);
  });
});
