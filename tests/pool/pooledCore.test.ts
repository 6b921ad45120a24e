// PooledCore: writes through the in-process writer, reads through the pool, and the pool sees
// each write without anyone calling libraryChanged() by hand.
import { afterAll, describe, expect, it } from 'vitest';
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
});
