import path from 'node:path';
import { abstentionFor } from '../answer/abstention.ts';
import type { AbstentionPolicy } from '../answer/selectQuotes.ts';
import type { CoreConfig } from '../config.ts';
import type { Embedder } from '../embed/embedder.ts';
import type { ReadOptions, SourceItem } from '../ingest/readSources.ts';
import { HeapBudget } from '../shared/heapBudget.ts';
import { type Logger, silentLogger } from '../shared/log.ts';
import type {
  Article,
  ArticleMeta,
  AskOptions,
  AskResult,
  CollectionOption,
  DocumentInput,
  FindArticlesOptions,
  IngestOptions,
  IngestReport,
  LibraryStats,
  QuothCore,
  ReindexOptions,
  ReindexResult,
  RetrievalMode,
  SearchOptions,
  SearchResult,
  Summary,
  SummarizeOptions,
  TextInput,
} from '../shared/types.ts';
import { databaseBytes } from '../store/schema.ts';
import { type ArticleInput, LibraryStore } from '../store/libraryStore.ts';
import { summarizeArticle } from '../summarize/summarizeArticle.ts';
import { embedTitledWhereMissing } from '../embed/chunkEmbedding.ts';
import { DEFAULT_INDEX_PARAMS, type VectorIndexParams } from '../vector/vectorIndex.ts';
import { ArticleLookup, metaOf } from './articleLookup.ts';
import { ArticleWriter } from './articleWriter.ts';
import { embedderFor, type OpenOptions } from './openOptions.ts';
import { checkQuestion, collectionOf, wholeNumberIn } from './checks.ts';
import { modelMismatchOf, stampModel } from './modelStamp.ts';
import { Questions } from './questions.ts';
import { CollectionIndexes } from './vectorIndexes.ts';
import { WriteQueue } from './writeQueue.ts';

export { DEFAULT_COLLECTION } from './checks.ts';

// The readers of HTML, PDF, Word, Markdown and feeds (linkedom, mammoth, marked…) take about a
// second to load, which every `quoth ask` would pay at start for nothing: they load on first ingest.
const readSources = () => import('../ingest/readSources.ts');
/** Sentences read per call when a library made before titled vectors gets them. */
const SENTENCE_HEAL_BATCH = 256;
export type { OpenOptions } from './openOptions.ts';
export { NOT_FOUND_ANSWER } from './questions.ts';

/**
 * The Quoth core: a library of articles in one data directory. It knows nothing of Discord or
 * terminals; the CLI, the console and the bot's commands call it and render what it returns.
 * Each method is the pipeline read in order — ingest → chunk → embed → index → retrieve →
 * quote/summarize — with the work done by the parts it holds.
 */
export class QuothLibrary implements QuothCore {
  private readonly indexes: CollectionIndexes;
  private readonly writer: ArticleWriter;
  private readonly questions: Questions;
  private readonly lookup: ArticleLookup;
  private readonly writes: WriteQueue;
  private modelMismatch: string | null;

  private constructor(
    readonly config: CoreConfig,
    private readonly store: LibraryStore,
    private readonly embedder: Embedder | null,
    private readonly noModelReason: string | null,
    private readonly log: Logger,
    indexParams: VectorIndexParams,
    abstention: AbstentionPolicy,
  ) {
    this.modelMismatch = modelMismatchOf(store, embedder);
    this.indexes = new CollectionIndexes(
      config.dataDir,
      store,
      embedder,
      indexParams,
      log,
      () => this.mode === 'hybrid',
    );
    this.writer = new ArticleWriter(store, embedder, this.indexes, () => this.mode);
    this.questions = new Questions(store, embedder, this.indexes, abstention);
    this.lookup = new ArticleLookup(store);
    this.writes = new WriteQueue(store);
  }

  static async open(config: CoreConfig, opts: OpenOptions = {}): Promise<QuothLibrary> {
    const store = LibraryStore.open(config.dataDir, { readonly: opts.readonly });
    const { embedder, reason } = await embedderFor(config, opts);
    const log = opts.log ?? silentLogger;
    const params = opts.indexParams ?? DEFAULT_INDEX_PARAMS;
    const lib = new QuothLibrary(
      config,
      store,
      embedder,
      reason,
      log,
      params,
      opts.abstention ?? abstentionFor(embedder?.modelId ?? null),
    );
    const heal = opts.heal ?? 'wait';
    if (heal === 'wait') await lib.heal(opts.onHealProgress);
    else if (heal === 'background') {
      lib.heal(opts.onHealProgress).catch((err: unknown) => log.error({ err }, 'could not embed the pending chunks'));
    }
    return lib;
  }

