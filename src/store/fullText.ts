import type Database from 'better-sqlite3';
import { FTS_TOKENIZER } from './ftsTokenizer.ts';
import { prepared } from './statements.ts';

/**
 * The full-text indexes, two contentless FTS5 tables per collection (a Discord server's library):
 * its chunks, ranked by bm25() to find a question's passages, and its sentences, counted for term
 * weights. bm25() takes its document frequencies and average length from the whole table, so with
 * one table shared by every collection another server's articles reordered a server's chunk
 * candidates (12 SQuAD articles in one collection and 12 in another: 32 of 2,897 first quotes
 * moved). Counting a collection's sentences in a shared table also joined every match of a common
 * word to its article, which made a question in a database of several servers 1.6× slower.
 */
export const FULL_TEXT_SCHEMA = `
CREATE TABLE IF NOT EXISTS full_text_tables (
  id INTEGER PRIMARY KEY,
  collection TEXT NOT NULL UNIQUE,
  -- Articles written since the tables were last merged into one segment each (mergeFullTextIfDue).
  unmerged INTEGER NOT NULL DEFAULT 0,
  -- Rows of the sentence table: counting the collection's sentence rows took 19 ms at 19k stories.
  sentences INTEGER NOT NULL DEFAULT 0
);
`;

interface FullTextTables {
  chunks: string;
  sentences: string;
}

/** The tables every collection shared before, moved by `splitSharedFullText`. */
const SHARED: FullTextTables = { chunks: 'chunks_fts', sentences: 'sentences_fts' };

/** Table names come from integer ids, never from a collection's name, so no name reaches SQL text. */
function tablesOf(id: number): FullTextTables {
  return { chunks: `chunks_fts_${id}`, sentences: `sentences_fts_${id}` };
}

/** The collection's full-text tables, or null when nothing of it was ever indexed. */
function collectionTables(db: Database.Database, collection: string): FullTextTables | null {
  if (!hasTable(db, 'full_text_tables')) return null; // a database from before the split, read-only
  const id = prepared(db, 'SELECT id FROM full_text_tables WHERE collection = ?').pluck().get(collection) as
    | number
    | undefined;
  return id === undefined ? null : tablesOf(id);
}

/** The collection's full-text tables, created on its first write (inside the writer's transaction). */
function ensureCollectionTables(db: Database.Database, collection: string): FullTextTables {
  const existing = collectionTables(db, collection);
  if (existing) return existing;
  const id = Number(
    prepared(db, 'INSERT INTO full_text_tables (collection) VALUES (?)').run(collection).lastInsertRowid,
  );
  const tables = tablesOf(id);
  const options = `content='', contentless_delete=1, tokenize='${FTS_TOKENIZER}'`;
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${tables.chunks} USING fts5 (title, body, ${options})`);
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${tables.sentences} USING fts5 (body, ${options})`);
  return tables;
}

/** Every full-text table of the database (for the integrity check). */
export function allFullTextTables(db: Database.Database): string[] {
  const ids = hasTable(db, 'full_text_tables')
    ? (prepared(db, 'SELECT id FROM full_text_tables ORDER BY id').pluck().all() as number[])
    : [];
  const own = ids.flatMap((id) => Object.values(tablesOf(id)));
  return [...Object.values(SHARED).filter((t) => hasTable(db, t)), ...own];
}

/** The collection's chunk table (for tests and tools that read the index itself). */
export function chunkTextTable(db: Database.Database, collection: string): string | null {
  return collectionTables(db, collection)?.chunks ?? null;
}

/** The collection's sentence table (for the vocabulary of spelling correction, see sentenceVocabulary.ts). */
export function sentenceTextTable(db: Database.Database, collection: string): string | null {
  return collectionTables(db, collection)?.sentences ?? null;
}

