// The worker pool against the real library: real SQLite files, real worker threads, the real
// tiny model in hybrid mode. Answers from the pool must equal the in-process library's.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuothError } from '../../src/shared/errors.ts';
import type { QuothLibrary } from '../../src/core/library.ts';
import { WorkerPool } from '../../src/pool/workerPool.ts';
import {
  loadSampleQuestions,
  makeTempDir,
  openTestLibrary,
  removeTempDirs,
  SAMPLES_DIR,
  testConfig,
  type SampleQuestion,
} from '../helpers/library.ts';

afterAll(removeTempDirs);

let questions: SampleQuestion[];
beforeAll(async () => {
  questions = await loadSampleQuestions();
});

describe.each([['lexical'], ['tiny']] as const)('pool answers equal in-process answers (%s)', (model) => {
  let lib: QuothLibrary;
  let pool: WorkerPool;

  beforeAll(async () => {
    const opened = await openTestLibrary({ model });
    lib = opened.lib;
    await lib.ingest([SAMPLES_DIR]);
    pool = await WorkerPool.start({ config: testConfig(opened.dataDir, model), workers: 2 });
  });
  afterAll(async () => {
    await pool?.close();
    await lib?.close();
  });

  it('ask, search and summarize', async () => {
    const asked = await Promise.all(questions.map((q) => pool.ask(q.question)));
    for (const [i, q] of questions.entries()) expect(asked[i]).toEqual(await lib.ask(q.question));
    const query = questions[0]!.question;
    expect(await pool.search(query, { limit: 3 })).toEqual(await lib.search(query, { limit: 3 }));
    const id = lib.list()[0]!.articleId;
    expect(await pool.summarize(id, { sentences: 2 })).toEqual(await lib.summarize(id, { sentences: 2 }));
  });

  it('list, get, findArticles and stats', async () => {
    expect(await pool.list()).toEqual(lib.list());
    const id = lib.list()[1]!.articleId;
    expect(await pool.get(id.slice(0, 6))).toEqual(lib.get(id.slice(0, 6)));
    expect(await pool.findArticles('the', { limit: 3 })).toEqual(lib.findArticles('the', { limit: 3 }));
    const { databaseBytes: _a, ...fromPool } = await pool.stats();
    const { databaseBytes: _b, ...inProcess } = lib.stats();
    expect(fromPool).toEqual(inProcess);
  });

  it('passes QuothErrors through with their message and code', async () => {
    const err = await pool.get('zzzzzzzz').catch((e: unknown) => e);
    const local = (() => {
      try {
        lib.get('zzzzzzzz');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(QuothError);
    expect(err).toMatchObject({ code: 'not_found', message: (local as Error).message });
    await expect(pool.ask('   ')).rejects.toThrow('The question is empty.');
  });

  it("sees the writer's changes after libraryChanged()", async () => {
    const text = 'The Quillfeather Lighthouse was repainted orange in 1987 by the harbour trust of Marrowby.';
    const report = await lib.ingestText({ text, title: 'Quillfeather Lighthouse', source: 'test:quillfeather' });
    const id = report.articleIds[0]!;
    pool.libraryChanged();
    expect((await pool.list()).map((a) => a.articleId)).toContain(id);
    const answer = await pool.ask('What colour was the Quillfeather Lighthouse repainted?');
    expect(answer).toEqual(await lib.ask('What colour was the Quillfeather Lighthouse repainted?'));
    expect(answer.quotes[0]?.articleId).toBe(id);
    await lib.remove(id);
    pool.libraryChanged();
    expect((await pool.list()).map((a) => a.articleId)).not.toContain(id);
  });

  it('close() lets every worker end on its own', async () => {
    const exits = pool.threads().map((w) => new Promise<number>((resolve) => w.once('exit', resolve)));
    await pool.close();
    expect(await Promise.all(exits)).toEqual([0, 0]);
  });
});

describe('lost workers', () => {
  let lib: QuothLibrary;
  let dataDir: string;

  beforeAll(async () => {
    ({ lib, dataDir } = await openTestLibrary());
    await lib.ingest([SAMPLES_DIR]);
  });
  afterAll(() => lib?.close());

  it('a worker killed mid-request loses no request', async () => {
    // Each call waits 200 ms in the worker first, so both workers are surely holding one when one dies.
    const testHooks = { delayMs: 200 };
    const pool = await WorkerPool.start({ config: testConfig(dataDir), workers: 2, testHooks });
    try {
      const asks = questions.slice(0, 8).map((q) => pool.ask(q.question));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const victim = pool.threads()[0]!;
      await victim.terminate();
      const answers = await Promise.all(asks);
      for (const [i, q] of questions.slice(0, 8).entries()) expect(answers[i]).toEqual(await lib.ask(q.question));
      expect(pool.threads()).not.toContain(victim);
      expect(pool.threads()).toHaveLength(2);
    } finally {
      await pool.close();
    }
  });

  it('a request that crashes every worker fails with one line after one retry; the others are answered', async () => {
    const testHooks = { exitOnQuestion: 'crash please' };
    const pool = await WorkerPool.start({ config: testConfig(dataDir), workers: 2, testHooks });
    try {
      const poisoned = pool.ask('crash please').then(
        () => new Error('answered'),
        (e: unknown) => e as Error,
      );
      const others = await Promise.all(questions.slice(0, 4).map((q) => pool.ask(q.question)));
      const err = await poisoned;
      expect(err).toBeInstanceOf(Error);
      expect(err.message).toMatch(/^The ask request failed twice: a Quoth worker exited \(code 1\)\.$/);
      expect(others).toHaveLength(4);
      expect(await pool.ask(questions[0]!.question)).toEqual(await lib.ask(questions[0]!.question));
    } finally {
      await pool.close();
    }
  });

  it('a worker that overruns the call time limit is replaced; the call fails after its retry', async () => {
    const testHooks = { delayMs: 3_000 };
    const pool = await WorkerPool.start({ config: testConfig(dataDir), workers: 1, callTimeoutMs: 300, testHooks });
    try {
      const first = pool.threads()[0]!;
      await expect(pool.ask(questions[0]!.question)).rejects.toThrow(
        /^The ask request failed twice: a Quoth worker did not answer ask within 300 ms\.$/,
      );
      expect(pool.threads()).toHaveLength(1);
      expect(pool.threads()).not.toContain(first);
    } finally {
      await pool.close();
    }
  });

  it('close() ends every worker and refuses further calls', async () => {
    const pool = await WorkerPool.start({ config: testConfig(dataDir), workers: 2 });
    const exits = pool.threads().map((w) => new Promise<number>((resolve) => w.once('exit', resolve)));
    const running = pool.ask(questions[0]!.question);
    await pool.close();
    expect(await running).toEqual(await lib.ask(questions[0]!.question));
    // Exit code 0: each worker closed its library and ended on its own, not by terminate().
    expect(await Promise.all(exits)).toEqual([0, 0]);
    expect(pool.threads()).toEqual([]);
    await expect(pool.ask('anything')).rejects.toThrow('Quoth is shutting down.');
  });

  it('starts on a new data directory that no library has opened yet', async () => {
    const fresh = await makeTempDir('quoth-pool-new-');
    const pool = await WorkerPool.start({ config: testConfig(fresh), workers: 1 });
    try {
      expect(await pool.list()).toEqual([]);
      expect(await pool.ask('Anything here?')).toMatchObject({ abstained: true, quotes: [] });
    } finally {
      await pool.close();
    }
  });

  it('a worker that does not get ready in time fails start() with one line', async () => {
    const testHooks = { startDelayMs: 30_000 };
    const starting = WorkerPool.start({ config: testConfig(dataDir), workers: 1, startTimeoutMs: 500, testHooks });
    await expect(starting).rejects.toThrow('A Quoth worker could not start within 500 ms.');
  });

  it('a worker that cannot open the library fails start() with one line', async () => {
    const config = testConfig(dataDir);
    // A data directory under a regular file cannot be created. (Not under /proc: Node's recursive
    // mkdirSync loops forever there.)
    const unwritable = path.join(dataDir, 'quoth.db', 'sub');
    const starting = WorkerPool.start({ config: { ...config, dataDir: unwritable }, workers: 1 });
    await expect(starting).rejects.toThrow(/^A Quoth worker could not open the library: /);
  });
});
