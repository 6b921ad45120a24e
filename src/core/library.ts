import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { selectQuoteSpans, scoreSentences, DEFAULT_ABSTENTION, type AbstentionPolicy } from '../answer/selectQuotes.ts';
import type { CoreConfig } from '../config.ts';
import type { Embedder } from '../embed/embedder.ts';
import { embedChunksBySentence } from '../embed/chunkEmbedding.ts';
import { SentenceVectors } from '../store/sentenceVectors.ts';
import { expandSources, readSourceItem } from '../ingest/readSources.ts';
import { formatBytes, fromHtml, fromPlainText, parseDocument, type RawArticle } from '../ingest/parseDocument.ts';
import { HybridRetriever, type RankedChunk } from '../retrieve/hybridRetriever.ts';
import { queryTerms } from '../retrieve/queryTerms.ts';
import { LibraryStore, type ArticleRow } from '../store/libraryStore.ts';
import { summarizeArticle } from '../summarize/summarizeArticle.ts';
import { chunkArticle, estimateTokens } from '../text/chunkArticle.ts';
import { splitSentences } from '../text/splitSentences.ts';
import { VectorIndex, DEFAULT_INDEX_PARAMS, type VectorIndexParams } from '../vector/vectorIndex.ts';
import { QuothError, oneLine } from './errors.ts';
import { silentLogger, type Logger } from './log.ts';
import type {
  Article,
  ArticleMeta,
  AskResult,
  CollectionOption,
  IngestProgress,
  IngestReport,
  LibraryStats,
  QuothCore,
  Quote,
  RetrievalMode,
  SearchResult,
  Summary,
} from './types.ts';

export const DEFAULT_COLLECTION = 'default';
export const NOT_FOUND_ANSWER = 'Not found in the articles.';
const COLLECTION_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** Chunks fused from BM25 and HNSW that the quote picker reads sentences from. */
const ANSWER_CHUNKS = 8;
/** Chunks embedded per call during ingest: big enough to amortise the model call, small enough to show progress. */
const EMBED_BATCH = 64;

export interface OpenOptions {
  /** Use this embedder (tests, benchmarks) or null for lexical-only, instead of loading config.embeddingModel. */
  embedder?: Embedder | null;
  log?: Logger;
  onDownloadProgress?: (p: { file: string; loaded: number; total: number }) => void;
  indexParams?: VectorIndexParams;
  abstention?: AbstentionPolicy;
}

interface PendingEmbedding {
  collection: string;
  ids: number[];
  texts: string[];
}

/**
 * The Quoth core: a library of articles in one data directory. It knows nothing of Discord or
 * terminals; the CLI, the console and the bot's commands call it and render what it returns.
 */
export class QuothLibrary implements QuothCore {
  private readonly retriever: HybridRetriever;
  private readonly indexes = new Map<string, VectorIndex | null>();
  private writeQueue: Promise<unknown> = Promise.resolve();
  private modelMismatch: string | null = null;
  private closed = false;

  private constructor(
    readonly config: CoreConfig,
    private readonly store: LibraryStore,
    private readonly embedder: Embedder | null,
    private readonly noModelReason: string | null,
    private readonly log: Logger,
    private readonly indexParams: VectorIndexParams,
    private readonly abstention: AbstentionPolicy,
  ) {
    this.retriever = new HybridRetriever(store);
    this.checkModel();
  }

  static async open(config: CoreConfig, opts: OpenOptions = {}): Promise<QuothLibrary> {
    const store = LibraryStore.open(config.dataDir);
    let embedder: Embedder | null;
    let reason: string | null = null;
    if (opts.embedder !== undefined) {
      embedder = opts.embedder;
      if (!embedder) reason = 'No embedding model is loaded; running in lexical-only mode.';
    } else if (config.embeddingModel === 'none') {
      embedder = null;
      reason = 'EMBEDDING_MODEL is "none"; running in lexical-only mode.';
    } else {
      // transformers.js takes ~0.5 s to import: only pay for it when a model is to be loaded.
      const { loadEmbedder } = await import('../embed/embedder.ts');
      const loaded = await loadEmbedder({
        model: config.embeddingModel,
        modelsDir: config.modelsDir,
        dtype: config.embeddingDtype,
        allowDownload: config.allowModelDownload,
        onDownloadProgress: opts.onDownloadProgress,
      });
      embedder = loaded.embedder;
      reason = loaded.reason;
    }
    return new QuothLibrary(config, store, embedder, reason, opts.log ?? silentLogger, opts.indexParams ?? DEFAULT_INDEX_PARAMS, opts.abstention ?? DEFAULT_ABSTENTION);
  }