/** Indexes an article's sentences and chunks (ids and text in order); chunks under its title. */
export function insertArticleText(
  db: Database.Database,
  article: { collection: string; title: string },
  sentences: { id: number; body: string }[],
  chunks: { id: number; body: string }[],
): void {
  if (sentences.length === 0 && chunks.length === 0) return;
  const tables = ensureCollectionTables(db, article.collection);
  const sentence = prepared(db, `INSERT INTO ${tables.sentences} (rowid, body) VALUES (?, ?)`);
  for (const s of sentences) sentence.run(s.id, s.body);
  const chunk = prepared(db, `INSERT INTO ${tables.chunks} (rowid, title, body) VALUES (?, ?, ?)`);
  for (const c of chunks) chunk.run(c.id, article.title, c.body);
  prepared(
    db,
    'UPDATE full_text_tables SET unmerged = unmerged + 1, sentences = sentences + ? WHERE collection = ?',
  ).run(sentences.length, article.collection);
}

/** Removes an article's sentences and chunks from its collection's tables (before their rows go). */
export function deleteArticleText(db: Database.Database, articleRowid: number): void {
  const collection = prepared(db, 'SELECT collection FROM articles WHERE rowid = ?').pluck().get(articleRowid) as
    | string
    | undefined;
  const tables = collection === undefined ? null : collectionTables(db, collection);
  if (!tables) return;
  prepared(db, `DELETE FROM ${tables.chunks} WHERE rowid IN (SELECT id FROM chunks WHERE article_rowid = ?)`).run(
    articleRowid,
  );
  const removed = prepared(
    db,
    `DELETE FROM ${tables.sentences} WHERE rowid IN (SELECT id FROM sentences WHERE article_rowid = ?)`,
  ).run(articleRowid).changes;
  prepared(db, 'UPDATE full_text_tables SET sentences = sentences - ? WHERE collection = ?').run(removed, collection);
}

/**
 * Merges the collection's full-text tables into one segment each once the articles written since the
 * last merge reach a tenth of the collection and `minArticles`. Written in ~100 ms groups or one
 * article at a time (feeds), an index is left in many segments that every query reads: asks on
 * 1,000 and 19,043 freshly ingested Reuters stories were 15% and 10% slower (p50) than after a
 * merge. A merge rewrites the collection's whole index (0.5 s at 19,043 stories), so waiting for a
 * tenth of it to be new keeps the cost per article written constant.
 */
export function mergeFullTextIfDue(db: Database.Database, collection: string, minArticles: number): boolean {
  const tables = collectionTables(db, collection);
  if (!tables) return false;
  return db
    .transaction(() => {
      const unmerged = prepared(db, 'SELECT unmerged FROM full_text_tables WHERE collection = ?')
        .pluck()
        .get(collection) as number;
      if (unmerged < minArticles) return false;
      const articles = prepared(db, 'SELECT count(*) FROM articles WHERE collection = ?').pluck().get(collection);
      if (unmerged * 10 < (articles as number)) return false;
      mergeSegments(db, collection, tables);
      return true;
    })
    .immediate();
}

function mergeSegments(db: Database.Database, collection: string, tables: FullTextTables): void {
  for (const t of Object.values(tables)) prepared(db, `INSERT INTO ${t} (${t}) VALUES ('optimize')`).run();
  prepared(db, 'UPDATE full_text_tables SET unmerged = 0 WHERE collection = ?').run(collection);
}

/**
 * A database written before the split and opened read-only (a full disk) cannot be split: its shared
 * tables are searched as they were then, with a join from each match to its article's collection.
 */
function tablesToRead(db: Database.Database, collection: string): { tables: FullTextTables; shared: boolean } | null {
  const own = collectionTables(db, collection);
  if (own) return { tables: own, shared: false };
  return hasTable(db, SHARED.chunks) ? { tables: SHARED, shared: true } : null;
}

/**
 * BM25-ranked chunks of a collection (optionally of one article) for an FTS5 MATCH expression;
 * bm25() is lower-is-better, and its weights favour a title hit a little over a body hit.
 */
