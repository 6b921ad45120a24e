import { describe, expect, it } from 'vitest';
import { chunkCoverage } from '../../src/answer/chunkCoverage.ts';

const WEIGHTS: Record<string, number> = { ferry: 3, soup: 2, children: 1 };
const weightOf = (terms: Set<string>) => [...terms].reduce((a, t) => a + WEIGHTS[t]!, 0) / 6;

describe('chunkCoverage', () => {
  it('weighs the question terms a chunk holds between its sentences, as coverage weighs them', () => {
    const terms = new Map([
      [1, new Set(['ferry'])],
      [2, new Set(['soup'])],
      [3, new Set(['children'])],
    ]);
    const coverage = chunkCoverage([[1, 2], [3], [4]], terms, weightOf);
    expect(coverage.get(1)).toBeCloseTo(5 / 6, 9);
    expect(coverage.get(2)).toBeCloseTo(5 / 6, 9);
    expect(coverage.get(3)).toBeCloseTo(1 / 6, 9);
    expect(coverage.get(4)).toBe(0);
  });

  it('gives a sentence in two chunks the better one', () => {
    const terms = new Map([
      [1, new Set(['children'])],
      [2, new Set(['ferry', 'soup'])],
    ]);
    const coverage = chunkCoverage([[1], [1, 2]], terms, weightOf);
    expect(coverage.get(1)).toBe(1);
    expect(coverage.get(2)).toBe(1);
  });

  it('is 0 everywhere when no chunk holds a question term', () => {
    expect([...chunkCoverage([[1, 2]], new Map(), weightOf).values()]).toEqual([0, 0]);
  });
});
