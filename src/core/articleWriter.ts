import crypto from 'node:crypto';
import { embedChunksBySentence } from '../embed/chunkEmbedding.ts';
import type { Embedder } from '../embed/embedder.ts';
import type { RawArticle } from '../ingest/parseDocument.ts';
import type { IngestReport, RetrievalMode } from '../shared/types.ts';
import type { ArticleToWrite } from '../store/articleWrites.ts';
import type { ArticleInput, LibraryStore } from '../store/libraryStore.ts';
import { diskFullError } from '../store/storageErrors.ts';
import { chunkArticle, estimateTokens } from '../text/chunkArticle.ts';
import { splitSentences } from '../text/splitSentences.ts';
import { SplitThread, type SplitResult } from './splitThread.ts';
import type { CollectionIndexes } from './vectorIndexes.ts';

/** Chunks embedded per call: big enough to amortise the model call, small enough to show progress. */
const EMBED_BATCH = 64;

/** Chunks written but not yet embedded; flushed in batches of EMBED_BATCH. */
interface PendingEmbedding {
  collection: string;
  ids: number[];
  texts: string[];
}

/** Chunks and vectors written for one article by `rechunk`. */
export interface RechunkResult {
  chunks: number;
  vectors: number;
}

/**
 * Stores articles: sentences, chunks within the model's token budget, and (in hybrid mode) their
 * vectors in SQLite and the collection's index. Ingest, text ingest and reindex all write here.
 */
export class ArticleWriter {
  constructor(
    private readonly store: LibraryStore,
    private readonly embedder: Embedder | null,
    private readonly indexes: CollectionIndexes,
    private readonly mode: () => RetrievalMode,
  ) {}

  emptyReport(): IngestReport {
    return { added: 0, updated: 0, unchanged: 0, failed: [], chunks: 0, mode: this.mode(), articleIds: [] };
  }

  /**
   * Every ingest ends by merging the collection's full-text indexes once at least 100 articles and a
   * tenth of the collection were written since the last merge (see mergeFullTextIfDue): a bulk
   * ingest merges at its end, and a library growing by feed items every tenth of its size.
   */
  mergeIndexesIfDue(collection: string): void {
    try {
      this.store.mergeFullTextIfDue(collection, MERGE_MIN_ARTICLES);
    } catch (err) {
      // The merge rewrites the index, so it needs free space the ingest did not; on a full disk it
      // rolls back and leaves the index as it was, and the articles are stored: no failure to
      // report. The count of unmerged articles stays, so a later ingest merges.
      if (!diskFullError(err, this.store.file)) throw err;
    }
  }

  /** A batch of articles for one collection: `finish()` embeds what is left and saves the indexes. */
  batch(collection: string): ArticleBatch {
    return new ArticleBatch(this, { collection, ids: [], texts: [] });
  }

  /**
   * Prepares an article for `writeStaged` outside the write lock (hash, sentences, chunks; those
   * on `splitter`'s thread when given); null when it is unchanged (same title and text already
   * stored), which is only counted.
   */
  async stage(
    raw: RawArticle,
    report: IngestReport,
    collection: string,
    splitter: SplitThread | null = null,
  ): Promise<ArticleToWrite | null> {
    const hash = crypto.createHash('sha256').update(raw.title).update('\0').update(raw.text).digest('hex');
    const existing = this.store.articleBySource(collection, raw.source);
    if (existing?.content_hash === hash || (!existing && this.store.articleByHash(collection, hash))) {
      report.unchanged++;
      return null;
    }
    const { sentences, chunks } =
      splitter && !splitter.failed
        ? await splitter.split(raw.text).catch(() => this.split(raw.text))
        : this.split(raw.text);
    const id = existing?.id ?? this.newArticleId(collection, raw.source);
    const { source, title, url, byline, publishedAt, text } = raw;
    const input = { id, collection, source, title, url, byline, publishedAt, contentHash: hash, text };
    return { input, sentences, chunks, replaceRowid: existing?.rowid ?? null };
  }

  private split(text: string): SplitResult {
    const sentences = splitSentences(text);
    return { sentences, chunks: chunkArticle(text, sentences, this.countTokens, this.chunkBudget()) };
  }

