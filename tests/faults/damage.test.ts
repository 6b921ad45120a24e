// Damaged files on disk: garbage inside the SQLite database, a truncated vector index, and an index
// whose checksum sidecar was rewritten to match garbage. The user gets one clear line and a way
// back (`quoth repair`), the process never crashes, and the vector index heals from the database.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, open, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyJson, runQuoth } from '../helpers/runCli.ts';
import { tinyModelDir } from '../helpers/tinyModel.ts';
import { seededRandom, writeCorpus } from './corpus.ts';
import { expectOneLineError, expectVerbatimAnswer, readLibrary } from './faultHarness.ts';

let work: string;
let lexicalLibrary: string;
let hybridLibrary: string;
const ARTICLES = 60;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'quoth-damage-'));
  const corpus = await writeCorpus(path.join(work, 'corpus'), ARTICLES, 11);
  lexicalLibrary = path.join(work, 'lexical');
  hybridLibrary = path.join(work, 'hybrid');
  for (const [dir, model] of [
    [lexicalLibrary, 'none'],
    [hybridLibrary, tinyModelDir()],
  ] as const) {
    const r = await runQuoth(['ingest', corpus.dir, '--json'], { DATA_DIR: dir, EMBEDDING_MODEL: model });
    expect(r.code, r.stderr).toBe(0);
  }
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function copyOf(library: string, name: string): Promise<string> {
  const dir = path.join(work, name);
  await cp(library, dir, { recursive: true });
  return dir;
}

/** Overwrites `bytes` bytes at `fraction` of the file with seeded garbage. */
async function scribble(file: string, fraction: number, bytes: number, seed: number): Promise<void> {
  const rand = seededRandom(seed);
  const { size } = await stat(file);
  const garbage = Buffer.from(Array.from({ length: bytes }, () => Math.floor(rand() * 256)));
  const handle = await open(file, 'r+');
  await handle.write(garbage, 0, bytes, Math.min(Math.floor(size * fraction), Math.max(0, size - bytes)));
  await handle.close();
}

describe('a damaged database', () => {
  for (const fraction of [0.5, 0.9]) {
    it(`garbage at ${fraction * 100}% of the file: one line naming the file and the way back, then repair`, async () => {
      const dir = await copyOf(lexicalLibrary, `damaged-${fraction}`);
      const env = { DATA_DIR: dir, EMBEDDING_MODEL: 'none' };
      const dbFile = path.join(dir, 'quoth.db');
      await scribble(dbFile, fraction, 16_384, 99);

      for (const args of [
        ['list', '--json'],
        ['ask', 'What is the code name of project 3?', '--json'],
        ['stats', '--check'],
      ]) {
        const r = await runQuoth(args, env);
        expectOneLineError(r);
        expect(r.stderr).toMatch(/damaged/i);
        expect(r.stderr).toContain(dbFile);
        expect(r.stderr).toContain('quoth repair');
      }
      // Nothing may be written into a damaged file.
      const before = await readFile(dbFile);
      const ingest = await runQuoth(['ingest', path.join(work, 'corpus'), '--json'], env);
      expect(ingest.code).toBe(1);
      expect((await readFile(dbFile)).equals(before)).toBe(true);

      const repair = await runQuoth(['repair'], env);
      expect(repair.code, repair.stderr).toBe(0);
      expect((await readdir(dir)).some((f) => f.startsWith('quoth.db.damaged'))).toBe(true);
      const facts = await readLibrary(env);
      expect(facts.articles.length).toBeGreaterThan(0);
      const check = await runQuoth(['stats', '--check', '--json'], env);
      expect(check.code, check.stderr).toBe(0);
      const summaries = onlyJson(await runQuoth(['summarize', '--all', '--json'], env)).summaries;
      expect(summaries).toHaveLength(facts.articles.length);
    }, 120_000);
  }
});

describe('a damaged vector index', () => {
  const indexFile = (dir: string) => path.join(dir, 'vectors-default.hnsw');

  it('a truncated index file is rebuilt from the database and answers stay verbatim', async () => {
    const dir = await copyOf(hybridLibrary, 'truncated-index');
    const env = { DATA_DIR: dir, EMBEDDING_MODEL: tinyModelDir() };
    await truncate(indexFile(dir), Math.floor((await stat(indexFile(dir))).size / 2));
    await expectVerbatimAnswer('What is the code name of project 5?', null, env);
    const facts = await readLibrary(env);
    expect(facts.mode).toBe('hybrid');
    expect(facts.vectors).toBe(facts.chunks);
  }, 60_000);

  it('garbage whose checksum sidecar was rewritten to match never reaches the native reader', async () => {
    const dir = await copyOf(hybridLibrary, 'forged-index');
    const env = { DATA_DIR: dir, EMBEDDING_MODEL: tinyModelDir() };
    const file = indexFile(dir);
    await scribble(file, 0, 4096, 5);
    await scribble(file, 0.5, 4096, 6);
    const sidecar = JSON.parse(await readFile(`${file}.json`, 'utf8'));
    sidecar.sha256 = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
    await writeFile(`${file}.json`, JSON.stringify(sidecar));
    const ask = await runQuoth(['ask', 'What is the code name of project 5?', '--json'], env);
    expect(ask.code, ask.stderr).toBe(0);
    expect(onlyJson(ask).mode).toBe('hybrid');
    const facts = await readLibrary(env);
    expect(facts.vectors).toBe(facts.chunks);
  }, 60_000);
});