  /** Embeds every chunk stored without its vector (see ArticleWriter.embedMissing); returns how many. */
  heal(onProgress?: (done: number, total: number) => void): Promise<number> {
    if (this.mode !== 'hybrid' || this.store.db.readonly) return Promise.resolve(0);
    return this.writes.run(async () => {
      const healed = await this.writer.embedMissing(onProgress);
      if (healed > 0) this.indexes.saveAll();
      const sentences = this.store.sentenceVectors.missingTitledCount();
      if (sentences > 0) {
        this.log.info({ sentences }, 'reading the stored sentences once more, after their article titles (once)');
        await embedTitledWhereMissing(this.embedder!, this.store, SENTENCE_HEAL_BATCH);
      }
      return healed;
    });
  }

  get mode(): RetrievalMode {
    return this.embedder && !this.modelMismatch ? 'hybrid' : 'lexical';
  }

  get lexicalReason(): string | null {
    return this.mode === 'hybrid' ? null : (this.modelMismatch ?? this.noModelReason);
  }

  // ---------------------------------------------------------------- ingest → chunk → embed → index

  async ingest(sources: string[], opts: IngestOptions = {}): Promise<IngestReport> {
    const collection = collectionOf(opts);
    const { expandSources } = await readSources();
    return this.writes.run(() => this.ingestItems(expandSources(sources), collection, opts));
  }

  async ingestText(input: TextInput | DocumentInput, opts: CollectionOption = {}): Promise<IngestReport> {
    const collection = collectionOf(opts);
    return this.writes.run(() => this.ingestItems([{ kind: 'text', ...input }], collection, {}));
  }

  private async ingestItems(items: SourceItem[], collection: string, opts: IngestOptions): Promise<IngestReport> {
    const { readSourceParts, sourceLabel } = await readSources();
    const batch = this.writer.batch(collection);
    const readOpts: ReadOptions = {
      maxArticleBytes: this.config.maxArticleBytes,
      fetch: { timeoutMs: this.config.fetchTimeoutMs, allowPrivate: this.config.allowPrivateUrls },
    };
    const heap = new HeapBudget();
    let report: IngestReport;
    try {
      for (const [i, item] of items.entries()) {
        const source = sourceLabel(item);
        // A download may take seconds: other writers (another ingest, the bot) must not wait for it.
        if (item.kind === 'url') await batch.commit();
        for await (const part of readSourceParts(item, readOpts)) {
          batch.report.failed.push(...part.failures);
          for (const raw of part.articles) await batch.add(raw);
          heap.check();
          if (part.bytes) opts.onProgress?.({ done: i, total: items.length, source, bytes: part.bytes });
        }
        opts.onProgress?.({ done: i + 1, total: items.length, source });
      }
      report = await batch.finish();
    } finally {
      await batch.close();
    }
    // Chunks an earlier, killed run left without vectors are embedded by every ingest too.
    await this.writer.embedMissing();
    this.indexes.saveAll();
    return report;
  }

  async reindex(opts: ReindexOptions = {}): Promise<ReindexResult> {
    return this.writes.run(async () => {
      // After a model change every collection's vectors are stale, not just the one asked for.
      const collection = opts.collection && !this.modelMismatch ? collectionOf(opts) : undefined;
      for (const c of collection ? [collection] : this.store.collections()) this.indexes.drop(c);
      if (this.embedder) {
        if (!collection) this.store.clearVectors();
        this.modelMismatch = null;
        stampModel(this.store, this.embedder);
      }
      const rowids = this.store.allArticleRowids(collection);
      const result: ReindexResult = { articles: rowids.length, chunks: 0, vectors: 0, mode: this.mode };
      for (const [i, rowid] of rowids.entries()) {
        const article = this.store.articleByRowid(rowid)!;
        const made = await this.writer.rechunk(rowid, article.collection);
        result.chunks += made.chunks;
        result.vectors += made.vectors;
        opts.onProgress?.({ done: i + 1, total: rowids.length, source: article.title });
      }
      this.indexes.saveAll();
      return result;
    });
  }

