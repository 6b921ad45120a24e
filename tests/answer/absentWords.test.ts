// When Quoth abstains it names the question's words that no article holds, so the asker can tell
// "the library has nothing on this" from "the articles do not say". Every word it names must truly
// be missing from the collection, in any form the index joins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuothLibrary } from '../../src/core/library.ts';
import { absentNote } from '../../src/shared/absentNote.ts';
import { openTestLibrary, removeTempDirs } from '../helpers/library.ts';

const A = 'guild-alpha';
const B = 'guild-beta';

const A_TEXTS = [
  'The council president opened the new harbour wall on Monday. The wall cost 12 million pounds.',
  'George Lake, the harbour master, said the lake behind the dam began to rise in March.',
];

let lib: QuothLibrary;

beforeAll(async () => {
  ({ lib } = await openTestLibrary());
  for (const [i, text] of A_TEXTS.entries())
    await lib.ingestText({ text, title: `Harbour ${i}`, source: `a-${i}.txt` }, { collection: A });
  await lib.ingestText(
    { text: 'The president of France visited the volcano in Iceland.', source: 'b.txt' },
    { collection: B },
  );
});

afterAll(async () => {
  await lib?.close();
  await removeTempDirs();
});

describe('absent words when ask abstains', () => {
  it('names a name the collection never mentions, as the asker typed it', async () => {
    const r = await lib.ask('Who is the president of France?', { collection: A });
    expect(r.abstained).toBe(true);
    expect(r.absentWords).toEqual(['France']);
  });

  it('counts a name as a whole phrase, and its words only once', async () => {
    // "lake" and "George" occur, but never "Lake George".
    const r = await lib.ask('How deep is Lake George in winter?', { collection: A });
    expect(r.abstained).toBe(true);
    expect(r.absentWords).toEqual(['Lake George', 'winter', 'deep']);
  });

  it('names the three most telling (names, then rare words), never a word held in another form', async () => {
    const r = await lib.ask('Which volcanoes erupted near the walls in Iceland?', { collection: A });
    expect(r.abstained).toBe(true);
    // "near" is absent too, but commoner in English than the three named.
    expect(r.absentWords).toEqual(['Iceland', 'volcanoes', 'erupted']);
    // "begin" is held as "began" (an irregular form), "walls" as "wall".
    const began = await lib.ask('When did the flood begin to rise over the walls?', { collection: A });
    expect(began.absentWords ?? []).not.toContain('begin');
    expect(began.absentWords ?? []).not.toContain('walls');
  });

  it('reads only its own collection: a word held by another server is still absent here', async () => {
    const r = await lib.ask('What did the president say about the volcano?', { collection: A });
    expect(r.absentWords).toEqual(['volcano']);
    expect((await lib.ask('What did the president say about the volcano?', { collection: B })).absentWords).toBe(
      undefined,
    );
  });

  it('does not call a word absent that only a title holds (titles are not in the sentence index)', async () => {
    await lib.ingestText(
      { text: 'The storm closed the ferry port for two days.', title: 'Storm over Portsmouth', source: 'c.txt' },
      { collection: 'guild-gamma' },
    );
    const r = await lib.ask('Who is the mayor of Portsmouth?', { collection: 'guild-gamma' });
    expect(r.abstained).toBe(true);
    expect(r.absentWords).toEqual(['mayor']);
  });

  it('is given by a search that matches nothing, and left out when it matches', async () => {
    const none = await lib.search('zeppelin hangar', { collection: A });
    expect(none.results).toEqual([]);
    expect(none.absentWords).toEqual(['zeppelin', 'hangar']);
    expect((await lib.search('harbour wall', { collection: A })).absentWords).toBeUndefined();
  });

  it('is left out when every word occurs and the articles only do not answer', async () => {
    const r = await lib.ask('Why did the council president open the wall?', { collection: A });
    expect(r.absentWords).toBeUndefined();
  });
});

describe('absentNote', () => {
  it('quotes one, two or three words in a sentence', () => {
    expect(absentNote(undefined)).toBeNull();
    expect(absentNote([])).toBeNull();
    expect(absentNote(['France'])).toBe('No article mentions “France”.');
    expect(absentNote(['Tony Blair', 'Lake George'])).toBe('No article mentions “Tony Blair” or “Lake George”.');
    expect(absentNote(['a', 'b', 'c'])).toBe('No article mentions “a”, “b” or “c”.');
  });
});
