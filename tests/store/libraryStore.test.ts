import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { QuothError } from '../../src/shared/errors.ts';
import { LibraryStore, type ArticleInput } from '../../src/store/libraryStore.ts';
import { chunkArticle } from '../../src/text/chunkArticle.ts';
import { splitSentences } from '../../src/text/splitSentences.ts';
import { makeTempDir, removeTempDirs } from '../helpers/library.ts';

const words = (t: string) => t.split(/\s+/).filter(Boolean).length;

function article(overrides: Partial<ArticleInput> & Pick<ArticleInput, 'id' | 'source' | 'text'>): ArticleInput {
  return {
    collection: 'default',
    title: 'A title',
    url: null,
    byline: null,
    publishedAt: null,
    contentHash: `hash-of-${overrides.text}`,
    ...overrides,
  };
}

/** Writes an article the way the library does: sentences, then chunks of at most 12 words. */
function write(store: LibraryStore, input: ArticleInput, replaceRowid: number | null = null) {
  const sentences = splitSentences(input.text);
  const chunks = chunkArticle(input.text, sentences, words, 12);
  return { ...store.writeArticle(input, sentences, chunks, replaceRowid), sentences, chunks };
}

const FIRST =
  'The ferry to Elsmere leaves at dawn. Its captain, Mr. Okafor, has sailed the route for twenty years. ' +
  'Passengers praise the kelp soup served on board. The return trip departs at dusk.';
const SECOND =
  'The ferry to Elsmere now leaves at noon. Its captain, Mr. Okafor, has sailed the route for twenty years. ' +
  'The galley serves lentil stew instead. The return trip departs at midnight.';

afterAll(removeTempDirs);