  /** Compares the model that built the stored vectors with the loaded one. */
  private checkModel(): void {
    const storedModel = this.store.getMeta('embedding_model');
    const storedDim = Number(this.store.getMeta('embedding_dimension') ?? 0);
    const vectors = this.store.db.prepare('SELECT count(*) AS n FROM chunks WHERE vector IS NOT NULL').get() as { n: number };
    if (!this.embedder) return;
    if (vectors.n === 0 || !storedModel) {
      this.store.setMeta('embedding_model', this.embedder.modelId);
      this.store.setMeta('embedding_dimension', String(this.embedder.dimension));
      return;
    }
    if (storedModel !== this.embedder.modelId || storedDim !== this.embedder.dimension) {
      this.modelMismatch =
        `The library's vectors were made by ${storedModel} (${storedDim} dimensions) but the loaded model is ` +
        `${this.embedder.modelId} (${this.embedder.dimension} dimensions); answering in lexical-only mode until \`quoth reindex\` rebuilds them ` +
        `(or set EMBEDDING_MODEL back to ${storedModel}).`;
    }
  }

  get mode(): RetrievalMode {
    return this.embedder && !this.modelMismatch ? 'hybrid' : 'lexical';
  }

  get lexicalReason(): string | null {
    return this.mode === 'hybrid' ? null : (this.modelMismatch ?? this.noModelReason);
  }

  // ---------------------------------------------------------------- ingest

  async ingest(sources: string[], opts: CollectionOption & { onProgress?: (p: IngestProgress) => void } = {}): Promise<IngestReport> {
    const collection = this.collectionOf(opts);
    return this.exclusive(async () => {
      const report = this.emptyReport();
      const items = expandSources(sources);
      const readOpts = {
        maxArticleBytes: this.config.maxArticleBytes,
        fetch: { timeoutMs: this.config.fetchTimeoutMs, allowPrivate: this.config.allowPrivateUrls },
      };
      const pending: PendingEmbedding = { collection, ids: [], texts: [] };
      let done = 0;
      for (const item of items) {
        const outcome = await readSourceItem(item, readOpts);
        report.failed.push(...outcome.failures);
        for (const raw of outcome.articles) await this.storeArticle(raw, collection, report, pending);
        done++;
        opts.onProgress?.({ done, total: items.length, source: item.kind === 'url' ? item.url : item.kind === 'file' ? item.label : item.source });
      }
      await this.flushEmbeddings(pending, true);
      this.saveIndexes();
      return report;
    });
  }

  async ingestText(
    input: { text: string; title?: string; url?: string | null; source: string; format?: 'text' | 'markdown' | 'html' },
    opts: CollectionOption = {},
  ): Promise<IngestReport> {
    const collection = this.collectionOf(opts);
    return this.exclusive(async () => {
      const report = this.emptyReport();
      const pending: PendingEmbedding = { collection, ids: [], texts: [] };
      try {
        if (Buffer.byteLength(input.text) > this.config.maxArticleBytes) {
          throw new QuothError(`${input.source} is over the ${formatBytes(this.config.maxArticleBytes)} limit for one article.`, 'too_large');
        }
        if (!input.text.trim()) throw new QuothError(`${input.source} is empty.`);
        const format = input.format ?? 'text';
        const fallbackTitle = input.title?.trim() || input.source;
        let raws: RawArticle[];
        if (format === 'html') raws = [{ ...fromHtml(input.text, input.source, input.url ?? null), source: input.source }];
        else if (format === 'markdown') raws = parseDocument(input.text, 'markdown', input.source, fallbackTitle).articles;
        else raws = [fromPlainText(input.text, input.source, fallbackTitle, { title: input.title, url: input.url ?? null })];
        for (const raw of raws) {
          if (input.url && !raw.url) raw.url = input.url;
          await this.storeArticle(raw, collection, report, pending);
        }
      } catch (err) {
        report.failed.push({ source: input.source, error: oneLine(err) });
      }
      await this.flushEmbeddings(pending, true);
      this.saveIndexes();
      return report;
    });
  }

