// One chunk full-text table per collection, and the move of a database written when every
// collection shared one table: split on the first writable open, searched as it is when read-only.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkTextTable, chunkTextTables } from '../../src/store/chunkText.ts';
import { FTS_TOKENIZER } from '../../src/store/ftsTokenizer.ts';
import { type ArticleInput, LibraryStore } from '../../src/store/libraryStore.ts';
import { chunkArticle } from '../../src/text/chunkArticle.ts';
import { splitSentences } from '../../src/text/splitSentences.ts';
import { makeTempDir, removeTempDirs } from '../helpers/library.ts';

afterAll(removeTempDirs);

const words = (t: string) => t.split(/\s+/).filter(Boolean).length;

const TEXTS: [string, string][] = [
  ['alpha', 'The ferry to Elsmere leaves at dawn. Its captain has sailed the route for twenty years.'],
  ['alpha', 'The harbor pilot boards every ship at the outer buoy. The ferry quay was rebuilt.'],
  ['beta', 'Ferry timetables change in winter. The ferry leaves at noon and returns at dusk.'],
];

function write(store: LibraryStore, collection: string, text: string, i: number): void {
  const input: ArticleInput = {
    id: `a${i}`,
    collection,
    source: `s${i}.txt`,
    title: `Story ${i}`,
    url: null,
    byline: null,
    publishedAt: null,
    contentHash: `hash-${i}`,
    text,
  };
  const sentences = splitSentences(text);
  store.writeArticle(input, sentences, chunkArticle(text, sentences, words, 12), null);
}

async function libraryOfThree(): Promise<string> {
  const dir = await makeTempDir();
  const store = LibraryStore.open(dir);
  TEXTS.forEach(([collection, text], i) => write(store, collection, text, i));
  store.close();
  return dir;
}

/** Rewrites the file to the layout before the split: one shared table, no per-collection tables. */
function toSharedLayout(dir: string): void {
  const db = new Database(path.join(dir, 'quoth.db'));
  try {
    for (const table of chunkTextTables(db)) db.exec(`DROP TABLE ${table}`);
    db.exec('DELETE FROM chunk_text_tables');
    db.exec(`CREATE VIRTUAL TABLE chunks_fts USING fts5 (
      title, body, content='', contentless_delete=1, tokenize='${FTS_TOKENIZER}')`);
    const rows = db
      .prepare(`SELECT c.id, a.title, substr(a.text, c.start + 1, c."end" - c.start) AS body
                FROM chunks c JOIN articles a ON a.rowid = c.article_rowid`)
      .all() as { id: number; title: string; body: string }[];
    const insert = db.prepare('INSERT INTO chunks_fts (rowid, title, body) VALUES (?, ?, ?)');
    for (const r of rows) insert.run(r.id, r.title, r.body);
  } finally {
    db.close();
  }
}

function tableNames(dir: string): string[] {
  const db = new Database(path.join(dir, 'quoth.db'), { readonly: true });
  try {
    return chunkTextTables(db);
  } finally {
    db.close();
  }
}

const search = (store: LibraryStore, collection: string) =>
  store.searchChunks(collection, '"ferry"', 10).map((r) => r.id);

describe('chunk full-text tables per collection', () => {
  it('gives each collection its own table and searches only that one', async () => {
    const dir = await libraryOfThree();
    const store = LibraryStore.open(dir);
    try {
      expect(tableNames(dir)).toHaveLength(2);
      const alpha = search(store, 'alpha');
      const beta = search(store, 'beta');
      expect(alpha.length).toBeGreaterThan(0);
      expect(beta.length).toBeGreaterThan(0);
      expect(alpha.filter((id) => beta.includes(id))).toEqual([]);
      expect(search(store, 'gamma')).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('splits a shared table on the first writable open, with the same results', async () => {
    const dir = await libraryOfThree();
    let store = LibraryStore.open(dir);
    const before = { alpha: search(store, 'alpha'), beta: search(store, 'beta') };
    store.close();
    toSharedLayout(dir);
    expect(tableNames(dir)).toEqual(['chunks_fts']);

    // Read-only (a full disk): the shared table is searched as it is, still per collection.
    store = LibraryStore.open(dir, { readonly: true });
    expect(search(store, 'alpha').sort()).toEqual([...before.alpha].sort());
    store.close();
    expect(tableNames(dir)).toEqual(['chunks_fts']);

    store = LibraryStore.open(dir);
    try {
      const names = tableNames(dir);
      expect(names).not.toContain('chunks_fts');
      expect(names).toHaveLength(2);
      expect({ alpha: search(store, 'alpha'), beta: search(store, 'beta') }).toEqual(before);
    } finally {
      store.close();
    }
  });

  it('removes a deleted article from its collection table only', async () => {
    const dir = await libraryOfThree();
    const store = LibraryStore.open(dir);
    try {
      const beta = search(store, 'beta');
      const rowid = store.db.prepare("SELECT rowid FROM articles WHERE id = 'a1'").pluck().get() as number;
      store.deleteArticle(rowid);
      expect(search(store, 'alpha').length).toBeGreaterThan(0);
      expect(search(store, 'beta')).toEqual(beta);
      const db = store.db;
      const table = chunkTextTable(db, 'alpha')!;
      expect(db.prepare(`SELECT count(*) FROM ${table} WHERE ${table} MATCH '"pilot"'`).pluck().get()).toBe(0);
    } finally {
      store.close();
    }
  });
});
