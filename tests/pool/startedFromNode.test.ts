// Workers need tsx in their own thread. Under vitest or the tsx CLI that is easy to get right by
// accident; this runs the pool from plain `node`, as bin/start.js does, from another directory.
import { execFile } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { openTestLibrary, removeTempDirs, SAMPLES_DIR } from '../helpers/library.ts';

afterAll(removeTempDirs);

it('a pool started from plain node (bin/start.js style) answers like the library', async () => {
  const { lib, dataDir } = await openTestLibrary();
  try {
    await lib.ingest([SAMPLES_DIR]);
    const script = fileURLToPath(new URL('./fixtures/askThroughPool.mjs', import.meta.url));
    const question = 'Who founded Tallyfox?';
    // No NODE_OPTIONS: nothing of the test runner's loaders may reach the child.
    const env = { ...process.env, NODE_OPTIONS: '' };
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, [script, dataDir, question], { cwd: os.tmpdir(), env });
    expect(JSON.parse(stdout)).toEqual(await lib.ask(question));
  } finally {
    await lib.close();
  }
});
