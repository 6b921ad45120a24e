// The store's side of damage: a one-line "damaged" error that names the file and `quoth repair`,
// nothing written into the damaged file, salvage of what can be read, and an empty database file
// beside old index files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QuothError } from '../../src/shared/errors.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { moveAside, salvageArticles } from '../../src/store/salvage.ts';
import { makeTempDir, removeTempDirs } from '../helpers/library.ts';

afterAll(removeTempDirs);

function article(i: number) {
  const text = `Article ${i} says something. `.repeat(40);
  return {
    id: `id${i}`,
    collection: 'default',
    source: `/s/${i}.txt`,
    title: `Title ${i}`,
    url: null,
    byline: null,
    publishedAt: null,
    contentHash: `hash${i}`,
    text,
  };
}

async function filledLibrary(n: number): Promise<string> {
  const dir = await makeTempDir('quoth-damage-');
  const store = LibraryStore.open(dir);
  for (let i = 0; i < n; i++) {
    const a = article(i);
    store.writeArticle(a, [{ start: 0, end: 20 }], [{ start: 0, end: 20, sentenceStart: 0, sentenceEnd: 1 }], null);
  }
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  return dir;
}

describe('a damaged database file', () => {
  it('is refused on open with one line, and is left byte-identical', async () => {
    const dir = await filledLibrary(50);
    const file = path.join(dir, 'quoth.db');
    const bytes = fs.readFileSync(file);
    const damaged = Buffer.from(bytes);
    damaged.fill(0x5a, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 8192);
    fs.writeFileSync(file, damaged);
    let err: unknown;
    try {
      LibraryStore.open(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QuothError);
    const message = (err as Error).message;
    expect(message).toMatch(/damaged/);
    expect(message).toContain(file);
    expect(message).toContain('quoth repair');
    expect(message).not.toContain('\n');
    expect(fs.readFileSync(file).equals(damaged)).toBe(true);

    const aside = moveAside(file);
    expect(fs.existsSync(file)).toBe(false);
    const { articles } = salvageArticles(aside);
    expect(articles.length).toBeGreaterThan(0);
    expect(articles.length).toBeLessThanOrEqual(50);
    expect(articles[0]!.text).toBe(article(Number(articles[0]!.id.slice(2))).text);
  });

  it('an empty quoth.db beside old index files: opens fresh and drops the index files', async () => {
    const dir = await makeTempDir('quoth-empty-db-');
    fs.writeFileSync(path.join(dir, 'quoth.db'), '');
    fs.writeFileSync(path.join(dir, 'vectors-default.hnsw'), 'old');
    fs.writeFileSync(path.join(dir, 'vectors-default.hnsw.json'), '{}');
    const store = LibraryStore.open(dir);
    expect(store.counts('default').articles).toBe(0);
    store.close();
    expect(fs.existsSync(path.join(dir, 'vectors-default.hnsw'))).toBe(false);
  });
});
