import { describe, expect, it } from 'vitest';
import { candidateMatches, candidateTerms } from '../../src/retrieve/queryTerms.ts';

describe('candidateTerms', () => {
  const df: Record<string, number> = { wheat: 300, exports: 2500, said: 90000, china: 1200, zzz: 0 };
  const of = (t: string) => df[t]!;

  it('keeps every term when they fit the budget, in question order', () => {
    expect(candidateTerms(['said', 'wheat', 'china'], of, Number.POSITIVE_INFINITY)).toEqual([
      'said',
      'wheat',
      'china',
    ]);
  });

  it('leaves out the commonest terms past the budget, rarest first', () => {
    expect(candidateTerms(['said', 'wheat', 'exports', 'china', 'zzz'], of, 3000)).toEqual(['wheat', 'china', 'zzz']);
  });

  it('always keeps the rarest term, however common', () => {
    expect(candidateTerms(['said'], of, 10)).toEqual(['said']);
  });
});

describe('candidateMatches', () => {
  it('is one OR query when there are no common terms', () => {
    expect(candidateMatches(['wheat', 'china'], [])).toEqual(['"wheat" OR "china"']);
    expect(candidateMatches([], ['said'])).toEqual([]);
  });

  it('checks the common terms only against the rows of the rare ones', () => {
    expect(candidateMatches(['wheat'], ['said', 'exports'])).toEqual([
      '("wheat") AND ("said" OR "exports")',
      '"wheat"',
    ]);
  });
});