  /** A thread to split articles on, when chunks are measured without a model (lexical mode). */
  splitThread(): SplitThread | null {
    return this.embedder ? null : new SplitThread(this.chunkBudget());
  }

  /** Adds or replaces staged articles of one collection in one transaction, then embeds what is due. */
  async writeStaged(staged: ArticleToWrite[], report: IngestReport, pending: PendingEmbedding): Promise<void> {
    if (staged.length === 0) return;
    // Open the index before the write: opened after, its count would differ from the database's
    // and the whole index would be rebuilt instead of updated.
    const index = this.indexes.of(pending.collection);
    const written = this.store.writeArticles(staged);
    for (const [i, w] of written.entries()) {
      // Another process stored the same text between staging and the write lock (or an earlier
      // article of the same group did).
      if (w.unchanged) {
        report.unchanged++;
        continue;
      }
      const { input, chunks } = staged[i]!;
      index?.remove(w.removedChunkIds);
      if (w.replaced) report.updated++;
      else report.added++;
      report.chunks += chunks.length;
      report.articleIds.push(w.id);
      if (this.mode() === 'hybrid') {
        pending.ids.push(...w.chunkIds);
        pending.texts.push(...chunks.map((c) => input.text.slice(c.start, c.end)));
      }
    }
    await this.flush(pending, false);
  }

  /** A full disk as one sentence for the user instead of SQLite's error; anything else unchanged. */
  explainFailure(err: unknown): unknown {
    return diskFullError(err, this.store.file) ?? err;
  }

  /** Stores a salvaged article anew (`quoth repair`); false when it cannot be stored (e.g. its id is taken). */
  restore(input: ArticleInput): boolean {
    const sentences = splitSentences(input.text);
    const chunks = chunkArticle(input.text, sentences, this.countTokens, this.chunkBudget());
    try {
      return !this.store.writeArticle(input, sentences, chunks, null).unchanged;
    } catch {
      return false;
    }
  }

  /** Re-splits and re-chunks a stored article with the current tokenizer, and re-embeds it. */
  async rechunk(rowid: number, collection: string): Promise<RechunkResult> {
    const text = this.store.articleText(rowid);
    const sentences = splitSentences(text);
    const made = chunkArticle(text, sentences, this.countTokens, this.chunkBudget());
    const index = this.indexes.of(collection);
    const { chunkIds, removedChunkIds } = this.store.rewriteChunks(rowid, sentences, made);
    index?.remove(removedChunkIds);
    if (!this.embedder) return { chunks: made.length, vectors: 0 };
    const texts = made.map((c) => text.slice(c.start, c.end));
    await this.flush({ collection, ids: [...chunkIds], texts }, true);
    return { chunks: made.length, vectors: chunkIds.length };
  }

  /**
   * The healer: embeds every chunk stored without its vector — an ingest or reindex killed between
   * its article transaction and the embedding, or a reindex that cleared the vectors. Chunks with
   * a NULL vector are the "pending" state this owns; readers never see half an article because the
   * article, its sentences and chunks are one transaction. Returns how many chunks it embedded.
   */
  async embedMissing(onProgress?: (done: number, total: number) => void): Promise<number> {
    if (this.mode() !== 'hybrid') return 0;
    const total = this.store.chunksWithoutVectors();
    let done = 0;
    // Bounded by `total`: chunks another process adds meanwhile are its to embed.
    while (done < total) {
      const rows = this.store.chunksWithoutVector(EMBED_BATCH);
      if (rows.length === 0) break;
      for (const collection of new Set(rows.map((r) => r.collection))) {
        const ids = rows.filter((r) => r.collection === collection).map((r) => r.id);
        await this.flush({ collection, ids, texts: ids.map(() => '') }, true);
      }
      done += rows.length;
      onProgress?.(Math.min(done, total), total);
    }
    return done;
  }

