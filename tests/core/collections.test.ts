// Each Discord server gets its own collection: nothing of collection A may surface in B.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuothError } from '../../src/shared/errors.ts';
import type { QuothLibrary } from '../../src/core/library.ts';
import { loadSampleQuestions, openTestLibrary, removeTempDirs, SAMPLES_DIR } from '../helpers/library.ts';

const A = 'guild-alpha';
const B = 'guild-beta';

const BETA_TEXT =
  'Brackwater Chess Club Crowns a New Champion\n\n' +
  'Ines Okoro won the Brackwater open chess tournament on Sunday, beating the defending champion in the final round. ' +
  'The tournament drew 112 players from nine countries. Okoro said she had prepared for six months.';

async function expectNotFound(work: () => unknown): Promise<void> {
  let err: unknown;
  try {
    await work();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(QuothError);
  expect((err as QuothError).code).toBe('not_found');
}

afterAll(removeTempDirs);

describe('collection isolation (hybrid)', () => {
  let lib: QuothLibrary;
  let dataDir: string;
  let alphaIds: string[];
  let betaId: string;

  beforeAll(async () => {
    ({ lib, dataDir } = await openTestLibrary({ model: 'tiny' }));
    expect((await lib.ingest([SAMPLES_DIR], { collection: A })).added).toBe(6);
    const beta = await lib.ingestText({ text: BETA_TEXT, source: 'discord:attachment/chess.txt' }, { collection: B });
    expect(beta.added).toBe(1);
    betaId = beta.articleIds[0]!;
    alphaIds = lib.list({ collection: A }).map((a) => a.articleId);
  });

  afterAll(() => lib?.close());

  it('lists and finds only the collection’s own articles', () => {
    expect(lib.list({ collection: B }).map((a) => a.articleId)).toEqual([betaId]);
    expect(lib.list({ collection: A })).toHaveLength(6);
    expect(lib.list()).toEqual([]);
    expect(lib.list({ collection: A }).every((a) => a.collection === A)).toBe(true);
    expect(lib.findArticles('', { collection: B }).map((a) => a.articleId)).toEqual([betaId]);
    expect(lib.findArticles('harbor', { collection: B })).toEqual([]);
    expect(lib.findArticles('harbor', { collection: A })).toHaveLength(1);
    expect(lib.findArticles('chess', { collection: A })).toEqual([]);
  });

  it('answers in B never quote A, and the reverse', async () => {
    for (const q of await loadSampleQuestions()) {
      const inB = await lib.ask(q.question, { collection: B });
      expect(inB.quotes.every((x) => x.articleId === betaId)).toBe(true);
      const inA = await lib.ask(q.question, { collection: A });
      expect(inA.quotes.every((x) => alphaIds.includes(x.articleId))).toBe(true);
    }
    const chess = await lib.ask('Who won the Brackwater open chess tournament?', { collection: A });
    expect(chess.abstained).toBe(true);
    const chessInB = await lib.ask('Who won the Brackwater open chess tournament?', { collection: B });
    expect(chessInB.quotes[0]!.text).toContain('Ines Okoro won the Brackwater open chess tournament');
  });

  it('search in B never returns A, and the reverse', async () => {
    const inB = await lib.search('flood wall council vote', { collection: B, limit: 50 });
    expect(inB.results.every((r) => r.articleId === betaId)).toBe(true);
    const inA = await lib.search('chess tournament champion', { collection: A, limit: 50 });
    expect(inA.results.map((r) => r.articleId)).not.toContain(betaId);
  });

  it('get, summarize, ask --article and remove refuse an id of another collection', async () => {
    const alphaId = alphaIds[0]!;
    await expectNotFound(() => lib.get(alphaId, { collection: B }));
    await expectNotFound(() => lib.get(betaId, { collection: A }));
    await expectNotFound(() => lib.summarize(alphaId, { collection: B }));
    await expectNotFound(() => lib.ask('How much did it cost?', { collection: B, articleId: alphaId }));
    await expectNotFound(() => lib.remove(alphaId, { collection: B }));
    expect(lib.list({ collection: A })).toHaveLength(6);
  });

  it('keeps one vector index file per collection, with its own counts', () => {
    expect(existsSync(path.join(dataDir, `vectors-${A}.hnsw`))).toBe(true);
    expect(existsSync(path.join(dataDir, `vectors-${B}.hnsw`))).toBe(true);
    const statsA = lib.stats({ collection: A });
    const statsB = lib.stats({ collection: B });
    expect(statsA).toMatchObject({ collection: A, articles: 6, mode: 'hybrid' });
    expect(statsB).toMatchObject({ collection: B, articles: 1, mode: 'hybrid' });
    expect(statsA.vectors).toBe(statsA.chunks);
    expect(statsB.vectors).toBe(statsB.chunks);
  });

  it('the same file in two collections is added to each, not "unchanged"', async () => {
    const report = await lib.ingest([path.join(SAMPLES_DIR, 'valley-line-rail-strike.txt')], { collection: B });
    expect(report).toMatchObject({ added: 1, unchanged: 0 });
    const inB = await lib.ask('How many passengers use the Valley Line on a weekday?', { collection: B });
    expect(inB.quotes.every((x) => lib.list({ collection: B }).some((a) => a.articleId === x.articleId))).toBe(true);
    expect(lib.list({ collection: A })).toHaveLength(6);
  });

  it('removing from one collection leaves the other alone', async () => {
    const valleyB = lib.list({ collection: B }).find((a) => a.source.endsWith('valley-line-rail-strike.txt'))!;
    await lib.remove(valleyB.articleId, { collection: B });
    expect(lib.list({ collection: B }).map((a) => a.articleId)).toEqual([betaId]);
    expect(lib.list({ collection: A }).some((a) => a.source.endsWith('valley-line-rail-strike.txt'))).toBe(true);
    const inA = await lib.ask('How many passengers use the Valley Line on a weekday?', { collection: A });
    expect(inA.quotes[0]!.text).toContain('58,000 passengers');
  });

  it('refuses a collection name that is not a safe file name', async () => {
    for (const bad of ['../etc', 'a/b', '', 'x'.repeat(65), 'with space']) {
      expect(() => lib.list({ collection: bad })).toThrow(QuothError);
    }
    await expect(lib.ask('What?', { collection: '../x' })).rejects.toThrow(/is not a valid collection name/);
  });
});
