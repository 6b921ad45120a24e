// An ingest ends with the collection's full-text indexes merged into one segment each once 100
// articles and a tenth of the collection were written since the last merge: a bulk ingest at its
// end, single articles (feed items, attachments) once enough of them have come.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { allFullTextTables } from '../../src/store/fullText.ts';
import { makeTempDir, openTestLibrary, removeTempDirs } from '../helpers/library.ts';

afterAll(removeTempDirs);

const story = (i: number) =>
  `Story number ${i} about the harbor. The ferry ${i % 7} left at ${i % 12} o'clock with ${i} passengers.`;

/**
 * Segments of each full-text table, read from FTS5's %_data table: a segment's pages are stored
 * under rowids whose bits above the 37th hold the segment id (FTS5_SEGMENT_ROWID in fts5Int.h);
 * the structure and averages records sit below that.
 */
function segments(dataDir: string): number[] {
  const db = new Database(path.join(dataDir, 'quoth.db'), { readonly: true });
  try {
    return allFullTextTables(db).map(
      (t) => db.prepare(`SELECT count(DISTINCT id >> 37) FROM ${t}_data WHERE id >> 37 > 0`).pluck().get() as number,
    );
  } finally {
    db.close();
  }
}

describe('full-text segments after an ingest', () => {
  it('merges after a bulk ingest, and after single articles once a hundred have come', async () => {
    const { lib, dataDir } = await openTestLibrary();
    try {
      for (let i = 0; i < 12; i++) await lib.ingestText({ text: story(i), source: `one-${i}.txt` });
      const before = segments(dataDir);
      expect(Math.min(...before)).toBeGreaterThan(1);

      const folder = await makeTempDir();
      await mkdir(folder, { recursive: true });
      for (let i = 100; i < 220; i++) await writeFile(path.join(folder, `s-${i}.txt`), story(i));
      const report = await lib.ingest([folder]);
      expect(report.added).toBe(120);
      expect(segments(dataDir)).toEqual([1, 1]);

      await lib.ingestText({ text: story(999), source: 'late.txt' });
      expect(segments(dataDir)).toEqual([2, 2]);
      for (let i = 300; i < 398; i++) await lib.ingestText({ text: story(i), source: `feed-${i}.txt` });
      expect(Math.min(...segments(dataDir))).toBeGreaterThan(1);
      await lib.ingestText({ text: story(398), source: 'feed-398.txt' });
      expect(segments(dataDir)).toEqual([1, 1]);
      expect((await lib.ask('How many passengers were on the ferry in story number 999?')).abstained).toBe(false);
    } finally {
      await lib.close();
    }
  });
});