  /** Embeds pending chunks: every full batch, or everything when `all`. */
  async flush(pending: PendingEmbedding, all: boolean): Promise<void> {
    while (pending.ids.length && (all || pending.ids.length >= EMBED_BATCH)) {
      const ids = pending.ids.splice(0, EMBED_BATCH);
      pending.texts.splice(0, EMBED_BATCH);
      // Only reached in hybrid mode or from rechunk with an embedder, so one is loaded. A chunk's
      // vector is made from its sentences' vectors, which are stored for the answer step too.
      const vectors = await embedChunksBySentence(this.embedder!, this.store, this.store.sentenceVectors, ids);
      // Opened before the vectors are stored: a collection's first vectors (a library ingested in
      // lexical mode, healed once the model is there) start its index rather than "rebuild" it.
      const index = this.indexes.of(pending.collection);
      this.store.setChunkVectors(ids, vectors);
      index?.add(ids, vectors);
    }
  }

  private newArticleId(collection: string, source: string): string {
    const hex = crypto.createHash('sha256').update(`${collection}\0${source}`).digest('hex');
    for (let len = 10; ; len += 2) {
      const id = hex.slice(0, len);
      if (!this.store.idTaken(collection, id)) return id;
    }
  }

  private readonly countTokens = (text: string): number =>
    this.embedder ? this.embedder.countTokens(text) : estimateTokens(text);

  private chunkBudget(): number {
    // [CLS] and [SEP] take two of the model's positions.
    return (this.embedder?.maxTokens ?? 256) - 2;
  }
}

/** Articles written (and a tenth of the collection) before an ingest's end merges the full-text indexes. */
const MERGE_MIN_ARTICLES = 100;
/** Staged articles are written once they hold this much text or wait this long (see writeArticles). */
const GROUP_MAX_BYTES = 4 << 20;
const GROUP_MAX_MS = 100;
/** An ingest this long splits its articles on a second thread (starting one costs ~0.3 s). */
const SPLIT_THREAD_AFTER = 200;
/** Articles being split ahead of the one being written: enough to keep the thread busy. */
const SPLIT_AHEAD = 32;

/**
 * The articles of one ingest call, written into one collection and one report, in groups: each
 * group is one short transaction (articleWrites.writeArticles), prepared before the lock is taken.
 */
export class ArticleBatch {
  readonly report: IngestReport;
  private staged: ArticleToWrite[] = [];
  private stagedBytes = 0;
  private stagedSince = 0;
  private readonly ahead: Promise<ArticleToWrite | null>[] = [];
  private seen = 0;
  private splitter: SplitThread | null = null;

  constructor(
    private readonly writer: ArticleWriter,
    private readonly pending: PendingEmbedding,
  ) {
    this.report = writer.emptyReport();
  }

  async add(raw: RawArticle): Promise<void> {
    if (++this.seen === SPLIT_THREAD_AFTER) this.splitter = this.writer.splitThread();
    const staging = this.writer.stage(raw, this.report, this.pending.collection, this.splitter);
    // Settled below in order; until then a rejection must not count as unhandled.
    staging.catch(() => undefined);
    this.ahead.push(staging);
    while (this.ahead.length > (this.splitter ? SPLIT_AHEAD : 0)) await this.take();
  }

  private async take(): Promise<void> {
    let article: ArticleToWrite | null;
    try {
      article = await this.ahead.shift()!;
    } catch (err) {
      throw this.writer.explainFailure(err);
    }
    if (!article) return;
    if (this.staged.length === 0) this.stagedSince = performance.now();
    this.staged.push(article);
    this.stagedBytes += article.input.text.length;
    if (this.stagedBytes >= GROUP_MAX_BYTES || performance.now() - this.stagedSince >= GROUP_MAX_MS)
      await this.commit();
  }

  /** Writes every article added so far: before a download, and at the end. */
  async commit(): Promise<void> {
    while (this.ahead.length > 0) await this.take();
    const staged = this.staged;
    this.staged = [];
    this.stagedBytes = 0;
    try {
      await this.writer.writeStaged(staged, this.report, this.pending);
    } catch (err) {
      throw this.writer.explainFailure(err);
    }
  }

  async finish(): Promise<IngestReport> {
    await this.commit();
    try {
      await this.writer.flush(this.pending, true);
      this.writer.mergeIndexesIfDue(this.pending.collection);
    } catch (err) {
      throw this.writer.explainFailure(err);
    }
    return this.report;
  }

  /** Stops the splitting thread; after finish() or a failure. */
  async close(): Promise<void> {
    await this.splitter?.close();
    this.splitter = null;
  }
}
