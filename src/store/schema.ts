import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { oneLine, QuothError } from '../shared/errors.ts';
import { allFullTextTables, FULL_TEXT_SCHEMA, splitSharedFullText } from './fullText.ts';

/** What identifies and describes an article, in the row as read and the input as written. */
interface ArticleFields {
  id: string;
  collection: string;
  source: string;
  title: string;
  url: string | null;
  byline: string | null;
}

export interface ArticleRow extends ArticleFields {
  rowid: number;
  published_at: string | null;
  added_at: string;
  updated_at: string;
  content_hash: string;
  chunks: number;
}

export interface ArticleInput extends ArticleFields {
  publishedAt: string | null;
  /** Kept from the damaged database by `quoth repair`; otherwise now. */
  addedAt?: string;
  contentHash: string;
  text: string;
}

export interface ChunkRow {
  id: number;
  article_rowid: number;
  start: number;
  end: number;
  sentence_start: number;
  sentence_end: number;
}

export interface SentenceRow {
  id: number;
  article_rowid: number;
  idx: number;
  start: number;
  end: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  collection TEXT NOT NULL,
  source TEXT NOT NULL,
  title TEXT NOT NULL,
  url TEXT,
  byline TEXT,
  published_at TEXT,
  added_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  text TEXT NOT NULL,
  UNIQUE (collection, id),
  UNIQUE (collection, source)
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles (collection, content_hash);
-- AUTOINCREMENT: a chunk id is a vector label in hnswlib, so ids must never be reused after a
-- delete (a reused label would collide with the deleted point still held in the index).
CREATE TABLE IF NOT EXISTS chunks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  sentence_start INTEGER NOT NULL,
  sentence_end INTEGER NOT NULL,
  vector BLOB
);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks (article_rowid, idx);
-- Only the chunks still waiting for a vector (normally none): every open asks whether there are
-- any, and counting them by a scan of all chunks took 20-60 ms at 19,000 stories.
CREATE INDEX IF NOT EXISTS chunks_without_vector ON chunks (article_rowid) WHERE vector IS NULL;
CREATE TABLE IF NOT EXISTS sentences (
  id INTEGER PRIMARY KEY,
  article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sentences_article ON sentences (article_rowid, idx);
-- The full-text indexes are contentless FTS5 tables per collection (fullText.ts): the text lives
-- once, in articles.text; their rowids are sentence and chunk ids.
`;

const BUSY_TIMEOUT_MS = 5000;

/**
 * `PRAGMA quick_check` reads every page: measured at 0.5–1.4 s for a 98 MB database of 19,000
 * article-sized rows with a contentless FTS5 table (2 busy cores), too slow for every `list`. Up to
 * this size (~0.3 s at worst) it runs on each open; above it damage shows as a SQLite "malformed"
 * error, which every front end turns into the same one-line "damaged" message, and `stats --check`.
 */
const QUICK_CHECK_MAX_BYTES = 48 << 20;

/** Opens (creating when needed) the database of a data directory, with the schema in place. */
export function openDatabase(
  dataDir: string,
  opts: { readonly?: boolean } = {},
): { db: Database.Database; file: string } {
  const file = path.join(dataDir, 'quoth.db');
  // A full disk or a read-only data directory still lets the library be read: list, ask, show.
  if (opts.readonly || !writableDir(dataDir)) {
    if (fileBytes(file) > 0) return { db: openReadonly(file), file };
    throw new QuothError(
      `The data directory ${dataDir} is not writable; set DATA_DIR or --data-dir to a folder Quoth can write to.`,
      'storage',
    );
  }
  const bytes = fileBytes(file);
  const fresh = bytes === 0;
  let db: Database.Database | undefined;
  try {
    // Another process may hold the write lock (two ingests, the bot beside the CLI): wait for it.
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Checked before anything is written: a damaged file must stay as it is for `quoth repair`.
    if (!fresh && bytes <= QUICK_CHECK_MAX_BYTES) checkPages(db, file, 'quick_check');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.exec(SCHEMA + FULL_TEXT_SCHEMA);
    splitSharedFullText(db);
    // Chunk ids restart in a new database, so an index file beside it would label the wrong chunks.
    if (fresh) removeIndexFiles(dataDir);
    return { db, file };
  } catch (err) {
    if (db?.open) db.close();
    throw damagedError(err, file) ?? new QuothError(`Cannot open the database ${file}: ${oneLine(err)}.`, 'storage');
  }
}

/**
 * Runs `PRAGMA quick_check` (every page read, O(size)) or `integrity_check` (also every index
 * against its table) and throws the one-line "damaged" error unless it reports ok.
 */
export function checkPages(db: Database.Database, file: string, check: 'quick_check' | 'integrity_check'): void {
  const rows = db.pragma(`${check}(5)`) as Record<string, string>[];
  const first = rows.map((r) => Object.values(r)[0]).join('; ');
  if (first !== 'ok') throw damaged(file, first);
}

/** `quoth stats --check`: every page, every index against its table, and every full-text index. */
export function checkIntegrity(db: Database.Database, file: string): void {
  try {
    checkPages(db, file, 'integrity_check');
    for (const fts of allFullTextTables(db)) {
      db.prepare(`INSERT INTO ${fts} (${fts}) VALUES ('integrity-check')`).run();
    }
  } catch (err) {
    throw damagedError(err, file) ?? err;
  }
}

/** The one-line error for a SQLite error that means the file is damaged, else null. */
export function damagedError(err: unknown, file: string): QuothError | null {
  if (err instanceof QuothError) return err;
  const code = (err as { code?: unknown }).code;
  const message = oneLine(err);
  if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code)) return damaged(file, message);
  if (/malformed|not a database|corrupt/i.test(message)) return damaged(file, message);
  return null;
}

function damaged(file: string, detail: string): QuothError {
  const why = detail.replace(/\s+/g, ' ').slice(0, 120);
  return new QuothError(
    `The database ${file} is damaged (${why}); run \`quoth repair\` to rebuild it from what can still be read.`,
    'storage',
  );
}

function fileBytes(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function removeIndexFiles(dataDir: string): void {
  for (const name of fs.readdirSync(dataDir)) {
    if (/^vectors-.*\.hnsw(\.json)?$/.test(name)) fs.rmSync(path.join(dataDir, name), { force: true });
  }
}

export function bufferToVector(buf: Buffer): Float32Array {
  // Copy: the Buffer's memory may be reused by SQLite once the row is gone, and may be unaligned.
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return new Float32Array(copy.buffer);
}

function writableDir(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    const probe = path.join(dir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    return true;
  } catch {
    return false;
  }
}

function openReadonly(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    if (fileBytes(file) <= QUICK_CHECK_MAX_BYTES) checkPages(db, file, 'quick_check');
    return db;
  } catch (err) {
    if (db?.open) db.close();
    throw damagedError(err, file) ?? new QuothError(`Cannot open the database ${file}: ${oneLine(err)}.`, 'storage');
  }
}

/** The database file and its write-ahead log, which holds recent writes until a checkpoint. */
export function databaseBytes(file: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal']) {
    try {
      bytes += fs.statSync(file + suffix).size;
    } catch {
      // No WAL file right now.
    }
  }
  return bytes;
}
