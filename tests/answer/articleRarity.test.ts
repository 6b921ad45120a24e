import { describe, expect, it } from 'vitest';
import { addArticleRarity } from '../../src/answer/articleRarity.ts';
import type { ScoredSentence } from '../../src/answer/scoredSentence.ts';

let nextId = 1;
function sentence(articleRowid: number, idx: number, terms: string[]): ScoredSentence {
  return {
    id: nextId++,
    articleRowid,
    idx,
    start: idx * 100,
    end: idx * 100 + 50,
    coverage: 0,
    similarity: null,
    chunkScore: 1,
    chunkPart: 0,
    score: 0,
    terms: new Set(terms),
  };
}

// Collection weights: the article's topic word is the library's rarest, yet every sentence holds it.
const WEIGHTS: Record<string, number> = { festival: 3, media: 1, held: 1, event: 1 };
const weightOf = (t: string) => WEIGHTS[t] ?? 0;

describe('addArticleRarity', () => {
  it('favours the sentence holding a question word few of its article’s sentences hold', () => {
    const restates = sentence(1, 0, ['festival', 'media']);
    const answers = sentence(1, 3, ['festival', 'event', 'held']);
    const others = [sentence(1, 1, ['festival', 'media']), sentence(1, 2, ['festival'])];
    addArticleRarity([restates, answers, ...others], weightOf);
    expect(answers.score).toBeGreaterThan(restates.score);
    expect(restates.score).toBeGreaterThan(others[1]!.score);
    // The topic word every sentence holds adds almost nothing, however rare in the library.
    expect(others[1]!.score).toBeLessThan(0.001);
    for (const s of [restates, answers, ...others]) expect(s.score).toBeLessThanOrEqual(0.1);
  });

  it('judges each article’s sentences among themselves, and leaves sentences with no term as they were', () => {
    const a = sentence(1, 0, ['festival', 'held']);
    const b = sentence(1, 1, ['festival']);
    const elsewhere = sentence(2, 0, ['event']);
    const none = sentence(2, 1, []);
    none.score = 0.5;
    addArticleRarity([a, b, elsewhere, none], weightOf);
    // Article 2's only holder of a question word takes the whole share, whatever article 1 holds.
    expect(elsewhere.score).toBeCloseTo(0.1, 6);
    expect(none.score).toBe(0.5);
    expect(a.score).toBeGreaterThan(b.score);
  });

  it('adds nothing to sentences of an article none of whose candidates hold a question word', () => {
    const s = sentence(1, 0, []);
    addArticleRarity([s], weightOf);
    expect(s.score).toBe(0);
  });
});