  private emptyReport(): IngestReport {
    return { added: 0, updated: 0, unchanged: 0, failed: [], chunks: 0, mode: this.mode, articleIds: [] };
  }

  private async storeArticle(raw: RawArticle, collection: string, report: IngestReport, pending: PendingEmbedding): Promise<void> {
    const hash = crypto.createHash('sha256').update(raw.title).update('\0').update(raw.text).digest('hex');
    const existing = this.store.articleBySource(collection, raw.source);
    if (existing?.content_hash === hash || (!existing && this.store.articleByHash(collection, hash))) {
      report.unchanged++;
      return;
    }
    const sentences = splitSentences(raw.text);
    const chunks = chunkArticle(raw.text, sentences, this.countTokens, this.chunkBudget());
    const id = existing?.id ?? this.newArticleId(collection, raw.source);
    const written = this.store.writeArticle(
      { id, collection, source: raw.source, title: raw.title, url: raw.url, byline: raw.byline, publishedAt: raw.publishedAt, contentHash: hash, text: raw.text },
      sentences,
      chunks,
      existing?.rowid ?? null,
    );
    this.indexFor(collection)?.remove(written.removedChunkIds);
    if (existing) report.updated++;
    else report.added++;
    report.chunks += chunks.length;
    report.articleIds.push(id);
    if (this.mode === 'hybrid') {
      pending.ids.push(...written.chunkIds);
      pending.texts.push(...chunks.map((c) => raw.text.slice(c.start, c.end)));
      await this.flushEmbeddings(pending, false);
    }
  }

  private async flushEmbeddings(pending: PendingEmbedding, all: boolean): Promise<void> {
    while (pending.ids.length && (all || pending.ids.length >= EMBED_BATCH)) {
      const ids = pending.ids.splice(0, EMBED_BATCH);
      const texts = pending.texts.splice(0, EMBED_BATCH);
      void texts; // the chunks' vectors are made from their sentences' (src/embed/chunkEmbedding.ts)
      const vectors = await embedChunksBySentence(this.embedder!, this.store, this.sentenceVectors(), ids);
      this.store.setChunkVectors(ids, vectors);
      this.indexFor(pending.collection)?.add(ids, vectors);
    }
  }

  private newArticleId(collection: string, source: string): string {
    const hex = crypto.createHash('sha256').update(`${collection}\0${source}`).digest('hex');
    for (let len = 10; ; len += 2) {
      const id = hex.slice(0, len);
      if (!this.store.idTaken(collection, id)) return id;
    }
  }

  private sentenceVectorTable: SentenceVectors | undefined;

  /** Created on first use: the table lives in the library's database but is kept apart from its schema. */
  private sentenceVectors(): SentenceVectors {
    return (this.sentenceVectorTable ??= new SentenceVectors(this.store.db));
  }

  private readonly countTokens = (text: string): number => (this.embedder ? this.embedder.countTokens(text) : estimateTokens(text));

  private chunkBudget(): number {
    // [CLS] and [SEP] take two of the model's positions.
    return (this.embedder?.maxTokens ?? 256) - 2;
  }

  // ---------------------------------------------------------------- questions

