import { describe, expect, it } from 'vitest';
import { candidateMatches, candidateTerms, ftsTerm } from '../../src/retrieve/queryTerms.ts';

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

describe('ftsTerm', () => {
  it('is the quoted phrase for a word without irregular forms', () => {
    expect(ftsTerm('harbor')).toBe('"harbor"');
    expect(ftsTerm('a"b')).toBe('"a""b"');
  });

  it('matches any irregular form of the word', () => {
    const began = ftsTerm('began');
    expect(began).toMatch(/^\(.*\)$/);
    for (const form of ['"begin"', '"began"', '"begun"']) expect(began).toContain(form);
    expect(ftsTerm('children')).toMatch(/^\("child(ren)?" OR "child(ren)?"\)$/);
  });

  it('is not used for chunk retrieval, where irregular forms ranked chunks worse', () => {
    expect(candidateMatches(['children'], [])).toEqual(['"children"']);
  });
});
