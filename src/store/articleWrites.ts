import type Database from 'better-sqlite3';
import type { Span } from '../shared/types.ts';
import type { Chunk } from '../text/chunkArticle.ts';
import { deleteArticleText, insertArticleText } from './fullText.ts';
import type { ArticleInput } from './schema.ts';
import type { SentenceVectors } from './sentenceVectors.ts';
import { prepared } from './statements.ts';

/** Chunk ids an article write removed (for the vector index to drop) and added, in order. */
export interface ChunkChanges {
  removedChunkIds: number[];
  chunkIds: number[];
}

/** What `writeArticle` did: `unchanged` when the same text was already stored (by this or another process). */
export interface ArticleWrite extends ChunkChanges {
  rowid: number;
  unchanged: boolean;
  /** True when an older version of the same source was replaced. */
  replaced: boolean;
  /** The article's id: that of the stored version when one was replaced. */
  id: string;
}

/**
 * Inserts an article with its sentences and chunks, replacing the stored version of the same source
 * in the same transaction; the replacement keeps the old version's id and added_at. The "already
 * stored?" check runs inside the transaction, which takes the write lock first (IMMEDIATE), so two
 * processes ingesting one file both end with one article. `replaceRowid` is the version the caller
 * saw; the one found under the lock wins.
 */