  async ask(question: string, opts: CollectionOption & { articleId?: string; quotes?: number } = {}): Promise<AskResult> {
    const collection = this.collectionOf(opts);
    const q = this.checkQuestion(question, 'question');
    const k = opts.quotes ?? 3;
    if (!Number.isInteger(k) || k < 1 || k > 10) throw new QuothError('The number of quotes must be a whole number from 1 to 10.');
    const article = opts.articleId !== undefined ? this.rowOf(opts.articleId, collection) : undefined;
    const mode = this.mode;
    const abstain = (): AskResult => ({ question: q, mode, abstained: true, answer: NOT_FOUND_ANSWER, quotes: [] });

    const terms = queryTerms(q);
    const vector = mode === 'hybrid' ? (await this.embedder!.embed([q]))[0]! : null;
    if (terms.length === 0 && !vector) return abstain();
    const chunks = this.retriever.retrieve({ terms, vector }, { collection, index: this.indexFor(collection), articleRowid: article?.rowid, k: ANSWER_CHUNKS });
    const scored = await scoreSentences(this.store, {
      question: q,
      terms,
      chunks,
      vector,
      embed: vector ? (texts) => this.embedder!.embed(texts) : null,
      storedVectors: vector ? (ids) => this.sentenceVectors().get(ids) : null,
      textOf: this.textCache(),
    });
    const spans = selectQuoteSpans(scored, k, this.abstention);
    if (spans.length === 0) return abstain();
    const quotes = spans.map((s) => this.quoteOf(s.articleRowid, s.start, s.end, s.score));
    return { question: q, mode, abstained: false, answer: quotes[0]!.text, quotes };
  }