  /** `quoth repair`: stores articles salvaged from a damaged database anew; returns how many were stored. */
  async restore(articles: ArticleInput[]): Promise<number> {
    return this.writes.run(async () => {
      let stored = 0;
      for (const article of articles) if (this.writer.restore(article)) stored++;
      await this.writer.embedMissing();
      this.indexes.saveAll();
      return stored;
    });
  }

  /** `quoth stats --check`: throws the one-line "damaged" error unless the database checks out. */
  checkIntegrity(): void {
    this.store.checkIntegrity();
  }

  // ---------------------------------------------------------------- retrieve → quote / summarize

  async ask(question: string, opts: AskOptions = {}): Promise<AskResult> {
    const collection = collectionOf(opts);
    const text = checkQuestion(question, 'question', this.config.maxQuestionChars);
    const k = wholeNumberIn(opts.quotes ?? 3, 1, 10, 'number of quotes');
    const article = opts.articleId !== undefined ? this.lookup.row(opts.articleId, collection) : undefined;
    return this.questions.ask({ text, collection, mode: this.mode }, k, article);
  }

  async search(query: string, opts: SearchOptions = {}): Promise<SearchResult> {
    const collection = collectionOf(opts);
    const text = checkQuestion(query, 'search query', this.config.maxQuestionChars);
    const limit = wholeNumberIn(opts.limit ?? 5, 1, 50, 'result limit');
    return this.questions.search({ text, collection, mode: this.mode }, limit);
  }

  async summarize(articleId: string, opts: SummarizeOptions = {}): Promise<Summary> {
    const row = this.lookup.row(articleId, collectionOf(opts));
    const n = wholeNumberIn(opts.sentences ?? 3, 1, 20, 'number of summary sentences');
    const text = this.store.articleText(row.rowid);
    const sentences = this.store.sentencesOfArticle(row.rowid).map((s) => ({ start: s.start, end: s.end }));
    const spans = summarizeArticle(text, sentences, { sentences: n });
    const summary = spans.map((s) => ({ text: text.slice(s.start, s.end), start: s.start, end: s.end }));
    return { articleId: row.id, title: row.title, url: row.url, sentences: summary };
  }

  // ---------------------------------------------------------------- articles

  list(opts: CollectionOption = {}): ArticleMeta[] {
    return this.store.listArticles(collectionOf(opts)).map(metaOf);
  }

  get(articleId: string, opts: CollectionOption = {}): Article {
    const row = this.lookup.row(articleId, collectionOf(opts));
    return { ...metaOf(row), text: this.store.articleText(row.rowid) };
  }

  findArticles(query: string, opts: FindArticlesOptions = {}): ArticleMeta[] {
    return this.lookup.find(query, collectionOf(opts), opts.limit ?? 25);
  }

  async remove(articleId: string, opts: CollectionOption = {}): Promise<ArticleMeta> {
    const collection = collectionOf(opts);
    return this.writes.run(async () => {
      const row = this.lookup.row(articleId, collection);
      // Opened before the delete, the index matches the database and is updated in place; opened
      // after, its count would differ and it would be rebuilt from every vector.
      const index = this.indexes.of(collection);
      const chunkIds = this.store.deleteArticle(row.rowid);
      index?.remove(chunkIds);
      this.indexes.saveAll();
      return metaOf(row);
    });
  }

  stats(opts: CollectionOption = {}): LibraryStats {
    const collection = collectionOf(opts);
    const index = this.mode === 'hybrid' ? this.indexes.of(collection) : null;
    return {
      collection,
      ...this.store.counts(collection),
      mode: this.mode,
      model: this.embedder?.modelId ?? null,
      dimension: this.embedder?.dimension ?? null,
      lexicalReason: this.lexicalReason,
      dataDir: path.resolve(this.config.dataDir),
      databaseBytes: databaseBytes(this.store.file),
      indexBytes: index?.fileBytes() ?? 0,
    };
  }

  async close(): Promise<void> {
    if (this.writes.closed) return;
    await this.writes.close();
    if (!this.store.db.readonly) this.indexes.saveAll();
    this.store.close();
    await this.embedder?.dispose();
  }
}
