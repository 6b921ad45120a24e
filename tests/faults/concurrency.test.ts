// Three ingests of overlapping sources and a loop of questions, all real CLI processes on one data
// directory at once (lexical mode, to stay fast): no process surfaces an error, and the library
// ends with every article exactly once.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { onlyJson, runQuoth } from '../helpers/runCli.ts';
import { writeCorpus } from './corpus.ts';

let work: string | undefined;

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

it('three overlapping ingests and an ask loop: no errors, no lost or duplicated articles', async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'quoth-concurrency-'));
  const corpus = await writeCorpus(path.join(work, 'corpus'), 60, 17);
  const files = (await readdir(corpus.dir)).sort().map((f) => path.join(corpus.dir, f));
  const env = { DATA_DIR: path.join(work, 'data'), EMBEDDING_MODEL: 'none' };
  // Thirds that overlap: each file is in two of the three ingests.
  const third = Math.ceil(files.length / 3);
  const sets = [0, 1, 2].map((k) => [
    ...files.slice(k * third, (k + 2) * third),
    ...files.slice(0, k ? (k - 1) * third : 0),
  ]);
  let ingesting = true;
  const asks = (async () => {
    const results = [];
    while (ingesting) results.push(await runQuoth(['ask', 'What is the code name of project 3?', '--json'], env));
    return results;
  })();
  const ingests = await Promise.all(sets.map((set) => runQuoth(['ingest', ...set, '--json'], env)));
  ingesting = false;
  for (const r of ingests) {
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJson(r).failed).toEqual([]);
  }
  for (const r of await asks) expect(r.code, r.stderr).toBe(0);
  const list = onlyJson(await runQuoth(['list', '--json'], env)).articles as { title: string }[];
  const titles = list.map((a) => a.title);
  expect(new Set(titles).size).toBe(titles.length);
  expect(titles).toHaveLength(files.length);
}, 120_000);