describe('LibraryStore on a real SQLite file', () => {
  let dir: string;
  let store: LibraryStore;

  beforeEach(async () => {
    store?.close();
    dir = await makeTempDir('quoth-store-');
    store = LibraryStore.open(dir);
  });

  afterAll(() => store?.close());

  it('creates quoth.db in the data directory (and the directory itself)', async () => {
    const nested = path.join(await makeTempDir('quoth-store-'), 'not', 'yet', 'there');
    const s = LibraryStore.open(nested);
    expect(s.file).toBe(path.join(nested, 'quoth.db'));
    expect(existsSync(s.file)).toBe(true);
    s.close();
  });

  it('refuses a data directory that cannot be created, with a one-line storage error', async () => {
    const file = path.join(await makeTempDir('quoth-store-'), 'a-file');
    await writeFile(file, 'not a folder');
    let err: unknown;
    try {
      LibraryStore.open(path.join(file, 'data'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QuothError);
    expect((err as QuothError).code).toBe('storage');
    expect((err as QuothError).message).toMatch(/is not writable/);
    expect((err as QuothError).message).not.toContain('\n');
  });

  it('stores an article with its text, sentences and chunks, and finds its chunks by BM25', () => {
    const w = write(store, article({ id: 'a1', source: '/x/ferry.txt', text: FIRST, title: 'Ferry' }));
    expect(store.articleText(w.rowid)).toBe(FIRST);
    const rows = store.sentencesOfArticle(w.rowid);
    expect(rows.map((r) => [r.start, r.end])).toEqual(w.sentences.map((s) => [s.start, s.end]));
    expect(store.articleById('default', 'a1')).toMatchObject({
      id: 'a1',
      title: 'Ferry',
      source: '/x/ferry.txt',
      chunks: w.chunks.length,
    });
    const hits = store.searchChunks('default', '"kelp"', 10);
    expect(hits.length).toBeGreaterThan(0);
    const chunk = store.chunksByIds(hits.map((h) => h.id)).get(hits[0]!.id)!;
    expect(FIRST.slice(chunk.start, chunk.end)).toContain('kelp soup');
    // The porter tokenizer matches other forms of a word.
    expect(store.searchChunks('default', '"sail"', 10).length).toBeGreaterThan(0);
  });

  it('ranks a title hit with the body hits', () => {
    write(
      store,
      article({
        id: 'a1',
        source: '/x/1.txt',
        text: 'A quiet day in the harbour.',
        title: 'Lighthouse keeper retires',
      }),
    );
    write(store, article({ id: 'a2', source: '/x/2.txt', text: 'Nothing about it here at all.', title: 'Other news' }));
    const hits = store.searchChunks('default', '"lighthouse"', 10);
    expect(hits).toHaveLength(1);
    expect(store.chunksByIds([hits[0]!.id]).get(hits[0]!.id)!.article_rowid).toBe(
      store.articleById('default', 'a1')!.rowid,
    );
  });

  it('replaces an article in one transaction: old chunks, sentences and FTS rows go', () => {
    const first = write(store, article({ id: 'a1', source: '/x/ferry.txt', text: FIRST }));
    const addedAt = store.articleById('default', 'a1')!.added_at;
    const second = write(store, article({ id: 'a1', source: '/x/ferry.txt', text: SECOND }), first.rowid);

    expect(second.removedChunkIds.sort()).toEqual(first.chunkIds.sort());
    // SQLite may hand the freed ids to the new rows; whatever holds them now is the new version.
    const all = store.chunksByIds([...first.chunkIds, ...second.chunkIds]);
    expect([...all.values()].every((c) => c.article_rowid === second.rowid)).toBe(true);
    expect(all.size).toBe(second.chunkIds.length);
    expect(store.listArticles('default')).toHaveLength(1);
    expect(store.articleById('default', 'a1')!.added_at).toBe(addedAt);
    expect(store.articleText(second.rowid)).toBe(SECOND);

    // Words only the old version had are gone from both full-text indexes.
    expect(store.searchChunks('default', '"kelp"', 10)).toEqual([]);
    expect(store.stats.docFreq('default', '"kelp"')).toBe(0);
    expect(store.searchChunks('default', '"lentil"', 10).length).toBeGreaterThan(0);
    expect(store.stats.docFreq('default', '"lentil"')).toBe(1);
    // Shared words are indexed once, for the new version only.
    expect(store.stats.docFreq('default', '"captain"')).toBe(1);
    expect(store.stats.sentenceCount('default')).toBe(second.sentences.length);
  });

  it('deletes an article and everything derived from it', () => {
    const a = write(store, article({ id: 'a1', source: '/x/1.txt', text: FIRST }));
    const b = write(store, article({ id: 'a2', source: '/x/2.txt', text: SECOND }));
    const removed = store.deleteArticle(a.rowid);
    expect(removed.sort()).toEqual(a.chunkIds.sort());
    expect(store.articleByRowid(a.rowid)).toBeUndefined();
    expect(store.sentencesOfArticle(a.rowid)).toEqual([]);
    expect(store.searchChunks('default', '"kelp"', 10)).toEqual([]);
    expect(store.stats.docFreq('default', '"dawn"')).toBe(0);
    expect(store.articleText(b.rowid)).toBe(SECOND);
    expect(() => store.articleText(a.rowid)).toThrow(QuothError);
  });

  it('keeps vectors as exact float32 blobs and lists them per collection', () => {
    const a = write(store, article({ id: 'a1', source: '/x/1.txt', text: FIRST }));
    const b = write(store, article({ id: 'b1', source: '/x/1.txt', text: SECOND, collection: 'other' }));
    const vec = (seed: number) => Float32Array.from({ length: 8 }, (_, i) => Math.sin(seed * 10 + i) / 3);
    store.setChunkVectors(
      a.chunkIds,
      a.chunkIds.map((id) => vec(id)),
    );
    store.setChunkVectors(
      b.chunkIds,
      b.chunkIds.map((id) => vec(id)),
    );

    const listed = [...store.iterateVectors('default')];
    expect(listed.map((v) => v.id)).toEqual([...a.chunkIds].sort((x, y) => x - y));
    for (const { id, vector } of listed) expect(Array.from(vector)).toEqual(Array.from(vec(id)));
    expect(
      store
        .chunkVectorsOfArticle(b.rowid)
        .map((v) => v.id)
        .sort(),
    ).toEqual([...b.chunkIds].sort());
    expect(store.chunksWithoutVectors()).toBe(0);

    store.clearVectors();
    expect([...store.iterateVectors('default')]).toEqual([]);
    expect(store.chunksWithoutVectors('other')).toBe(b.chunkIds.length);
  });

  it('keeps collections apart: the same source in two collections, BM25 per collection', () => {
    write(store, article({ id: 'a1', source: '/x/ferry.txt', text: FIRST, collection: 'one' }));
    write(store, article({ id: 'a1', source: '/x/ferry.txt', text: SECOND, collection: 'two' }));
    expect(store.searchChunks('one', '"lentil"', 10)).toEqual([]);
    expect(store.searchChunks('two', '"kelp"', 10)).toEqual([]);
    expect(store.searchChunks('two', '"lentil"', 10).length).toBeGreaterThan(0);
    expect(store.listArticles('one').map((r) => r.collection)).toEqual(['one']);
    expect(store.collections()).toEqual(['one', 'two']);
    expect(store.articleBySource('one', '/x/ferry.txt')!.content_hash).toBe(`hash-of-${FIRST}`);
  });

  it('finds articles by unique id prefix and by content hash within a collection', () => {
    write(store, article({ id: 'abc123', source: '/x/1.txt', text: FIRST }));
    write(store, article({ id: 'abd456', source: '/x/2.txt', text: SECOND }));
    expect(store.articlesByIdPrefix('default', 'abc').map((r) => r.id)).toEqual(['abc123']);
    expect(store.articlesByIdPrefix('default', 'ab')).toHaveLength(2);
    expect(store.articleByHash('default', `hash-of-${SECOND}`)!.id).toBe('abd456');
    expect(store.articleByHash('other', `hash-of-${SECOND}`)).toBeUndefined();
    expect(store.idTaken('default', 'abc123')).toBe(true);
    expect(store.idTaken('other', 'abc123')).toBe(false);
  });

  it('keeps meta values and persists everything across a reopen', () => {
    write(store, article({ id: 'a1', source: '/x/1.txt', text: FIRST }));
    store.setMeta('embedding_model', 'some-model');
    store.setMeta('gone', 'x');
    store.setMeta('gone', null);
    store.close();
    store = LibraryStore.open(dir);
    expect(store.getMeta('embedding_model')).toBe('some-model');
    expect(store.getMeta('gone')).toBeNull();
    expect(store.listArticles('default').map((a) => a.id)).toEqual(['a1']);
    expect(store.searchChunks('default', '"kelp"', 10).length).toBeGreaterThan(0);
  });

  it('counts the articles, chunks and vectors of a collection', () => {
    const a = write(store, article({ id: 'a1', source: '/x/1.txt', text: FIRST }));
    write(store, article({ id: 'b1', source: '/x/1.txt', text: SECOND, collection: 'other' }));
    store.setChunkVectors(a.chunkIds.slice(0, 1), [new Float32Array(4).fill(0.5)]);
    expect(store.counts('default')).toEqual({ articles: 1, chunks: a.chunks.length, vectors: 1 });
    expect(store.counts('empty')).toEqual({ articles: 0, chunks: 0, vectors: 0 });
  });
});
