// Healing after a crash, in process: chunks left without vectors (and their sentence vectors) are
// embedded by the next open; two libraries ingesting one file at once end with one article.
import { afterAll, describe, expect, it } from 'vitest';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { memoryLogger, openTestLibrary, removeTempDirs, SAMPLES_DIR } from '../helpers/library.ts';

afterAll(removeTempDirs);

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
