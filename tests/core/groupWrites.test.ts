// Ingest writes articles in groups, one transaction each (articleWrites.writeArticles): a failure
// inside a group must leave no half-written article, and the same ingest run again must add
// exactly what is missing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { makeTempDir, openTestLibrary, removeTempDirs } from '../helpers/library.ts';

afterAll(removeTempDirs);

function storyLines(n: number): string {
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) {
    const text = `Story ${i} opens here. The harbour board met on day ${i} and approved plan number ${i}.`;
    lines.push(JSON.stringify({ title: i === n ? 'Refused story' : `Story ${i}`, text }));
  }
  return `${lines.join('\n')}\n`;
}

describe('group writes at ingest', () => {
  it('rolls a failed group back whole, and the same ingest run again stores every article once', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'stories.jsonl');
    fs.writeFileSync(file, storyLines(40));
    const { lib, dataDir } = await openTestLibrary({ dataDir: path.join(dir, 'data') });
    await lib.close();

    // A real SQLite failure in the middle of a write, after the group's other articles were written.
    const store = LibraryStore.open(dataDir);
    store.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON chunks
      WHEN (SELECT title FROM articles WHERE rowid = NEW.article_rowid) = 'Refused story'
      BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    store.close();

    const { lib: failing } = await openTestLibrary({ dataDir });
    await expect(failing.ingest([file])).rejects.toThrow(/refused by the test/);
    await failing.close();

    const check = LibraryStore.open(dataDir);
    const counts = check.db
      .prepare('SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM chunks) AS c')
      .get() as { a: number; c: number };
    // Nothing of the refused article, and no article without its chunks.
    const orphans = check.db
      .prepare(
        'SELECT count(*) AS n FROM articles a WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.article_rowid = a.rowid)',
      )
      .get() as { n: number };
    expect(orphans.n).toBe(0);
    expect(counts.a).toBeLessThan(40);
    check.db.exec('DROP TRIGGER refuse');
    check.close();

    const { lib: again } = await openTestLibrary({ dataDir });
    const report = await again.ingest([file]);
    expect(report.failed).toEqual([]);
    expect(report.added + report.unchanged).toBe(40);
    expect(report.added).toBe(40 - counts.a);
    expect(again.stats().articles).toBe(40);
    await again.close();
  });
});
