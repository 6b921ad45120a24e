import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runBin, type RunResult } from '../helpers/runCli.ts';

// The bin/ scripts run the sources from a cached esbuild bundle. These tests work on a copy of the
// project (its own sources, the shared node_modules), so editing a source file cannot disturb
// other tests, and check what a developer relies on: an edit is picked up on the next run, the
// bundle finds data files beside the sources, and QUOTH_TSX=1 runs the same code through tsx.
let copy: string;
let cacheRoot: string;

function run(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return runBin('bin/quoth.js', args, { EMBEDDING_MODEL: 'none', ...env }, undefined, copy);
}

function builds(): string[] {
  return fs.existsSync(cacheRoot) ? fs.readdirSync(cacheRoot).filter((f) => f.startsWith('b-')) : [];
}

beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'quoth-bin-'));
  for (const dir of ['bin', 'src', 'commands', 'data', 'samples'])
    fs.cpSync(path.join(REPO_ROOT, dir), path.join(copy, dir), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json'])
    fs.copyFileSync(path.join(REPO_ROOT, file), path.join(copy, file));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
});

afterAll(() => {
  if (cacheRoot) fs.rmSync(cacheRoot, { recursive: true, force: true });
  fs.rmSync(copy, { recursive: true, force: true });
});

describe('bin/loadSource.js', () => {
  it('bundles the sources on first run, reuses the bundle, and rebuilds after an edit', async () => {
    const first = await run(['--help']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Answers questions about your articles');
    // loadSource.js keeps one cache per checkout, named by a hash of its path.
    const key = crypto.createHash('sha1').update(fs.realpathSync(copy)).digest('hex').slice(0, 12);
    cacheRoot = path.join(REPO_ROOT, 'node_modules', '.cache', 'quoth', key);
    expect(builds()).toHaveLength(1);

    await run(['--help']);
    expect(builds()).toHaveLength(1);

    const main = path.join(copy, 'src/cli/main.ts');
    const text = fs.readFileSync(main, 'utf8');
    fs.writeFileSync(main, text.replace('Answers questions about your articles', 'Edited description of articles'));
    const edited = await run(['--help']);
    expect(edited.stdout).toContain('Edited description of articles');
    expect(builds()).toHaveLength(2);

    const viaTsx = await run(['--help'], { QUOTH_TSX: '1' });
    expect(viaTsx.stdout).toBe(edited.stdout);
  });

  it('answers from the bundle with the data files beside the sources (term table, samples)', async () => {
    const dataDir = path.join(copy, 'library');
    const ingest = await run(['--data-dir', dataDir, 'ingest', path.join(copy, 'samples', 'articles')]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const question = 'What did the union demand?';
    const bundled = await run(['--data-dir', dataDir, 'ask', question, '--json']);
    const viaTsx = await run(['--data-dir', dataDir, 'ask', question, '--json'], { QUOTH_TSX: '1' });
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(viaTsx.stdout));
  });
});
