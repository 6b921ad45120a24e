// Misspelled words of a question are read as the closest word of the asker's own collection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuothLibrary } from '../../src/core/library.ts';
import { correctSpelling } from '../../src/core/questionSpelling.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { expectVerbatim, openTestLibrary, removeTempDirs, SAMPLES_DIR } from '../helpers/library.ts';

const A = 'guild-alpha';
const B = 'guild-beta';
const CHESS =
  'Brackwater Chess Club Crowns a New Champion\n\n' +
  'Ines Okoro won the Brackwater open chess tournament on Sunday, beating the defending champion in the final round. ' +
  'The tournament drew 112 players from nine countries. Okoro said she had prepared for six months.';

let lib: QuothLibrary;
let dataDir: string;
let store: LibraryStore;

beforeAll(async () => {
  ({ lib, dataDir } = await openTestLibrary());
  await lib.ingest([SAMPLES_DIR], { collection: A });
  await lib.ingestText({ text: CHESS, source: 'discord:attachment/chess.txt' }, { collection: B });
  store = LibraryStore.open(dataDir, { readonly: true });
});

afterAll(async () => {
  store.close();
  await lib.close();
  await removeTempDirs();
});

describe('correctSpelling', () => {
  it("reads a misspelled name as the collection's word, keeping the question's capitals", () => {
    expect(correctSpelling(store, A, 'What did Okafr say about the wall?')).toEqual({
      text: 'What did Okafor say about the wall?',
      corrections: [{ from: 'okafr', to: 'Okafor' }],
    });
    expect(correctSpelling(store, A, 'when did MILLBROK win the cup?').text).toBe('when did MILLBROOK win the cup?');
    expect(correctSpelling(store, A, 'who is kowalcyzk?').text).toBe('who is kowalczyk?');
  });

  it('leaves words the collection holds, common English words and short words alone', () => {
    for (const question of ['Who is the president of France?', 'What about the jingle?'])
      expect(correctSpelling(store, A, question).corrections, question).toEqual([]);
    expect(correctSpelling(store, A, 'Who won the cup?').corrections).toEqual([]);
    expect(correctSpelling(store, A, 'What did Abra score?').corrections).toEqual([]);
  });

  it("never borrows another collection's words", () => {
    expect(correctSpelling(store, B, 'Who is Kowalcyzk?').corrections).toEqual([]);
    expect(correctSpelling(store, B, 'What did Okorro say?').text).toBe('What did Okoro say?');
    expect(correctSpelling(store, A, 'What did Okorro say?').corrections).toEqual([]);
  });
});

describe('ask and search with a misspelled name', () => {
  it('quotes the article about the name it meant', async () => {
    const result = await lib.ask('What did Kowalcyzk watch on the bus?', { collection: A });
    expect(result.abstained).toBe(false);
    expect(result.question).toBe('What did Kowalcyzk watch on the bus?');
    expect(result.corrections).toEqual([{ from: 'kowalcyzk', to: 'Kowalczyk' }]);
    expect(result.quotes[0]!.text).toContain('I watched every penalty they took this season on my phone on the bus');
    expectVerbatim(lib, result.quotes[0]!.articleId, result.quotes[0]!, A);
  });

  it('finds the article in search too', async () => {
    const { results, corrections } = await lib.search('Kowalcyzk', { collection: A });
    expect(results[0]?.title).toMatch(/Millbrook Rovers/);
    expect(corrections).toEqual([{ from: 'kowalcyzk', to: 'Kowalczyk' }]);
    expect((await lib.search('Kowalczyk', { collection: A })).corrections).toBeUndefined();
  });

  it('reads a word the collection gained after the last question (the vocabulary follows writes)', async () => {
    expect((await lib.ask('What did Vandermolen say?', { collection: B })).corrections).toBeUndefined();
    const text = 'Brackwater Arbiter Speaks\n\nThe arbiter, Piet Vandermeulen, said the final round ran smoothly.';
    await lib.ingestText({ text, source: 'discord:attachment/arbiter.txt' }, { collection: B });
    const result = await lib.ask('What did Vandermolen say?', { collection: B });
    expect(result.corrections).toEqual([{ from: 'vandermolen', to: 'Vandermeulen' }]);
    expect(result.quotes[0]?.text).toContain('said the final round ran smoothly');
  });

  it('answers in the spelling the collection uses, British or American', async () => {
    const C = 'guild-gamma';
    const text =
      'Ashvale Election Result\n\nThe Labour party held the seat with a promise to reopen the town centre library. ' +
      'Its banner colour was red. Turnout rose to 61 per cent.';
    await lib.ingestText({ text, source: 'discord:attachment/election.txt' }, { collection: C });
    const british = await lib.ask('What did the Labour party promise for the town centre?', { collection: C });
    expect(british.corrections).toBeUndefined();
    expect(british.quotes[0]?.text).toContain('a promise to reopen the town centre library');
    const D = 'guild-delta';
    const american = 'Ashvale Flag Day\n\nThe color of the new flag is green. It was raised at noon.';
    await lib.ingestText({ text: american, source: 'discord:attachment/flag.txt' }, { collection: D });
    const asked = await lib.ask('What colour is the new flag?', { collection: D });
    expect(asked.corrections).toEqual([{ from: 'colour', to: 'color' }]);
    expect(asked.quotes[0]?.text).toBe('The color of the new flag is green.');
    // And the other way: an American question over a British article.
    const american2 = await lib.ask('What color was the banner of the Labor party?', { collection: C });
    expect(american2.corrections).toEqual([
      { from: 'color', to: 'colour' },
      { from: 'labor', to: 'labour' },
    ]);
    expect(american2.quotes[0]?.text).toContain('Its banner colour was red.');
    expectVerbatim(lib, american2.quotes[0]!.articleId, american2.quotes[0]!, C);
  });
});
