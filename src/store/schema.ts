import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { QuothError } from '../shared/errors.ts';

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
CREATE TABLE IF NOT EXISTS sentences (
  id INTEGER PRIMARY KEY,
  article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sentences_article ON sentences (article_rowid, idx);
-- Contentless FTS5 tables: the text lives once, in articles.text; rowids are chunk and sentence ids.
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5 (
  title, body, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5 (
  body, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2'
);
`;

/** Opens (creating when needed) the database of a data directory, with the schema in place. */
export function openDatabase(dataDir: string): { db: Database.Database; file: string } {
  ensureWritableDir(dataDir);
  const file = path.join(dataDir, 'quoth.db');
  try {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.exec(SCHEMA);
    return { db, file };
  } catch (err) {
    throw new QuothError(`Cannot open the database ${file}: ${(err as Error).message}.`, 'storage');
  }
}

export function bufferToVector(buf: Buffer): Float32Array {
  // Copy: the Buffer's memory may be reused by SQLite once the row is gone, and may be unaligned.
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return new Float32Array(copy.buffer);
}

function ensureWritableDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    const probe = path.join(dir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch {
    throw new QuothError(
      `The data directory ${dir} is not writable; set DATA_DIR or --data-dir to a folder Quoth can write to.`,
      'storage',
    );
  }
}
