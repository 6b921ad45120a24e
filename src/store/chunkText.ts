import type Database from 'better-sqlite3';
import { FTS_TOKENIZER } from './ftsTokenizer.ts';
import { prepared } from './statements.ts';

/**
 * The chunks' full-text index: one contentless FTS5 table per collection (a Discord server's
 * library). FTS5's bm25() takes its document frequencies and average length from the whole table,
 * so with one shared table another server's articles reordered a server's chunk candidates:
 * measured with 12 SQuAD articles in one collection and 12 in another, 32 of 2,897 first quotes
 * changed. With a table each, a collection's ranking is computed from its own chunks alone, and with
 * a single collection it is exactly the shared table's.
 */
export const CHUNK_TEXT_SCHEMA = `
CREATE TABLE IF NOT EXISTS chunk_text_tables (id INTEGER PRIMARY KEY, collection TEXT NOT NULL UNIQUE);
`;

/** The full-text table all collections shared before, moved by `splitSharedChunkText`. */
const SHARED_TABLE = 'chunks_fts';

/** Table names come from integer ids, never from a collection's name, so no name reaches SQL text. */
function tableName(id: number): string {
  return `chunks_fts_${id}`;
}

/** The collection's full-text table, or null when nothing of it was ever indexed. */
export function chunkTextTable(db: Database.Database, collection: string): string | null {
  const id = prepared(db, 'SELECT id FROM chunk_text_tables WHERE collection = ?').pluck().get(collection) as
    | number
    | undefined;
  return id === undefined ? null : tableName(id);
}

/** The collection's full-text table, created on its first write (inside the writer's transaction). */
function ensureChunkTextTable(db: Database.Database, collection: string): string {
  const existing = chunkTextTable(db, collection);
  if (existing) return existing;
  const id = Number(
    prepared(db, 'INSERT INTO chunk_text_tables (collection) VALUES (?)').run(collection).lastInsertRowid,
  );
  const name = tableName(id);
  db.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS ${name} USING fts5 (
       title, body, content='', contentless_delete=1, tokenize='${FTS_TOKENIZER}'
     )`,
  );
  return name;
}

/** Every chunk full-text table (for the integrity check). */
export function chunkTextTables(db: Database.Database): string[] {
  const ids = prepared(db, 'SELECT id FROM chunk_text_tables ORDER BY id').pluck().all() as number[];
  const names = ids.map(tableName);
  return hasTable(db, SHARED_TABLE) ? [SHARED_TABLE, ...names] : names;
}

/** Indexes an article's chunks (ids and bodies in order) under the article's title. */
export function insertChunkText(
  db: Database.Database,
  collection: string,
  title: string,
  chunks: { id: number; body: string }[],
): void {
  if (chunks.length === 0) return;
  const insert = prepared(
    db,
    `INSERT INTO ${ensureChunkTextTable(db, collection)} (rowid, title, body) VALUES (?, ?, ?)`,
  );
  for (const c of chunks) insert.run(c.id, title, c.body);
}

/** Removes an article's chunks from its collection's full-text table (before its chunk rows go). */
export function deleteChunkText(db: Database.Database, articleRowid: number): void {
  const collection = prepared(db, 'SELECT collection FROM articles WHERE rowid = ?').pluck().get(articleRowid) as
    | string
    | undefined;
  const table = collection === undefined ? null : chunkTextTable(db, collection);
  if (!table) return;
  prepared(db, `DELETE FROM ${table} WHERE rowid IN (SELECT id FROM chunks WHERE article_rowid = ?)`).run(articleRowid);
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
  const own = chunkTextTable(db, collection);
  // A database written before the split and opened read-only (a full disk) cannot be split: its
  // shared table is searched as it was then, with a join to each match's article.
  const table = own ?? (hasTable(db, SHARED_TABLE) ? SHARED_TABLE : null);
  if (!table) return [];
  let from = `${table} f`;
  let where = `${table} MATCH ?`;
  const params: unknown[] = [match];
  if (!own || articleRowid !== undefined) from += ' JOIN chunks c ON c.id = f.rowid';
  if (!own) {
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

/**
 * Moves a database written before the split to one table per collection, in one transaction (a
 * kill half-way leaves the shared table as it was). The shared table is contentless, so the chunks
 * are indexed again from the stored article text; the chunk rows and their ids stay as they are.
 */
export function splitSharedChunkText(db: Database.Database): void {
  if (!hasTable(db, SHARED_TABLE)) return;
  db.transaction(() => {
    if (!hasTable(db, SHARED_TABLE)) return; // another process split it while this one waited
    const rowids = db.prepare('SELECT rowid FROM articles ORDER BY rowid').pluck().all() as number[];
    const article = db.prepare('SELECT collection, title, text FROM articles WHERE rowid = ?');
    const chunks = db.prepare('SELECT id, start, "end" FROM chunks WHERE article_rowid = ? ORDER BY idx');
    for (const rowid of rowids) {
      const a = article.get(rowid) as { collection: string; title: string; text: string };
      const rows = chunks.all(rowid) as { id: number; start: number; end: number }[];
      insertChunkText(
        db,
        a.collection,
        a.title,
        rows.map((c) => ({ id: c.id, body: a.text.slice(c.start, c.end) })),
      );
    }
    db.exec(`DROP TABLE ${SHARED_TABLE}`);
  }).immediate();
}

function hasTable(db: Database.Database, name: string): boolean {
  return prepared(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
