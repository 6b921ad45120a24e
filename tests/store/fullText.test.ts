// Full-text tables per collection, and the move of a database written when every collection shared
// one chunk and one sentence table: split on the first writable open, read as it is when read-only.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { allFullTextTables, chunkTextTable } from '../../src/store/fullText.ts';
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

/** Rewrites the file to the layout before the split: shared tables, none per collection. */
function toSharedLayout(dir: string): void {
  const db = new Database(path.join(dir, 'quoth.db'));
  const options = `content='', contentless_delete=1, tokenize='${FTS_TOKENIZER}'`;
  const body = (table: string) => `substr(a.text, ${table}.start + 1, ${table}."end" - ${table}.start)`;
  try {
    for (const table of allFullTextTables(db)) db.exec(`DROP TABLE ${table}`);
    db.exec('DROP TABLE full_text_tables');
    db.exec(`CREATE VIRTUAL TABLE chunks_fts USING fts5 (title, body, ${options})`);
    db.exec(`CREATE VIRTUAL TABLE sentences_fts USING fts5 (body, ${options})`);
    db.exec(`INSERT INTO chunks_fts (rowid, title, body) SELECT chunks.id, a.title, ${body('chunks')}
             FROM chunks JOIN articles a ON a.rowid = chunks.article_rowid`);
    db.exec(`INSERT INTO sentences_fts (rowid, body) SELECT sentences.id, ${body('sentences')}
             FROM sentences JOIN articles a ON a.rowid = sentences.article_rowid`);
  } finally {
    db.close();
  }
}

function tableNames(dir: string): string[] {
  const db = new Database(path.join(dir, 'quoth.db'), { readonly: true });
  try {
    return allFullTextTables(db);
  } finally {
    db.close();
  }
}

const search = (store: LibraryStore, collection: string) =>
  store.searchChunks(collection, '"ferry"', 10).map((r) => r.id);
const counts = (store: LibraryStore) =>
  ['alpha', 'beta'].map((c) => [
    store.stats.docFreq(c, '"ferry"'),
    store.stats.docFreq(c, '"pilot"'),
    store.stats.sentenceCount(c),
  ]);

describe('chunk full-text tables per collection', () => {
  it('gives each collection its own tables and reads only those', async () => {
    const dir = await libraryOfThree();
    const store = LibraryStore.open(dir);
    try {
      expect(tableNames(dir)).toHaveLength(4);
      expect(counts(store)).toEqual([
        [2, 1, 4],
        [2, 0, 2],
      ]);
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
    const before = { alpha: search(store, 'alpha'), beta: search(store, 'beta'), counts: counts(store) };
    store.close();
    toSharedLayout(dir);
    const shared = ['chunks_fts', 'sentences_fts'];
    expect(tableNames(dir)).toEqual(shared);

    // Read-only (a full disk): the shared tables are read as they are, still per collection.
    store = LibraryStore.open(dir, { readonly: true });
    expect(search(store, 'alpha').sort()).toEqual([...before.alpha].sort());
    expect(counts(store)).toEqual(before.counts);
    store.close();
    expect(tableNames(dir)).toEqual(shared);

    store = LibraryStore.open(dir);
    try {
      const names = tableNames(dir);
      expect(names.filter((n) => shared.includes(n))).toEqual([]);
      expect(names).toHaveLength(4);
      expect({ alpha: search(store, 'alpha'), beta: search(store, 'beta'), counts: counts(store) }).toEqual(before);
    } finally {
      store.close();
    }
  });

  it('removes a deleted article from its collection tables only', async () => {
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
      expect(counts(store)).toEqual([
        [1, 0, 2],
        [2, 0, 2],
      ]);
    } finally {
      store.close();
    }
  });
});
