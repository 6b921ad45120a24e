// Healing after a crash, in process: chunks left without vectors (and their sentence vectors) are
// embedded by the next open; two libraries ingesting one file at once end with one article.
import { afterAll, describe, expect, it } from 'vitest';
import { sentenceEmbeddingText } from '../../src/embed/sentenceText.ts';
import { dot } from '../../src/retrieve/hybridRetriever.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { memoryLogger, openTestLibrary, removeTempDirs, SAMPLES_DIR } from '../helpers/library.ts';
import { loadTinyEmbedder } from '../helpers/tinyModel.ts';

afterAll(removeTempDirs);

const cosine = (a: Float32Array, b: Float32Array) => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));

describe('the healer', () => {
  it('embeds chunks a killed run left without vectors on the next open, and the index follows', async () => {
    const { lib, dataDir } = await openTestLibrary({ model: 'tiny' });
    await lib.ingest([SAMPLES_DIR]);
    const full = lib.stats();
    await lib.close();
    expect(full.vectors).toBe(full.chunks);

    // What a SIGKILL between the article transaction and its embedding leaves behind.
    const store = LibraryStore.open(dataDir);
    store.db.prepare('UPDATE chunks SET vector = NULL WHERE id % 2 = 0').run();
    store.db.prepare('DELETE FROM sentence_vectors WHERE sentence_id % 3 = 0').run();
    store.close();

    const { lib: again } = await openTestLibrary({ model: 'tiny', dataDir });
    const s = again.stats();
    expect(s.vectors).toBe(s.chunks);
    expect(s.chunks).toBe(full.chunks);
    const answer = await again.ask('How much will the flood wall cost?');
    expect(answer.mode).toBe('hybrid');
    await again.close();
  });

  it('embeds a library ingested in lexical mode once the model loads, starting its index without a rebuild warning', async () => {
    const { lib, dataDir } = await openTestLibrary({ model: 'lexical' });
    await lib.ingest([SAMPLES_DIR]);
    expect(lib.stats().vectors).toBe(0);
    await lib.close();

    const { log, records } = memoryLogger();
    const { lib: again } = await openTestLibrary({ model: 'tiny', dataDir, log });
    const s = again.stats();
    expect(s.vectors).toBe(s.chunks);
    expect(again.mode).toBe('hybrid');
    // Nothing was lost, so nothing is reported as rebuilt; a deleted index file still is (indexRebuild.test.ts).
    expect(records.filter((r) => /rebuilt the vector index/.test(r.msg))).toEqual([]);
    expect((await again.search('flood wall')).results.length).toBeGreaterThan(0);
    await again.close();
  });

  it('reindex clears sentence vectors with the chunk vectors, so a killed reindex heals with one model', async () => {
    const { lib, dataDir } = await openTestLibrary({ model: 'tiny' });
    await lib.ingest([SAMPLES_DIR]);
    await lib.close();
    const store = LibraryStore.open(dataDir);
    store.clearVectors();
    expect(store.sentenceVectors.stats().vectors).toBe(0);
    store.close();
    const { lib: again } = await openTestLibrary({ model: 'tiny', dataDir });
    const s = again.stats();
    expect(s.vectors).toBe(s.chunks);
    await again.close();
  });
});

describe('sentence vectors read with and without the article title', () => {
  it('stores both readings, and a library made before the titled one gets it on open, chunk vectors untouched', async () => {
    const { lib, dataDir } = await openTestLibrary({ model: 'tiny' });
    await lib.ingest([SAMPLES_DIR]);
    const before = lib.stats();
    await lib.close();
    const embedder = await loadTinyEmbedder();
    let store = LibraryStore.open(dataDir);
    const rowid = store.allArticleRowids()[0]!;
    const { title } = store.articleByRowid(rowid)!;
    const row = store.sentencesOfArticle(rowid, 0, 1)[0]!;
    const sentence = store.articleText(rowid).slice(row.start, row.end);
    const [titled, plain] = await embedder.embed([sentenceEmbeddingText(title, sentence), sentence]);
    expect(sentenceEmbeddingText(title, sentence)).toBe(`${title}. ${sentence}`);
    expect(dot(titled!, plain!)).toBeLessThan(0.98);
    const storedPlain = (s: LibraryStore) => s.sentenceVectors.get([row.id]).get(row.id)!;
    const storedTitled = (s: LibraryStore) => s.sentenceVectors.getTitled([row.id]).get(row.id)!;
    expect(cosine(storedPlain(store), plain!)).toBeGreaterThan(0.999);
    expect(cosine(storedTitled(store), titled!)).toBeGreaterThan(0.999);

    // What a library written before titled readings were stored holds: no such column (nor its index).
    store.db.exec('DROP INDEX sentence_vectors_untitled; ALTER TABLE sentence_vectors DROP COLUMN titled');
    const chunkVectors = store.db.prepare('SELECT id, vector FROM chunks ORDER BY id').all();
    store.close();
    const { log, records } = memoryLogger();
    const { lib: again } = await openTestLibrary({ model: 'tiny', dataDir, log });
    expect(records.some((r) => /after their article titles/.test(r.msg))).toBe(true);
    const after = again.stats();
    expect([after.articles, after.chunks, after.vectors]).toEqual([before.articles, before.chunks, before.vectors]);
    expect((await again.ask('How much will the flood wall cost?')).mode).toBe('hybrid');
    await again.close();
    store = LibraryStore.open(dataDir);
    expect(cosine(storedTitled(store), titled!)).toBeGreaterThan(0.999);
    expect(store.sentenceVectors.missingTitledCount()).toBe(0);
    // The count on each open reads the index of the sentences still to read, not every vector.
    const plan = store.db
      .prepare('EXPLAIN QUERY PLAN SELECT count(*) FROM sentence_vectors WHERE titled IS NULL')
      .all();
    expect(JSON.stringify(plan)).toContain('sentence_vectors_untitled');
    expect(store.db.prepare('SELECT id, vector FROM chunks ORDER BY id').all()).toEqual(chunkVectors);
    store.close();

    // Complete now: the next open reads nothing again.
    const { log: log2, records: records2 } = memoryLogger();
    const { lib: third } = await openTestLibrary({ model: 'tiny', dataDir, log: log2 });
    expect(records2.some((r) => /sentences/.test(r.msg))).toBe(false);
    await third.close();
    await embedder.dispose();
  });
});

describe('two writers on one data directory', () => {
  it('ingesting the same files at once ends with each article once and no failures', async () => {
    const { lib: a, dataDir } = await openTestLibrary();
    const { lib: b } = await openTestLibrary({ dataDir });
    const [ra, rb] = await Promise.all([a.ingest([SAMPLES_DIR]), b.ingest([SAMPLES_DIR])]);
    expect(ra.failed).toEqual([]);
    expect(rb.failed).toEqual([]);
    const titles = a.list().map((x) => x.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(ra.added + ra.unchanged).toBe(rb.added + rb.unchanged);
    await a.close();
    await b.close();
  });
});