export function writeArticle(
  db: Database.Database,
  input: ArticleInput,
  sentences: Span[],
  chunks: Chunk[],
  replaceRowid: number | null,
): ArticleWrite {
  const write = (): ArticleWrite => {
    const { collection, source, contentHash } = input;
    const bySource = prepared(
      db,
      'SELECT rowid, id, content_hash, added_at FROM articles WHERE collection = ? AND source = ?',
    ).get(collection, source) as { rowid: number; id: string; content_hash: string; added_at: string } | undefined;
    const sameText = bySource
      ? bySource.content_hash === contentHash
      : prepared(db, 'SELECT 1 FROM articles WHERE collection = ? AND content_hash = ?').get(collection, contentHash);
    if (sameText) {
      return {
        rowid: bySource?.rowid ?? -1,
        id: bySource?.id ?? input.id,
        unchanged: true,
        replaced: false,
        removedChunkIds: [],
        chunkIds: [],
      };
    }
    const now = new Date().toISOString();
    const old =
      bySource ??
      (replaceRowid === null
        ? undefined
        : (prepared(db, 'SELECT rowid, id, added_at FROM articles WHERE rowid = ?').get(replaceRowid) as
            | { rowid: number; id: string; added_at: string }
            | undefined));
    const removedChunkIds = old ? deleteArticleRows(db, old.rowid) : [];
    const id = old?.id ?? input.id;
    const insert = prepared(
      db,
      `INSERT INTO articles (id, collection, source, title, url, byline, published_at, added_at, updated_at,
         content_hash, text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const { title, url, byline, publishedAt, text } = input;
    const values = [
      id,
      collection,
      source,
      title,
      url,
      byline,
      publishedAt,
      old?.added_at ?? input.addedAt ?? now,
      now,
      contentHash,
      text,
    ];
    const rowid = Number(insert.run(...values).lastInsertRowid);
    const chunkIds = writeSentencesAndChunks(db, { rowid, collection, title, text }, sentences, chunks);
    return { rowid, id, unchanged: false, replaced: old !== undefined, removedChunkIds, chunkIds };
  };
  // Inside writeArticles the group is the transaction (no savepoint: see there).
  return db.inTransaction ? write() : db.transaction(write).immediate();
}

/** One article of a group write: what `writeArticle` takes. */
export interface ArticleToWrite {
  input: ArticleInput;
  sentences: Span[];
  chunks: Chunk[];
  replaceRowid: number | null;
}

/**
 * Ingest's group commit: several articles in one transaction. With one transaction per article,
 * every commit flushed FTS5's pending terms as a new segment that later merges rewrite, 35% of a
 * profiled 19k-story lexical ingest. The caller prepares the articles (sentences, chunks) before,
 * so the write lock is held only for the writes and other writers still get their turn between
 * groups. No savepoint per article: FTS5 flushes at every savepoint too; a failure rolls the whole
 * group back, and the same ingest run again adds it.
 */
export function writeArticles(db: Database.Database, items: ArticleToWrite[]): ArticleWrite[] {
  return db
    .transaction(() => items.map((a) => writeArticle(db, a.input, a.sentences, a.chunks, a.replaceRowid)))
    .immediate();
}

/** Replaces an article's sentences and chunks (reindex with another tokenizer). */
export function rewriteChunks(db: Database.Database, rowid: number, sentences: Span[], chunks: Chunk[]): ChunkChanges {
  return db
    .transaction(() => {
      const article = prepared(db, 'SELECT rowid, collection, title, text FROM articles WHERE rowid = ?').get(
        rowid,
      ) as StoredArticle;
      const removedChunkIds = deleteDerivedRows(db, rowid);
      const chunkIds = writeSentencesAndChunks(db, article, sentences, chunks);
      return { removedChunkIds, chunkIds };
    })
    .immediate();
}

/** Deletes an article and everything derived from it; returns its chunk ids. */
export function deleteArticle(db: Database.Database, rowid: number): number[] {
  return db.transaction(() => deleteArticleRows(db, rowid)).immediate();
}

export function setChunkVectors(db: Database.Database, ids: number[], vectors: Float32Array[]): void {
  const update = prepared(db, 'UPDATE chunks SET vector = ? WHERE id = ?');
  db.transaction(() => {
    ids.forEach((id, i) => {
      const v = vectors[i]!;
      update.run(Buffer.from(v.buffer, v.byteOffset, v.byteLength), id);
    });
  }).immediate();
}

interface StoredArticle {
  rowid: number;
  collection: string;
  title: string;
  text: string;
}

function writeSentencesAndChunks(
  db: Database.Database,
  { rowid, collection, title, text }: StoredArticle,
  sentences: Span[],
  chunks: Chunk[],
): number[] {
  const insSentence = prepared(db, 'INSERT INTO sentences (article_rowid, idx, start, "end") VALUES (?, ?, ?, ?)');
  const sentenceIds = sentences.map((s, idx) => Number(insSentence.run(rowid, idx, s.start, s.end).lastInsertRowid));
  const insChunk = prepared(
    db,
    'INSERT INTO chunks (article_rowid, idx, start, "end", sentence_start, sentence_end) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const ids = chunks.map((c, idx) =>
    Number(insChunk.run(rowid, idx, c.start, c.end, c.sentenceStart, c.sentenceEnd).lastInsertRowid),
  );
  const bodies = (spans: Span[], spanIds: number[]) =>
    spans.map((span, i) => ({ id: spanIds[i]!, body: text.slice(span.start, span.end) }));
  insertArticleText(db, { collection, title }, bodies(sentences, sentenceIds), bodies(chunks, ids));
  return ids;
}

function deleteArticleRows(db: Database.Database, rowid: number): number[] {
  const ids = deleteDerivedRows(db, rowid);
  prepared(db, 'DELETE FROM articles WHERE rowid = ?').run(rowid);
  return ids;
}

function deleteDerivedRows(db: Database.Database, rowid: number): number[] {
  const chunkRows = prepared(db, 'SELECT id FROM chunks WHERE article_rowid = ?').all(rowid) as { id: number }[];
  deleteArticleText(db, rowid);
  prepared(db, 'DELETE FROM chunks WHERE article_rowid = ?').run(rowid);
  prepared(db, 'DELETE FROM sentences WHERE article_rowid = ?').run(rowid);
  return chunkRows.map((r) => r.id);
}

/**
 * Drops every chunk and sentence vector (a new model), in one transaction: a kill half-way must not
 * leave another model's sentence vectors for the healer to build new chunk vectors from.
 */
export function clearVectors(db: Database.Database, sentenceVectors: SentenceVectors): void {
  db.transaction(() => {
    prepared(db, 'UPDATE chunks SET vector = NULL').run();
    sentenceVectors.clear();
  }).immediate();
}

/** Chunks stored without their vector: the "pending" state the healer (ArticleWriter.embedMissing) owns. */
export function chunksWithoutVector(db: Database.Database, limit: number): { id: number; collection: string }[] {
  return prepared(
    db,
    `SELECT c.id, a.collection FROM chunks c JOIN articles a ON a.rowid = c.article_rowid
       WHERE c.vector IS NULL ORDER BY c.id LIMIT ?`,
  ).all(limit) as { id: number; collection: string }[];
}
