import { describe, expect, it } from 'vitest';
import { leadSentences, textRankSentences } from '../../bench/baselines/extractive.ts';

const spans = (n: number) => Array.from({ length: n }, (_, i) => ({ start: i * 10, end: i * 10 + 9 }));

describe('leadSentences', () => {
  it('takes the first k sentences', () => {
    expect(leadSentences(spans(5), 3)).toEqual(spans(3));
    expect(leadSentences(spans(2), 3)).toEqual(spans(2));
  });
});

describe('textRankSentences', () => {
  it('ranks the sentences that share words with many others first and returns them in article order', () => {
    const words = [
      ['weather', 'sunny'],
      ['oil', 'price', 'rise', 'opec'],
      ['football', 'score'],
      ['oil', 'price', 'fall'],
      ['opec', 'oil', 'price', 'output'],
      ['cat', 'dog'],
    ];
    expect(textRankSentences(spans(6), words, 2)).toEqual(
      [spans(6)[1], spans(6)[4]].sort((a, b) => a!.start - b!.start),
    );
  });

  it('returns every sentence when there are no more than k', () => {
    expect(textRankSentences(spans(2), [['a'], ['b']], 3)).toEqual(spans(2));
  });

  it('gives equal rank to unconnected sentences and keeps the earliest on ties', () => {
    const words = [['a'], ['b'], ['c'], ['d']];
    expect(textRankSentences(spans(4), words, 2)).toEqual(spans(2));
  });
});
