import { afterAll, describe, expect, it } from 'vitest';
import { wordForms } from '../../src/text/wordForms.ts';
import { expectVerbatim, openTestLibrary, removeTempDirs } from '../helpers/library.ts';

afterAll(removeTempDirs);

describe('wordForms', () => {
  it('joins an irregular verb’s base, past and participle, from any of them', () => {
    for (const w of ['begin', 'began', 'Begun']) expect([...wordForms(w)].sort()).toEqual(['began', 'begin', 'begun']);
    expect(wordForms('wrote')).toContain('written');
  });

  it('joins an irregular plural with its singular', () => {
    expect(wordForms('children')).toContain('child');
    expect(wordForms('women')).toContain('woman');
  });

  it('gives a regular word alone, lower-cased (Porter already joins its forms)', () => {
    expect(wordForms('Harbor')).toEqual(['harbor']);
    expect(wordForms('walked')).toEqual(['walked']);
  });
});

describe('irregular forms in answers', () => {
  it('quotes the sentence holding the question’s verb in another form', async () => {
    const { lib } = await openTestLibrary();
    try {
      // Both sentences hold "strike"; only the first says when it began, the second has a date
      // too, so without "begin" → "began" the answer-type check would prefer it.
      const text =
        'The strike began on a wet Monday morning at the main depot. ' +
        'The strike will end, the union said, when talks resume in June at the ministry.';
      await lib.ingestText({ text, source: 'strike.txt' });
      const answer = await lib.ask('When did the strike begin?', { quotes: 1 });
      expect(answer.abstained).toBe(false);
      expect(answer.quotes[0]!.text).toBe('The strike began on a wet Monday morning at the main depot.');
      expectVerbatim(lib, answer.quotes[0]!.articleId, answer.quotes[0]!);
    } finally {
      await lib.close();
    }
  });
});
