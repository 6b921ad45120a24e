// PooledCore: writes through the in-process writer, reads through the pool, and the pool sees
// each write without anyone calling libraryChanged() by hand.
import { afterAll, describe, expect, it } from 'vitest';
import { GenerationCounter } from '../../src/pool/generation.ts';
import { PooledCore } from '../../src/pool/pooledCore.ts';
import { WorkerPool } from '../../src/pool/workerPool.ts';
import { openTestLibrary, removeTempDirs, SAMPLES_DIR, testConfig } from '../helpers/library.ts';

afterAll(removeTempDirs);

describe('PooledCore', () => {
  it('answers from the pool what the writer has just stored, and closes both', async () => {
    const { lib, dataDir } = await openTestLibrary();
    const pool = await WorkerPool.start({ config: testConfig(dataDir), workers: 1 });
    const core = new PooledCore(lib, pool);
    try {
      await core.ingest([SAMPLES_DIR]);
      const question = 'Who founded Tallyfox?';
      expect(await core.ask(question)).toEqual(await lib.ask(question));
      const text = 'The Brindlewick ferry carries 240 passengers across the Saltmere estuary every hour.';
      const { articleIds } = await core.ingestText({ text, title: 'Brindlewick ferry', source: 'test:ferry' });
      const answer = await core.ask('How many passengers does the Brindlewick ferry carry?');
      expect(answer.quotes[0]).toMatchObject({ articleId: articleIds[0], text });
      await core.remove(articleIds[0]!);
      expect((await pool.list()).map((a) => a.articleId)).not.toContain(articleIds[0]);
      expect(core.mode).toBe('lexical');
    } finally {
      const exits = pool.threads().map((w) => new Promise((resolve) => w.once('exit', resolve)));
      await core.close();
      await Promise.all(exits);
    }
    await expect(core.ask('Who founded Tallyfox?')).rejects.toThrow('Quoth is shutting down.');
  });

  it('sees what another writer on the same data directory stored (a `quoth ingest` beside a running bot)', async () => {
    const { lib: bot, dataDir } = await openTestLibrary();
    const pool = await WorkerPool.start({ config: testConfig(dataDir), workers: 1 });
    const core = new PooledCore(bot, pool);
    // Another QuothLibrary on the same directory stands for the CLI: it knows nothing of the pool.
    const { lib: cli } = await openTestLibrary({ dataDir });
    try {
      const question = 'How many passengers does the Brindlewick ferry carry?';
      expect((await core.ask(question)).abstained).toBe(true);
      const text = 'The Brindlewick ferry carries 240 passengers across the Saltmere estuary every hour.';
      // Lexical answers read SQLite directly and would be found anyway; what must move is the
      // generation, which makes workers drop their cached statistics and vector indexes.
      const generation = new GenerationCounter(dataDir, { readonly: true });
      const before = generation.current();
      const { articleIds } = await cli.ingestText({ text, title: 'Brindlewick ferry', source: 'test:ferry' });
      expect(generation.current()).toBeGreaterThan(before);
      generation.close();
      expect((await core.ask(question)).quotes[0]).toMatchObject({ articleId: articleIds[0], text });
      await cli.remove(articleIds[0]!);
      expect((await core.ask(question)).abstained).toBe(true);
    } finally {
      await cli.close();
      await core.close();
    }
  });
});
