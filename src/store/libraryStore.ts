import type Database from 'better-sqlite3';
import { QuothError } from '../shared/errors.ts';
import type { Span } from '../shared/types.ts';
import type { Chunk } from '../text/chunkArticle.ts';
import * as writes from './articleWrites.ts';
import type { ChunkChanges } from './articleWrites.ts';
import {
  type ArticleInput,
  type ArticleRow,
  bufferToVector,
  type ChunkRow,
  checkIntegrity,
  openDatabase,
  type SentenceRow,
} from './schema.ts';
import { mergeFullTextIfDue, searchChunkText } from './fullText.ts';
import { CollectionStats } from './collectionStats.ts';
import { ScratchMatcher } from './scratchMatch.ts';
import { SentenceVectors } from './sentenceVectors.ts';
import { SentenceVocabulary } from './sentenceVocabulary.ts';
import { prepared } from './statements.ts';

export type { ArticleInput, ArticleRow, ChunkRow, SentenceRow } from './schema.ts';

/** The SQLite database behind a Quoth library: articles, sentences, chunks, vectors and full-text indexes. */
export class LibraryStore {
  readonly db: Database.Database;
  /** Per-collection sentence statistics for answer scoring (see collectionStats.ts). */
  readonly stats: CollectionStats;
  /** Per-collection indexed terms for spelling correction (see sentenceVocabulary.ts). */
  readonly vocabulary: SentenceVocabulary;

  private constructor(
    db: Database.Database,
    readonly file: string,
  ) {
    this.db = db;
    this.stats = new CollectionStats(db);
    this.vocabulary = new SentenceVocabulary(db, (id) => this.sentenceText(id));
  }

  private sentenceVectorTable: SentenceVectors | undefined;
  private scratch: ScratchMatcher | undefined;
  private prepare(sql: string): Database.Statement {
    return prepared(this.db, sql);
  }

  /** Created on first use: the table lives in the library's database but is kept apart from its schema. */
  get sentenceVectors(): SentenceVectors {
    this.sentenceVectorTable ??= new SentenceVectors(this.db);
    return this.sentenceVectorTable;
  }

  /** Opened read-only when asked or when the data directory cannot be written (full disk, read-only mount). */
  static open(dataDir: string, opts: { readonly?: boolean } = {}): LibraryStore {
    const { db, file } = openDatabase(dataDir, opts);
    return new LibraryStore(db, file);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** `quoth stats --check`: every page, every index against its table, and both full-text indexes. */
  checkIntegrity(): void {
    checkIntegrity(this.db, this.file);
  }

  getMeta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string | null): void {
    if (value === null) this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
    else
      this.db
        .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(key, value);
  }

  private static readonly ARTICLE_COLUMNS =
    `a.rowid, a.id, a.collection, a.source, a.title, a.url, a.byline, a.published_at,
    a.added_at, a.updated_at, a.content_hash,
    (SELECT count(*) FROM chunks c WHERE c.article_rowid = a.rowid) AS chunks`;

  /** Article rows, with their chunk counts, matching a condition on `articles a`. */
  private articlesWhere(condition: string, ...params: unknown[]): ArticleRow[] {
    return this.prepare(`SELECT ${LibraryStore.ARTICLE_COLUMNS} FROM articles a WHERE ${condition}`).all(
      ...params,
    ) as ArticleRow[];
  }

  articleBySource(collection: string, source: string): ArticleRow | undefined {
    return this.articlesWhere('a.collection = ? AND a.source = ?', collection, source)[0];
  }

  articleByHash(collection: string, hash: string): ArticleRow | undefined {
    return this.articlesWhere('a.collection = ? AND a.content_hash = ? LIMIT 1', collection, hash)[0];
  }

  articleById(collection: string, id: string): ArticleRow | undefined {
    return this.articlesWhere('a.collection = ? AND a.id = ?', collection, id)[0];
  }

  articlesByIdPrefix(collection: string, prefix: string): ArticleRow[] {
    return this.articlesWhere('a.collection = ? AND substr(a.id, 1, ?) = ? LIMIT 2', collection, prefix.length, prefix);
  }

  articleByRowid(rowid: number): ArticleRow | undefined {
    return this.articlesWhere('a.rowid = ?', rowid)[0];
  }

  idTaken(collection: string, id: string): boolean {
    return this.prepare('SELECT 1 FROM articles WHERE collection = ? AND id = ?').get(collection, id) !== undefined;
  }

  /** Whether any article title of the collection contains the text, ignoring case (a LIKE match). */
  titleContains(collection: string, text: string): boolean {
    const pattern = `%${text.replace(/[\\%_]/g, '\\$&')}%`;
    const sql = "SELECT 1 FROM articles WHERE collection = ? AND title LIKE ? ESCAPE '\\' LIMIT 1";
    return this.prepare(sql).get(collection, pattern) !== undefined;
  }

  listArticles(collection: string): ArticleRow[] {
    return this.articlesWhere('a.collection = ? ORDER BY a.added_at, a.rowid', collection);
  }

  allArticleRowids(collection?: string): number[] {
    const rows = collection
      ? this.db.prepare('SELECT rowid FROM articles WHERE collection = ? ORDER BY rowid').all(collection)
      : this.db.prepare('SELECT rowid FROM articles ORDER BY rowid').all();
    return (rows as { rowid: number }[]).map((r) => r.rowid);
  }

  collections(): string[] {
    return (
      this.db.prepare('SELECT DISTINCT collection FROM articles ORDER BY collection').all() as { collection: string }[]
    ).map((r) => r.collection);
  }

