import { describe, expect, it } from 'vitest';
import { candidateMatches, candidateTerms, ftsTerm, queryTerms } from '../../src/retrieve/queryTerms.ts';

describe('queryTerms', () => {
  it('keeps ordinals, decades and times, which wink does not tag as words', () => {
    expect(queryTerms('What was the name of the 50th Anniversary show?')).toEqual(['50th', 'anniversary', 'show']);
    expect(queryTerms('Which band played at 3pm in the 1990s?')).toEqual(['band', 'played', '3pm', '1990s']);
  });

  it('keeps British spellings as typed (wink would respell them the American way)', () => {
    expect(queryTerms('What did the Labour party promise for the town centre?')).toEqual([
      'labour',
      'party',
      'promise',
      'town',
      'centre',
    ]);
  });

  it('keeps stop words that tell passages apart, and drops the rest', () => {
    expect(queryTerms('Who was the first president?')).toEqual(['first', 'president']);
    expect(queryTerms('What is the name of the last one?')).toEqual(['last']);
  });
});

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
