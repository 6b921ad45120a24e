import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyJson, runQuoth } from '../helpers/runCli.ts';

/** A 3 MB tmpfs, as the probe used: a real full disk, not a simulated error. Needs root on Linux. */
function mountSmallDisk(dir: string): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'quoth-diskfull-'));
const disk = path.join(scratch, 'disk');
fs.mkdirSync(disk);
const mounted = mountSmallDisk(disk);
const env = { DATA_DIR: path.join(disk, 'library'), EMBEDDING_MODEL: 'none' };

describe.runIf(mounted)('a data directory on a disk that fills up during an ingest', () => {
  const stories = path.join(scratch, 'stories');

  beforeAll(() => {
    fs.mkdirSync(stories);
    // About 8 MB of distinct articles: far more than the 3 MB disk holds.
    for (let i = 0; i < 400; i++) {
      const body = Array.from(
        { length: 40 },
        (_, s) =>
          `Story ${i} sentence ${s} reports that the harbor council ${s % 2 ? 'approved' : 'delayed'} item ${i * 100 + s}.`,
      ).join(' ');
      fs.writeFileSync(path.join(stories, `story-${i}.txt`), `Council story ${i}\n\n${body}\n`);
    }
  });

  afterAll(() => {
    if (mounted) execFileSync('umount', [disk]);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('stops with one line saying the disk is full, keeps what it stored, and stays readable', async () => {
    const ingest = await runQuoth(['ingest', stories, '--json'], env);
    expect(ingest.code).toBe(1);
    expect(onlyJson(ingest).error).toMatch(
      /^The disk holding .* is full: the articles stored before it filled are kept/,
    );
    const stderr = ingest.stderr.split('\n').filter((l) => l && !l.startsWith('Quoth: '));
    expect(stderr).toEqual([`quoth: ${onlyJson(ingest).error}`]);
    expect(ingest.stderr).not.toMatch(/\n\s+at /);

    const list = await runQuoth(['list', '--json'], env);
    expect(list.code).toBe(0);
    const stored = onlyJson(list).articles as { articleId: string }[];
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(400);

    const ask = await runQuoth(['ask', 'What did the harbor council approve?', '--json'], env);
    expect(ask.code).toBe(0);
    expect(onlyJson(ask).quotes.length).toBeGreaterThan(0);
    const stats = await runQuoth(['stats', '--check', '--json'], env);
    expect(stats.code).toBe(0);
  });
});