  /** A sentence's text, or null when the sentence is gone. */
  sentenceText(id: number): string | null {
    // Offsets count UTF-16 code units, as JavaScript strings do (SQLite's substr counts characters).
    const row = this.prepare('SELECT article_rowid, start, "end" FROM sentences WHERE id = ?').get(id) as
      | { article_rowid: number; start: number; end: number }
      | undefined;
    return row ? this.articleText(row.article_rowid).slice(row.start, row.end) : null;
  }

  articleText(rowid: number): string {
    const row = this.prepare('SELECT text FROM articles WHERE rowid = ?').get(rowid) as { text: string } | undefined;
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
  ): writes.ArticleWrite {
    return this.afterWrite(writes.writeArticle(this.db, input, sentences, chunks, replaceRowid), input.collection);
  }

  /** Several articles in one transaction (ingest's group commit, see articleWrites.writeArticles). */
  writeArticles(items: writes.ArticleToWrite[]): writes.ArticleWrite[] {
    return this.afterWrite(writes.writeArticles(this.db, items), items[0]?.input.collection);
  }

  /** Replaces an article's sentences and chunks (reindex with another tokenizer). Returns old and new chunk ids. */
  rewriteChunks(rowid: number, sentences: Span[], chunks: Chunk[]): ChunkChanges {
    return this.afterWrite(
      writes.rewriteChunks(this.db, rowid, sentences, chunks),
      this.stats.collectionOfArticle(rowid),
    );
  }

  /** Deletes an article and everything derived from it; returns its chunk ids. */
  deleteArticle(rowid: number): number[] {
    const collection = this.stats.collectionOfArticle(rowid);
    return this.afterWrite(writes.deleteArticle(this.db, rowid), collection);
  }

  setChunkVectors(ids: number[], vectors: Float32Array[]): void {
    writes.setChunkVectors(this.db, ids, vectors);
  }

  /** Drops every chunk and sentence vector (a new model) in one transaction; see articleWrites. */
  clearVectors(): void {
    writes.clearVectors(this.db, this.sentenceVectors);
  }

  /** Chunks stored without their vector (an ingest or reindex stopped before embedding them), by id. */
  chunksWithoutVector(limit: number): { id: number; collection: string }[] {
    return writes.chunksWithoutVector(this.db, limit);
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
    const rows = this.db
      .prepare('SELECT id, vector FROM chunks WHERE article_rowid = ? AND vector IS NOT NULL')
      .all(rowid) as {
      id: number;
      vector: Buffer;
    }[];
    return rows.map((r) => ({ id: r.id, vector: bufferToVector(r.vector) }));
  }

  chunksWithoutVectors(collection?: string): number {
    const sql =
      `SELECT count(*) AS n FROM chunks c JOIN articles a ON a.rowid = c.article_rowid ` +
      `WHERE c.vector IS NULL${collection ? ' AND a.collection = ?' : ''}`;
    const row = (collection ? this.db.prepare(sql).get(collection) : this.db.prepare(sql).get()) as { n: number };
    return row.n;
  }

  /** Merges the collection's full-text indexes when enough of it is new (see mergeFullTextIfDue). */
  mergeFullTextIfDue(collection: string, minArticles: number): boolean {
    return mergeFullTextIfDue(this.db, collection, minArticles);
  }

  /** BM25-ranked chunks of a collection (optionally of one article) for an FTS5 MATCH expression. */
  searchChunks(
    collection: string,
    match: string,
    limit: number,
    articleRowid?: number,
  ): { id: number; score: number }[] {
    return searchChunkText(this.db, collection, match, limit, articleRowid);
  }

  chunksByIds(ids: number[]): Map<number, ChunkRow> {
    const rows = this.prepare(
      'SELECT id, article_rowid, start, "end", sentence_start, sentence_end ' +
        'FROM chunks WHERE id IN (SELECT value FROM json_each(?))',
    ).all(JSON.stringify(ids)) as ChunkRow[];
    return new Map(rows.map((r) => [r.id, r]));
  }

  sentencesOfArticle(rowid: number, from = 0, to = Number.MAX_SAFE_INTEGER): SentenceRow[] {
    return this.prepare(
      'SELECT id, article_rowid, idx, start, "end" FROM sentences ' +
        'WHERE article_rowid = ? AND idx >= ? AND idx < ? ORDER BY idx',
    ).all(rowid, from, to) as SentenceRow[];
  }

  /** For each FTS5 expression, which of the given sentences match it (see scratchMatch.ts). */
  matchSentences(expressions: string[], sentences: { id: number; text: string }[]): Map<string, number[]> {
    this.scratch ??= new ScratchMatcher(this.db);
    return this.scratch.match(expressions, sentences);
  }

  counts(collection: string): { articles: number; chunks: number; vectors: number } {
    // Chunks are counted through indexes only (vectors = chunks - those without one): counting
    // the vectors themselves read every chunk row, 60 ms at 19,000 stories on each index open.
    const row = this.prepare(
      `SELECT (SELECT count(*) FROM articles WHERE collection = @collection) AS articles,
              (SELECT count(*) FROM articles a JOIN chunks c ON c.article_rowid = a.rowid
               WHERE a.collection = @collection) AS chunks,
              (SELECT count(*) FROM articles a JOIN chunks c ON c.article_rowid = a.rowid
               WHERE a.collection = @collection AND c.vector IS NULL) AS pending`,
    ).get({ collection }) as { articles: number; chunks: number; pending: number };
    return { articles: row.articles, chunks: row.chunks, vectors: row.chunks - row.pending };
  }

  /** Document frequencies and the sentence count change with every write. */
  private afterWrite<T>(result: T, collection: string | undefined): T {
    this.stats.invalidate(collection);
    this.vocabulary.invalidate(collection);
    return result;
  }
}