export function searchChunkText(
  db: Database.Database,
  collection: string,
  match: string,
  limit: number,
  articleRowid?: number,
): { id: number; score: number }[] {
  const read = tablesToRead(db, collection);
  if (!read) return [];
  const table = read.tables.chunks;
  let from = `${table} f`;
  let where = `${table} MATCH ?`;
  const params: unknown[] = [match];
  if (read.shared || articleRowid !== undefined) from += ' JOIN chunks c ON c.id = f.rowid';
  if (read.shared) {
    from += ' JOIN articles a ON a.rowid = c.article_rowid';
    where += ' AND a.collection = ?';
    params.push(collection);
  }
  if (articleRowid !== undefined) {
    where += ' AND c.article_rowid = ?';
    params.push(articleRowid);
  }
  const sql = `SELECT f.rowid AS id, bm25(${table}, 2.0, 1.0) AS score FROM ${from} WHERE ${where} ORDER BY score LIMIT ?`;
  return prepared(db, sql).all(...params, limit) as { id: number; score: number }[];
}

/** Number of the collection's sentences. */
export function countSentences(db: Database.Database, collection: string): number {
  const stored =
    collectionTables(db, collection) &&
    prepared(db, 'SELECT sentences FROM full_text_tables WHERE collection = ?').pluck().get(collection);
  if (typeof stored === 'number') return stored;
  // Not indexed yet, or a read-only database from before the split: count the rows.
  return prepared(
    db,
    'SELECT count(*) FROM sentences WHERE article_rowid IN (SELECT rowid FROM articles WHERE collection = ?)',
  )
    .pluck()
    .get(collection) as number;
}

/** Number of the collection's sentences matching an FTS5 expression. */
export function countSentenceMatches(db: Database.Database, collection: string, match: string): number {
  const read = tablesToRead(db, collection);
  if (!read) return 0;
  const table = read.tables.sentences;
  const sql = read.shared
    ? `SELECT count(*) FROM ${table} f JOIN sentences s ON s.id = f.rowid
       JOIN articles a ON a.rowid = s.article_rowid WHERE ${table} MATCH ? AND a.collection = ?`
    : `SELECT count(*) FROM ${table} WHERE ${table} MATCH ?`;
  const params = read.shared ? [match, collection] : [match];
  return prepared(db, sql)
    .pluck()
    .get(...params) as number;
}

/**
 * Moves a database written before the split to tables per collection, in one transaction (a kill
 * half-way leaves the shared tables as they were). They are contentless, so sentences and chunks are
 * indexed again from the stored article text; their rows and ids stay as they are.
 */
export function splitSharedFullText(db: Database.Database): void {
  if (!hasTable(db, SHARED.chunks)) return;
  db.transaction(() => {
    if (!hasTable(db, SHARED.chunks)) return; // another process split it while this one waited
    const rowids = db.prepare('SELECT rowid FROM articles ORDER BY rowid').pluck().all() as number[];
    const article = db.prepare('SELECT collection, title, text FROM articles WHERE rowid = ?');
    const spans = (table: string) =>
      db.prepare(`SELECT id, start, "end" FROM ${table} WHERE article_rowid = ? ORDER BY idx`);
    const sentenceSpans = spans('sentences');
    const chunkSpans = spans('chunks');
    const written = new Set<string>();
    for (const rowid of rowids) {
      const a = article.get(rowid) as { collection: string; title: string; text: string };
      written.add(a.collection);
      const bodies = (rows: unknown[]) =>
        (rows as { id: number; start: number; end: number }[]).map((r) => ({
          id: r.id,
          body: a.text.slice(r.start, r.end),
        }));
      insertArticleText(db, a, bodies(sentenceSpans.all(rowid)), bodies(chunkSpans.all(rowid)));
    }
    for (const collection of written) {
      const tables = collectionTables(db, collection);
      if (tables) mergeSegments(db, collection, tables);
    }
    for (const table of Object.values(SHARED)) db.exec(`DROP TABLE IF EXISTS ${table}`);
  }).immediate();
}

function hasTable(db: Database.Database, name: string): boolean {
  return prepared(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
