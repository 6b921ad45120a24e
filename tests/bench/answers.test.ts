import { describe, expect, it } from 'vitest';
import {
  containsAnswer,
  locateParagraphs,
  RankingTally,
  scorePassages,
  type Gold,
} from '../../bench/metrics/answers.ts';

const text = 'Alpha paragraph about oil.\n\nThe 1973 crisis began in October 1973.\n\nPrices  rose to $12.';
const gold: Gold = { article: 'a', answers: ['October 1973', 'October'], paragraph: { start: 28, end: 67 } };
const passage = (start: number, end: number, article = 'a') => ({ article, start, end, text: text.slice(start, end) });

describe('answer scoring', () => {
  it('matches answers case- and whitespace-insensitively', () => {
    expect(containsAnswer('began in  OCTOBER\n1973.', ['October 1973'])).toBe(true);
    expect(containsAnswer('began in 1973.', ['October 1973'])).toBe(false);
    expect(containsAnswer('anything', [''])).toBe(false);
  });

  it('scores hit@1, hit@3, recall@5 and reciprocal rank over a ranked list', () => {
    const miss = passage(0, 26);
    const hit = passage(28, 67);
    expect(scorePassages([hit], gold)).toEqual({ hit1: true, hit3: true, recall5: true, reciprocalRank5: 1 });
    expect(scorePassages([miss, miss, hit], gold)).toEqual({
      hit1: false,
      hit3: true,
      recall5: true,
      reciprocalRank5: 1 / 3,
    });
    expect(scorePassages([miss, miss, miss, miss, hit], gold)).toEqual({
      hit1: false,
      hit3: false,
      recall5: true,
      reciprocalRank5: 1 / 5,
    });
    expect(scorePassages([miss, miss, miss, miss, miss, hit], gold)).toEqual({
      hit1: false,
      hit3: false,
      recall5: false,
      reciprocalRank5: 0,
    });
  });

  it('counts paragraph overlap only within the same article', () => {
    expect(scorePassages([passage(30, 40, 'b')], gold).recall5).toBe(false);
    // A passage that only touches the paragraph's edge does not overlap it.
    expect(scorePassages([passage(20, 28)], gold).recall5).toBe(false);
    expect(scorePassages([passage(20, 29)], gold).recall5).toBe(true);
  });

  it('tallies rates, abstentions and passage lengths', () => {
    const tally = new RankingTally();
    tally.add([passage(28, 67)], gold);
    tally.add([], gold, true);
    const s = tally.summary();
    expect(s).toMatchObject({
      questions: 2,
      hit1: 0.5,
      hit3: 0.5,
      recall5: 0.5,
      mrr5: 0.5,
      abstention: 0.5,
      meanPassageChars: 39,
      meanPassages: 0.5,
    });
  });
});

describe('locateParagraphs', () => {
  it('finds paragraphs verbatim and through changed whitespace', () => {
    const paragraphs = ['Alpha paragraph about oil.', 'The 1973 crisis began in October 1973.', 'Prices rose\nto $12.'];
    const spans = locateParagraphs(text, paragraphs);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual([
      'Alpha paragraph about oil.',
      'The 1973 crisis began in October 1973.',
      'Prices  rose to $12.',
    ]);
  });

  it('keeps paragraphs in order when the same text repeats', () => {
    const spans = locateParagraphs('Same.\n\nSame.', ['Same.', 'Same.']);
    expect(spans).toEqual([
      { start: 0, end: 5 },
      { start: 7, end: 12 },
    ]);
  });

  it('throws when a paragraph is missing', () => {
    expect(() => locateParagraphs(text, ['Not there at all.'])).toThrow(/not in the stored text/);
  });
});

describe('locateParagraphs with normalized text', () => {
  it('finds a paragraph whose zero-width spaces were removed on ingest', () => {
    const stored = 'First.\n\nThe English model—many leaders—but conformed.';
    const spans = locateParagraphs(stored, [
      'First.',
      'The English model—\u200b\u200bmany leaders—\u200bbut  conformed.',
    ]);
    expect(stored.slice(spans[1]!.start, spans[1]!.end)).toBe('The English model—many leaders—but conformed.');
  });
});
