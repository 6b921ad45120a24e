import crypto from 'node:crypto';
import { embedChunksBySentence } from '../embed/chunkEmbedding.ts';
import type { Embedder } from '../embed/embedder.ts';
import type { RawArticle } from '../ingest/parseDocument.ts';
import type { IngestReport, RetrievalMode } from '../shared/types.ts';
import type { LibraryStore } from '../store/libraryStore.ts';
import { chunkArticle, estimateTokens } from '../text/chunkArticle.ts';
import { splitSentences } from '../text/splitSentences.ts';
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

  /** A batch of articles for one collection: `finish()` embeds what is left and saves the indexes. */
  batch(collection: string): ArticleBatch {
    return new ArticleBatch(this, { collection, ids: [], texts: [] });
  }

  /** Adds or replaces one article; an unchanged one (same title and text) is only counted. */
  async write(raw: RawArticle, report: IngestReport, pending: PendingEmbedding): Promise<void> {
    const { collection } = pending;
    const hash = crypto.createHash('sha256').update(raw.title).update('\0').update(raw.text).digest('hex');
    const existing = this.store.articleBySource(collection, raw.source);
    if (existing?.content_hash === hash || (!existing && this.store.articleByHash(collection, hash))) {
      report.unchanged++;
      return;
    }
    const sentences = splitSentences(raw.text);
    const chunks = chunkArticle(raw.text, sentences, this.countTokens, this.chunkBudget());
    const id = existing?.id ?? this.newArticleId(collection, raw.source);
    const { source, title, url, byline, publishedAt, text } = raw;
    const input = { id, collection, source, title, url, byline, publishedAt, contentHash: hash, text };
    const written = this.store.writeArticle(input, sentences, chunks, existing?.rowid ?? null);
    this.indexes.of(collection)?.remove(written.removedChunkIds);
    if (existing) report.updated++;
    else report.added++;
    report.chunks += chunks.length;
    report.articleIds.push(id);
    if (this.mode() === 'hybrid') {
      pending.ids.push(...written.chunkIds);
      pending.texts.push(...chunks.map((c) => raw.text.slice(c.start, c.end)));
      await this.flush(pending, false);
    }
  }

  /** Re-splits and re-chunks a stored article with the current tokenizer, and re-embeds it. */
  async rechunk(rowid: number, collection: string): Promise<RechunkResult> {
    const text = this.store.articleText(rowid);
    const sentences = splitSentences(text);
    const made = chunkArticle(text, sentences, this.countTokens, this.chunkBudget());
    const { chunkIds, removedChunkIds } = this.store.rewriteChunks(rowid, sentences, made);
    this.indexes.of(collection)?.remove(removedChunkIds);
    if (!this.embedder) return { chunks: made.length, vectors: 0 };
    const texts = made.map((c) => text.slice(c.start, c.end));
    await this.flush({ collection, ids: [...chunkIds], texts }, true);
    return { chunks: made.length, vectors: chunkIds.length };
  }

  /** Embeds pending chunks: every full batch, or everything when `all`. */
  async flush(pending: PendingEmbedding, all: boolean): Promise<void> {
    while (pending.ids.length && (all || pending.ids.length >= EMBED_BATCH)) {
      const ids = pending.ids.splice(0, EMBED_BATCH);
      pending.texts.splice(0, EMBED_BATCH);
      // Only reached in hybrid mode or from rechunk with an embedder, so one is loaded. A chunk's
      // vector is made from its sentences' vectors, which are stored for the answer step too.
      const vectors = await embedChunksBySentence(this.embedder!, this.store, this.store.sentenceVectors, ids);
      this.store.setChunkVectors(ids, vectors);
      this.indexes.of(pending.collection)?.add(ids, vectors);
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

/** The articles of one ingest call, written into one collection and one report. */
export class ArticleBatch {
  readonly report: IngestReport;

  constructor(
    private readonly writer: ArticleWriter,
    private readonly pending: PendingEmbedding,
  ) {
    this.report = writer.emptyReport();
  }

  add(raw: RawArticle): Promise<void> {
    return this.writer.write(raw, this.report, this.pending);
  }

  async finish(): Promise<IngestReport> {
    await this.writer.flush(this.pending, true);
    return this.report;
  }
}
