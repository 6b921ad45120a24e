import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { QuothError } from '../core/errors.ts';
import type { Span } from '../core/types.ts';
import type { Chunk } from '../text/chunkArticle.ts';
import { CollectionStats } from './collectionStats.ts';

export interface ArticleRow {
  rowid: number;
  id: string;
  collection: string;
  source: string;
  title: string;
  url: string | null;
  byline: string | null;
  published_at: string | null;
  added_at: string;
  updated_at: string;
  content_hash: string;
  chunks: number;
}

export interface ArticleInput {
  id: string;
  collection: string;
  source: string;
  title: string;
  url: string | null;
  byline: string | null;
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

/** The SQLite database behind a Quoth library: articles, sentences, chunks, vectors and full-text indexes. */
export class LibraryStore {
  readonly db: Database.Database;
  private readonly docFreqCache = new Map<string, number>();
  private sentenceCount: number | null = null;
  /** Per-collection sentence statistics for answer scoring (see collectionStats.ts). */
  readonly stats: CollectionStats;

  private constructor(
    db: Database.Database,
    readonly file: string,
  ) {
    this.db = db;
    this.stats = new CollectionStats(db);
  }

  static open(dataDir: string): LibraryStore {
    ensureWritableDir(dataDir);
    const file = path.join(dataDir, 'quoth.db');
    let db: Database.Database;
    try {
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.exec(SCHEMA);
    } catch (err) {
      throw new QuothError(`Cannot open the database ${file}: ${(err as Error).message}.`, 'storage');
    }
    return new LibraryStore(db, file);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  getMeta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string | null): void {
    if (value === null) this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
    else this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  private static readonly ARTICLE_COLUMNS = `a.rowid, a.id, a.collection, a.source, a.title, a.url, a.byline, a.published_at,
    a.added_at, a.updated_at, a.content_hash, (SELECT count(*) FROM chunks c WHERE c.article_rowid = a.rowid) AS chunks`;

  articleBySource(collection: string, source: string): ArticleRow | undefined {
    return this.db
      .prepare(`SELECT ${LibraryStore.ARTICLE_COLUMNS} FROM articles a WHERE a.collection = ? AND a.source = ?`)
      .get(collection, source) as ArticleRow | undefined;
  }

  articleByHash(collection: string, hash: string): ArticleRow | undefined {
    return this.db
      .prepare(`SELECT ${LibraryStore.ARTICLE_COLUMNS} FROM articles a WHERE a.collection = ? AND a.content_hash = ?`)
      .get(collection, hash) as ArticleRow | undefined;
  }

  articleById(collection: string, id: string): ArticleRow | undefined {
    return this.db
      .prepare(`SELECT ${LibraryStore.ARTICLE_COLUMNS} FROM articles a WHERE a.collection = ? AND a.id = ?`)
      .get(collection, id) as ArticleRow | undefined;
  }

  articlesByIdPrefix(collection: string, prefix: string): ArticleRow[] {
    return this.db
      .prepare(`SELECT ${LibraryStore.ARTICLE_COLUMNS} FROM articles a WHERE a.collection = ? AND substr(a.id, 1, ?) = ? LIMIT 2`)
      .all(collection, prefix.length, prefix) as ArticleRow[];
  }

  articleByRowid(rowid: number): ArticleRow | undefined {
    return this.db.prepare(`SELECT ${LibraryStore.ARTICLE_COLUMNS} FROM articles a WHERE a.rowid = ?`).get(rowid) as ArticleRow | undefined;
  }

  idTaken(collection: string, id: string): boolean {
    return this.db.prepare('SELECT 1 FROM articles WHERE collection = ? AND id = ?').get(collection, id) !== undefined;
  }

  listArticles(collection: string): ArticleRow[] {
    return this.db
      .prepare(`SELECT ${LibraryStore.ARTICLE_COLUMNS} FROM articles a WHERE a.collection = ? ORDER BY a.added_at, a.rowid`)
      .all(collection) as ArticleRow[];
  }

  allArticleRowids(collection?: string): number[] {
    const rows = collection
      ? this.db.prepare('SELECT rowid FROM articles WHERE collection = ? ORDER BY rowid').all(collection)
      : this.db.prepare('SELECT rowid FROM articles ORDER BY rowid').all();
    return (rows as { rowid: number }[]).map((r) => r.rowid);
  }

  collections(): string[] {
    return (this.db.prepare('SELECT DISTINCT collection FROM articles ORDER BY collection').all() as { collection: string }[]).map((r) => r.collection);
  }

  articleText(rowid: number): string {
    const row = this.db.prepare('SELECT text FROM articles WHERE rowid = ?').get(rowid) as { text: string } | undefined;
    if (!row) throw new QuothError(`Article #${rowid} is gone.`, 'not_found');
    return row.text;
  }

  /**
   * Inserts an article with its sentences and chunks, replacing `replaceRowid` (the old version of
   * the same source) in the same transaction. Returns the new rowid, the old chunk ids (for the
   * vector index to drop) and the new chunk ids in order.
   */
  writeArticle(
    input: ArticleInput,
    sentences: Span[],
    chunks: Chunk[],
    replaceRowid: number | null,
  ): { rowid: number; removedChunkIds: number[]; chunkIds: number[] } {
    const tx = this.db.transaction(() => {
      const now = new Date().toISOString();
      let addedAt = now;
      let removedChunkIds: number[] = [];
      if (replaceRowid !== null) {
        const old = this.articleByRowid(replaceRowid);
        if (old) addedAt = old.added_at;
        removedChunkIds = this.deleteArticleRows(replaceRowid);
      }
      const rowid = Number(
        this.db
          .prepare(
            `INSERT INTO articles (id, collection, source, title, url, byline, published_at, added_at, updated_at, content_hash, text)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(input.id, input.collection, input.source, input.title, input.url, input.byline, input.publishedAt, addedAt, now, input.contentHash, input.text)
          .lastInsertRowid,
      );
      const chunkIds = this.writeSentencesAndChunks(rowid, input.title, input.text, sentences, chunks);
      return { rowid, removedChunkIds, chunkIds };
    });
    const result = tx();
    this.invalidateStats(input.collection);
    return result;
  }

  /** Replaces an article's sentences and chunks (reindex with another tokenizer). Returns old and new chunk ids. */
  rewriteChunks(rowid: number, sentences: Span[], chunks: Chunk[]): { removedChunkIds: number[]; chunkIds: number[] } {
    const tx = this.db.transaction(() => {
      const article = this.articleByRowid(rowid)!;
      const text = this.articleText(rowid);
      const removedChunkIds = this.deleteDerivedRows(rowid);
      const chunkIds = this.writeSentencesAndChunks(rowid, article.title, text, sentences, chunks);
      return { removedChunkIds, chunkIds };
    });
    const result = tx();
    this.invalidateStats(this.stats.collectionOfArticle(rowid));
    return result;
  }

  private writeSentencesAndChunks(rowid: number, title: string, text: string, sentences: Span[], chunks: Chunk[]): number[] {
    const insSentence = this.db.prepare('INSERT INTO sentences (article_rowid, idx, start, "end") VALUES (?, ?, ?, ?)');
    const insSentenceFts = this.db.prepare('INSERT INTO sentences_fts (rowid, body) VALUES (?, ?)');
    sentences.forEach((s, idx) => {
      const id = Number(insSentence.run(rowid, idx, s.start, s.end).lastInsertRowid);
      insSentenceFts.run(id, text.slice(s.start, s.end));
    });
    const insChunk = this.db.prepare(
      'INSERT INTO chunks (article_rowid, idx, start, "end", sentence_start, sentence_end) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insChunkFts = this.db.prepare('INSERT INTO chunks_fts (rowid, title, body) VALUES (?, ?, ?)');
    return chunks.map((c, idx) => {
      const id = Number(insChunk.run(rowid, idx, c.start, c.end, c.sentenceStart, c.sentenceEnd).lastInsertRowid);
      insChunkFts.run(id, title, text.slice(c.start, c.end));
      return id;
    });
  }

  /** Deletes an article and everything derived from it; returns its chunk ids. */
  deleteArticle(rowid: number): number[] {
    const collection = this.stats.collectionOfArticle(rowid);
    const ids = this.db.transaction(() => this.deleteArticleRows(rowid))();
    this.invalidateStats(collection);
    return ids;
  }

  private deleteArticleRows(rowid: number): number[] {
    const ids = this.deleteDerivedRows(rowid);
    this.db.prepare('DELETE FROM articles WHERE rowid = ?').run(rowid);
    return ids;
  }

  private deleteDerivedRows(rowid: number): number[] {
    const chunkIds = (this.db.prepare('SELECT id FROM chunks WHERE article_rowid = ?').all(rowid) as { id: number }[]).map((r) => r.id);
    this.db.prepare('DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE article_rowid = ?)').run(rowid);
    this.db.prepare('DELETE FROM sentences_fts WHERE rowid IN (SELECT id FROM sentences WHERE article_rowid = ?)').run(rowid);
    this.db.prepare('DELETE FROM chunks WHERE article_rowid = ?').run(rowid);
    this.db.prepare('DELETE FROM sentences WHERE article_rowid = ?').run(rowid);
    return chunkIds;
  }

  setChunkVectors(ids: number[], vectors: Float32Array[]): void {
    const upd = this.db.prepare('UPDATE chunks SET vector = ? WHERE id = ?');
    this.db.transaction(() => {
      ids.forEach((id, i) => {
        const v = vectors[i]!;
        upd.run(Buffer.from(v.buffer, v.byteOffset, v.byteLength), id);
      });
    })();
  }

  clearVectors(): void {
    this.db.prepare('UPDATE chunks SET vector = NULL').run();
  }

  /** Every stored vector of a collection, for rebuilding its index. */
  *iterateVectors(collection: string): Generator<{ id: number; vector: Float32Array }> {
    const stmt = this.db.prepare(
      `SELECT c.id, c.vector FROM chunks c JOIN articles a ON a.rowid = c.article_rowid
       WHERE a.collection = ? AND c.vector IS NOT NULL ORDER BY c.id`,
    );
    for (const row of stmt.iterate(collection) as Iterable<{ id: number; vector: Buffer }>) {
      yield { id: row.id, vector: bufferToVector(row.vector) };
    }
  }

  chunkVectorsOfArticle(rowid: number): { id: number; vector: Float32Array }[] {
    const rows = this.db.prepare('SELECT id, vector FROM chunks WHERE article_rowid = ? AND vector IS NOT NULL').all(rowid) as {
      id: number;
      vector: Buffer;
    }[];
    return rows.map((r) => ({ id: r.id, vector: bufferToVector(r.vector) }));
  }

  chunksWithoutVectors(collection?: string): number {
    const sql = `SELECT count(*) AS n FROM chunks c JOIN articles a ON a.rowid = c.article_rowid WHERE c.vector IS NULL${collection ? ' AND a.collection = ?' : ''}`;
    const row = (collection ? this.db.prepare(sql).get(collection) : this.db.prepare(sql).get()) as { n: number };
    return row.n;
  }

  /** BM25-ranked chunks of a collection (optionally of one article) for an FTS5 MATCH expression. */
  searchChunks(collection: string, match: string, limit: number, articleRowid?: number): { id: number; score: number }[] {
    // bm25() is lower-is-better; weights favour a title hit a little over a body hit.
    const sql = `SELECT f.rowid AS id, bm25(chunks_fts, 2.0, 1.0) AS score
      FROM chunks_fts f JOIN chunks c ON c.id = f.rowid JOIN articles a ON a.rowid = c.article_rowid
      WHERE chunks_fts MATCH ? AND a.collection = ?${articleRowid !== undefined ? ' AND c.article_rowid = ?' : ''}
      ORDER BY score LIMIT ?`;
    const params: unknown[] = [match, collection];
    if (articleRowid !== undefined) params.push(articleRowid);
    params.push(limit);
    return this.db.prepare(sql).all(...params) as { id: number; score: number }[];
  }

  chunksByIds(ids: number[]): Map<number, ChunkRow> {
    const rows = this.db
      .prepare('SELECT id, article_rowid, start, "end", sentence_start, sentence_end FROM chunks WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids)) as ChunkRow[];
    return new Map(rows.map((r) => [r.id, r]));
  }

  sentencesOfArticle(rowid: number, from = 0, to = Number.MAX_SAFE_INTEGER): SentenceRow[] {
    return this.db
      .prepare('SELECT id, article_rowid, idx, start, "end" FROM sentences WHERE article_rowid = ? AND idx >= ? AND idx < ? ORDER BY idx')
      .all(rowid, from, to) as SentenceRow[];
  }

  /** Which of `sentenceIds` match an FTS5 expression, with their BM25 (lower is better). */
  matchSentences(match: string, sentenceIds: number[]): Map<number, number> {
    const rows = this.db
      .prepare(
        `SELECT rowid AS id, bm25(sentences_fts) AS score FROM sentences_fts
         WHERE sentences_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
      )
      .all(match, JSON.stringify(sentenceIds)) as { id: number; score: number }[];
    return new Map(rows.map((r) => [r.id, r.score]));
  }

  /** Number of sentences (library-wide) containing a term, for IDF weights; cached until the next write. */
  sentenceDocFreq(termMatch: string): number {
    let n = this.docFreqCache.get(termMatch);
    if (n === undefined) {
      n = (this.db.prepare('SELECT count(*) AS n FROM sentences_fts WHERE sentences_fts MATCH ?').get(termMatch) as { n: number }).n;
      this.docFreqCache.set(termMatch, n);
    }
    return n;
  }

  totalSentences(): number {
    this.sentenceCount ??= (this.db.prepare('SELECT count(*) AS n FROM sentences').get() as { n: number }).n;
    return this.sentenceCount;
  }

  counts(collection: string): { articles: number; chunks: number; vectors: number } {
    return this.db
      .prepare(
        `SELECT (SELECT count(*) FROM articles WHERE collection = @collection) AS articles,
                count(c.id) AS chunks, count(c.vector) AS vectors
         FROM chunks c JOIN articles a ON a.rowid = c.article_rowid WHERE a.collection = @collection`,
      )
      .get({ collection }) as { articles: number; chunks: number; vectors: number };
  }

  private invalidateStats(collection: string | undefined): void {
    this.docFreqCache.clear();
    this.sentenceCount = null;
    if (collection !== undefined) this.stats.invalidate(collection);
  }
}

function bufferToVector(buf: Buffer): Float32Array {
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
    throw new QuothError(`The data directory ${dir} is not writable; set DATA_DIR or --data-dir to a folder Quoth can write to.`, 'storage');
  }
}
