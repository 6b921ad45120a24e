// The hnswlib file is a cache of the vectors kept in SQLite: when it is missing, corrupt or does
// not match its sidecar, the library rebuilds it on open and answers exactly as before.
import { existsSync } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuothLibrary } from '../../src/core/library.ts';
import type { AskResult } from '../../src/shared/types.ts';
import {
  loadSampleQuestions,
  memoryLogger,
  openTestLibrary,
  removeTempDirs,
  SAMPLES_DIR,
  type SampleQuestion,
} from '../helpers/library.ts';

type Answer = Pick<AskResult, 'abstained' | 'mode'> & {
  quotes: { articleId: string; text: string; start: number; end: number }[];
};

async function answersOf(lib: QuothLibrary, questions: SampleQuestion[]): Promise<Answer[]> {
  const out: Answer[] = [];
  for (const q of questions) {
    const r = await lib.ask(q.question);
    out.push({
      mode: r.mode,
      abstained: r.abstained,
      quotes: r.quotes.map(({ articleId, text, start, end }) => ({ articleId, text, start, end })),
    });
  }
  return out;
}

afterAll(removeTempDirs);

describe('vector index rebuild (hybrid)', () => {
  let dataDir: string;
  let indexFile: string;
  let questions: SampleQuestion[];
  let baseline: Answer[];
  let baselineSearch: string[][];

  /** Reopens the library, expects it to say it rebuilt the index (or not), and to answer as before. */
  async function reopenAndCompare(rebuilt: RegExp | null = /./): Promise<QuothLibrary> {
    const { log, records } = memoryLogger();
    const { lib } = await openTestLibrary({ model: 'tiny', dataDir, log });
    expect(lib.mode).toBe('hybrid');
    expect(lib.lexicalReason).toBeNull();
    expect(await answersOf(lib, questions)).toEqual(baseline);
    const warnings = records.filter((r) => /rebuilt the vector index/.test(r.msg));
    if (rebuilt) {
      expect(warnings).toHaveLength(1);
      expect(String(warnings[0]!.reason)).toMatch(rebuilt);
    } else {
      expect(warnings).toEqual([]);
    }
    const search = [];
    for (const q of questions.slice(0, 10)) search.push((await lib.search(q.question)).results.map((r) => r.articleId));
    expect(search).toEqual(baselineSearch);
    return lib;
  }

  beforeAll(async () => {
    // Every other sample question (answerable and not) keeps each reopen quick.
    questions = (await loadSampleQuestions()).filter((_, i) => i % 2 === 0);
    let lib: QuothLibrary;
    ({ lib, dataDir } = await openTestLibrary({ model: 'tiny' }));
    indexFile = path.join(dataDir, 'vectors-default.hnsw');
    await lib.ingest([SAMPLES_DIR]);
    baseline = await answersOf(lib, questions);
    baselineSearch = [];
    for (const q of questions.slice(0, 10))
      baselineSearch.push((await lib.search(q.question)).results.map((r) => r.articleId));
    await lib.close();
    expect(baseline.every((a) => a.mode === 'hybrid')).toBe(true);
    expect(existsSync(indexFile)).toBe(true);
  });

  it('loads a good index file without rebuilding it', async () => {
    await (await reopenAndCompare(null)).close();
  });

  it('rebuilds a deleted index file and answers identically', async () => {
    await rm(indexFile);
    const lib = await reopenAndCompare(/missing/);
    expect(existsSync(indexFile)).toBe(true);
    const stats = lib.stats();
    expect(stats.vectors).toBe(stats.chunks);
    expect(stats.indexBytes).toBeGreaterThan(0);
    await lib.close();
  });

  it('rebuilds a corrupt index file (bytes overwritten) instead of crashing, and answers identically', async () => {
    const size = (await readFile(indexFile)).length;
    const fh = await open(indexFile, 'r+');
    await fh.write(Buffer.alloc(48, 0xff), 0, 48, 0);
    await fh.write(Buffer.alloc(200, 0x7f), 0, 200, Math.floor(size / 2));
    await fh.close();
    const lib = await reopenAndCompare(/corrupt/);
    await lib.close();
    // The rebuilt file is good again: its checksum matches its sidecar.
    const sidecar = JSON.parse(await readFile(`${indexFile}.json`, 'utf8')) as { sha256: string };
    const { createHash } = await import('node:crypto');
    expect(
      createHash('sha256')
        .update(await readFile(indexFile))
        .digest('hex'),
    ).toBe(sidecar.sha256);
  });

  it('rebuilds an index truncated to half its size', async () => {
    const bytes = await readFile(indexFile);
    await writeFile(indexFile, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await (await reopenAndCompare()).close();
  });

  it('rebuilds when the sidecar is missing', async () => {
    await rm(`${indexFile}.json`);
    await (await reopenAndCompare(/metadata missing/)).close();
    expect(existsSync(`${indexFile}.json`)).toBe(true);
  });

  it('rebuilds when the sidecar names another model, dimension or count', async () => {
    const good = JSON.parse(await readFile(`${indexFile}.json`, 'utf8')) as Record<string, unknown>;
    const changes: [Record<string, unknown>, RegExp][] = [
      [{ model: 'some/other-model' }, /built with some\/other-model/],
      [{ dimension: 32 }, /32 dimensions/],
      [{ count: 3 }, /holds 3 vectors/],
    ];
    for (const [change, reason] of changes) {
      await writeFile(`${indexFile}.json`, JSON.stringify({ ...good, ...change }));
      await (await reopenAndCompare(reason)).close();
      const after = JSON.parse(await readFile(`${indexFile}.json`, 'utf8')) as Record<string, unknown>;
      expect(after).toMatchObject({ model: good.model, dimension: good.dimension, count: good.count });
    }
  });

  it('rebuilds when the index file was swapped for one of another collection', async () => {
    const { lib } = await openTestLibrary({ model: 'tiny', dataDir });
    await lib.ingestText(
      { text: 'Other Things\n\nA short note about nothing in particular. It has two sentences.', source: 'note' },
      { collection: 'other' },
    );
    await lib.close();
    const other = path.join(dataDir, 'vectors-other.hnsw');
    await writeFile(indexFile, await readFile(other));
    await writeFile(`${indexFile}.json`, await readFile(`${other}.json`));
    await (await reopenAndCompare()).close();
  });
});
