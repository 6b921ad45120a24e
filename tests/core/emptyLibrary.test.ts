// A server's library before its first article: ask and search say there is nothing yet (front ends
// add how to add one) rather than "not found", and stop saying so once an article is in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuothLibrary } from '../../src/core/library.ts';
import { NO_ARTICLES_ANSWER, NOT_FOUND_ANSWER } from '../../src/core/questions.ts';
import { openTestLibrary, removeTempDirs } from '../helpers/library.ts';

const TEXT =
  'Brackwater Chess Club Crowns a New Champion\n\n' +
  'Ines Okoro won the Brackwater open chess tournament on Sunday, beating the defending champion in the final round. ' +
  'The tournament drew 112 players from nine countries.';

afterAll(removeTempDirs);

describe.each(['lexical', 'tiny'] as const)('an empty library (%s)', (model) => {
  let lib: QuothLibrary;

  beforeAll(async () => {
    ({ lib } = await openTestLibrary({ model }));
  });

  afterAll(async () => {
    await lib.close();
  });

  it('says it has no articles, then answers once one is added', async () => {
    const empty = await lib.ask('Who won the chess tournament?');
    expect(empty).toMatchObject({ abstained: true, answer: NO_ARTICLES_ANSWER, quotes: [], noArticles: true });
    const search = await lib.search('chess');
    expect(search).toMatchObject({ results: [], noArticles: true });

    expect((await lib.ingestText({ text: TEXT, source: 'chess.txt' })).added).toBe(1);
    const answered = await lib.ask('Who won the chess tournament?');
    expect(answered.abstained).toBe(false);
    expect(answered.noArticles).toBeUndefined();
    expect(answered.answer).toContain('Ines Okoro won');
    const found = await lib.search('chess');
    expect(found.results).toHaveLength(1);
    expect(found.noArticles).toBeUndefined();
    // A question the article does not answer is "not found", not "no articles".
    const missing = await lib.ask('Who is the president of France?');
    expect(missing).toMatchObject({ abstained: true, answer: NOT_FOUND_ANSWER });
    expect(missing.noArticles).toBeUndefined();
  });

  it('is judged per collection: another server with articles does not count', async () => {
    const other = await lib.ask('Who won the chess tournament?', { collection: 'guild-without-articles' });
    expect(other.noArticles).toBe(true);
    expect((await lib.search('chess', { collection: 'guild-without-articles' })).noArticles).toBe(true);
  });
});
