// Question terms matched in candidate sentences through the library's own tokenizer, except the
// second word of a compound whose prefix makes it another thing (a vice-president is not the
// president), unless the question uses that prefix itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { termHits } from '../../src/answer/termHits.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { makeTempDir, removeTempDirs } from '../helpers/library.ts';

let store: LibraryStore;
beforeAll(async () => {
  store = LibraryStore.open(await makeTempDir());
});
afterAll(async () => {
  store.close();
  await removeTempDirs();
});

const SENTENCES = [
  { id: 1, text: '"Pay-TV will slow in France," said Henri Roux, vice-president of the Oslo consultancy.' },
  { id: 2, text: 'The president of the council said the wall was cracking.' },
  { id: 3, text: 'Admission is free for residents. Non-residents pay $14, and the ex-president pays nothing.' },
];

const held = (question: string, terms: string[]) => {
  const hits = termHits(store, terms, SENTENCES, question);
  return SENTENCES.map((s) => [...(hits.get(s.id) ?? [])].sort());
};

describe('termHits', () => {
  it('matches word forms as the index does ("crack" in "cracking")', () => {
    expect(held('Why did the wall crack?', ['wall', 'crack'])[1]).toEqual(['crack', 'wall']);
  });

  it('does not read "vice-president" or "ex-president" as the president', () => {
    expect(held('Who is the president of France?', ['president', 'france'])).toEqual([['france'], ['president'], []]);
  });

  it('matches the compound when the question uses its prefix, hyphenated or not', () => {
    for (const q of ['Who is the vice-president of the Oslo consultancy?', 'Who is the vice president at Oslo?'])
      expect(held(q, ['vice', 'president'])[0], q).toEqual(['president', 'vice']);
    expect(held('How much do non-residents pay?', ['non', 'residents'])[2]).toEqual(['non', 'residents']);
  });

  it('keeps a plain word beside such a compound ("residents" before "Non-residents")', () => {
    expect(held('Do residents pay?', ['residents'])[2]).toEqual(['residents']);
  });
});