  async search(query: string, opts: CollectionOption & { limit?: number } = {}): Promise<SearchResult> {
    const collection = this.collectionOf(opts);
    const q = this.checkQuestion(query, 'search query');
    const limit = opts.limit ?? 5;
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new QuothError('The result limit must be a whole number from 1 to 50.');
    const mode = this.mode;
    const terms = queryTerms(q);
    const vector = mode === 'hybrid' ? (await this.embedder!.embed([q]))[0]! : null;
    if (terms.length === 0 && !vector) return { query: q, mode, results: [] };
    const chunks = this.retriever.retrieve({ terms, vector }, { collection, index: this.indexFor(collection), k: 200, candidates: 200 });

    // An article ranks by its best chunk, with a little credit for further matching chunks.
    const byArticle = new Map<number, RankedChunk[]>();
    for (const c of chunks) {
      const list = byArticle.get(c.articleRowid) ?? [];
      list.push(c);
      byArticle.set(c.articleRowid, list);
    }
    const ranked = [...byArticle.entries()]
      .map(([rowid, list]) => ({ rowid, list, score: list[0]!.score + 0.25 * (list[1]?.score ?? 0) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
    const top = ranked[0]?.score ?? 1;
    const textOf = this.textCache();
    const results = [];
    for (const r of ranked) {
      const article = this.store.articleByRowid(r.rowid)!;
      const scored = await scoreSentences(this.store, { question: q, terms, chunks: r.list.slice(0, 3), vector: null, embed: null, textOf });
      const best = scored[0] ?? { start: r.list[0]!.start, end: r.list[0]!.end };
      const text = textOf(r.rowid);
      results.push({
        articleId: article.id,
        title: article.title,
        url: article.url,
        score: Math.round((r.score / top) * 10000) / 10000,
        snippet: { text: text.slice(best.start, best.end), start: best.start, end: best.end },
      });
    }
    return { query: q, mode, results };
  }

  async summarize(articleId: string, opts: CollectionOption & { sentences?: number } = {}): Promise<Summary> {
    const row = this.rowOf(articleId, this.collectionOf(opts));
    const n = opts.sentences ?? 3;
    if (!Number.isInteger(n) || n < 1 || n > 20) throw new QuothError('The number of summary sentences must be a whole number from 1 to 20.');
    const text = this.store.articleText(row.rowid);
    const sentences = this.store.sentencesOfArticle(row.rowid).map((s) => ({ start: s.start, end: s.end }));
    const spans = summarizeArticle(text, sentences, { sentences: n });
    return {
      articleId: row.id,
      title: row.title,
      url: row.url,
      sentences: spans.map((s) => ({ text: text.slice(s.start, s.end), start: s.start, end: s.end })),
    };
  }

  // ---------------------------------------------------------------- articles

  list(opts: CollectionOption = {}): ArticleMeta[] {
    return this.store.listArticles(this.collectionOf(opts)).map(metaOf);
  }

  get(articleId: string, opts: CollectionOption = {}): Article {
    const row = this.rowOf(articleId, this.collectionOf(opts));
    return { ...metaOf(row), text: this.store.articleText(row.rowid) };
  }

  findArticles(query: string, opts: CollectionOption & { limit?: number } = {}): ArticleMeta[] {
    const q = query.trim().toLowerCase();
    const limit = opts.limit ?? 25;
    const all = this.store.listArticles(this.collectionOf(opts));
    if (!q) return all.slice(-limit).reverse().map(metaOf);
    return all
      .map((a) => {
        const title = a.title.toLowerCase();
        const rank = a.id.startsWith(q) ? 0 : title.startsWith(q) ? 1 : title.includes(q) ? 2 : q.split(/\s+/).every((w) => title.includes(w)) ? 3 : -1;
        return { a, rank };
      })
      .filter((x) => x.rank >= 0)
      .sort((x, y) => x.rank - y.rank || x.a.title.localeCompare(y.a.title))
      .slice(0, limit)
      .map((x) => metaOf(x.a));
  }

  async remove(articleId: string, opts: CollectionOption = {}): Promise<ArticleMeta> {
    const collection = this.collectionOf(opts);
    return this.exclusive(async () => {
      const row = this.rowOf(articleId, collection);
      const chunkIds = this.store.deleteArticle(row.rowid);
      this.indexFor(collection)?.remove(chunkIds);
      this.saveIndexes();
      return metaOf(row);
    });
  }

  async reindex(opts: CollectionOption & { onProgress?: (p: IngestProgress) => void } = {}): Promise<{ articles: number; chunks: number; vectors: number; mode: RetrievalMode }> {
    return this.exclusive(async () => {
      // After a model change every collection's vectors are stale, not just the one asked for.
      const collection = opts.collection && !this.modelMismatch ? this.collectionOf(opts) : undefined;
      const collections = collection ? [collection] : this.store.collections();
      for (const c of collections) this.dropIndex(c);
      if (this.embedder) {
        if (!collection) this.store.clearVectors();
        this.modelMismatch = null;
        this.store.setMeta('embedding_model', this.embedder.modelId);
        this.store.setMeta('embedding_dimension', String(this.embedder.dimension));
      }
      const rowids = this.store.allArticleRowids(collection);
      let chunks = 0;
      let vectors = 0;
      for (const [i, rowid] of rowids.entries()) {
        const article = this.store.articleByRowid(rowid)!;
        const text = this.store.articleText(rowid);
        const sentences = splitSentences(text);
        const made = chunkArticle(text, sentences, this.countTokens, this.chunkBudget());
        const { chunkIds, removedChunkIds } = this.store.rewriteChunks(rowid, sentences, made);
        this.indexFor(article.collection)?.remove(removedChunkIds);
        chunks += made.length;
        if (this.embedder) {
          const pending: PendingEmbedding = { collection: article.collection, ids: [...chunkIds], texts: made.map((c) => text.slice(c.start, c.end)) };
          await this.flushEmbeddings(pending, true);
          vectors += chunkIds.length;
        }
        opts.onProgress?.({ done: i + 1, total: rowids.length, source: article.title });
      }
      this.saveIndexes();
      return { articles: rowids.length, chunks, vectors, mode: this.mode };
    });
  }

  stats(opts: CollectionOption = {}): LibraryStats {
    const collection = this.collectionOf(opts);
    const counts = this.store.counts(collection);
    const index = this.mode === 'hybrid' ? this.indexFor(collection) : null;
    let databaseBytes = 0;
    for (const suffix of ['', '-wal']) {
      try {
        databaseBytes += fs.statSync(this.store.file + suffix).size;
      } catch {
        /* no WAL file right now */
      }
    }
    return {
      collection,
      ...counts,
      mode: this.mode,
      model: this.embedder?.modelId ?? null,
      dimension: this.embedder?.dimension ?? null,
      lexicalReason: this.lexicalReason,
      dataDir: path.resolve(this.config.dataDir),
      databaseBytes,
      indexBytes: index?.fileBytes() ?? 0,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writeQueue.catch(() => undefined);
    this.saveIndexes();
    this.store.close();
    await this.embedder?.dispose();
  }

  // ---------------------------------------------------------------- helpers

  /** Writes run one at a time: two ingests of one source must not race on its row. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new QuothError('The library is closed.', 'storage'));
    const run = this.writeQueue.then(work, work);
    this.writeQueue = run.catch(() => undefined);
    return run;
  }

  private collectionOf(opts: CollectionOption): string {
    const c = opts.collection ?? DEFAULT_COLLECTION;
    if (!COLLECTION_NAME.test(c)) throw new QuothError(`"${c}" is not a valid collection name (letters, digits, "_", "-" and ".", at most 64).`);
    return c;
  }

  private checkQuestion(question: string, what: string): string {
    const q = (question ?? '').trim();
    if (!q) throw new QuothError(`The ${what} is empty.`);
    if (q.length > this.config.maxQuestionChars) {
      throw new QuothError(`The ${what} is ${q.length.toLocaleString('en-US')} characters long; the limit is ${this.config.maxQuestionChars.toLocaleString('en-US')}.`);
    }
    return q;
  }

  private rowOf(articleId: string, collection: string): ArticleRow {
    const id = (articleId ?? '').trim().toLowerCase();
    if (!id) throw new QuothError('No article id was given.');
    const exact = this.store.articleById(collection, id);
    if (exact) return exact;
    const byPrefix = id.length >= 4 ? this.store.articlesByIdPrefix(collection, id) : [];
    if (byPrefix.length === 1) return byPrefix[0]!;
    throw new QuothError(`No article with id "${articleId.trim()}" in this library; \`quoth list\` shows the ids.`, 'not_found');
  }

  private quoteOf(articleRowid: number, start: number, end: number, score: number): Quote {
    const a = this.store.articleByRowid(articleRowid)!;
    return { articleId: a.id, title: a.title, url: a.url, text: this.store.articleText(articleRowid).slice(start, end), start, end, score };
  }

  private textCache(): (rowid: number) => string {
    const cache = new Map<number, string>();
    return (rowid) => {
      let t = cache.get(rowid);
      if (t === undefined) cache.set(rowid, (t = this.store.articleText(rowid)));
      return t;
    };
  }

  private indexFile(collection: string): string {
    return path.join(this.config.dataDir, `vectors-${collection}.hnsw`);
  }

  /** The collection's vector index, opened (or rebuilt from SQLite) on first use; null in lexical mode. */
  private indexFor(collection: string): VectorIndex | null {
    if (this.mode !== 'hybrid') return null;
    let index = this.indexes.get(collection);
    if (index === undefined) {
      const store = this.store;
      const count = store.counts(collection).vectors;
      index = VectorIndex.open(this.indexFile(collection), this.embedder!.modelId, this.embedder!.dimension, { count, vectors: () => store.iterateVectors(collection) }, this.indexParams);
      if (index.rebuiltBecause && count > 0) this.log.warn({ collection, reason: index.rebuiltBecause }, `rebuilt the vector index of "${collection}" from the database`);
      this.indexes.set(collection, index);
    }
    return index;
  }

  private dropIndex(collection: string): void {
    this.indexes.delete(collection);
    for (const f of [this.indexFile(collection), `${this.indexFile(collection)}.json`]) fs.rmSync(f, { force: true });
  }

  private saveIndexes(): void {
    for (const index of this.indexes.values()) index?.save();
  }
}

function metaOf(row: ArticleRow): ArticleMeta {
  return {
    articleId: row.id,
    collection: row.collection,
    title: row.title,
    url: row.url,
    source: row.source,
    byline: row.byline,
    publishedAt: row.published_at,
    addedAt: row.added_at,
    chunks: row.chunks,
  };
}
