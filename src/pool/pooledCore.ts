import type { QuothLibrary } from '../core/library.ts';
import type { QuothCore } from '../shared/types.ts';
import type { QuothReader, WorkerPool } from './workerPool.ts';

/**
 * A QuothCore that answers reads from the worker pool and writes through the single in-process
 * writer, telling the pool after each write so workers reopen before their next call. list, get
 * and findArticles stay synchronous (commands and autocomplete call them that way) and cheap, so
 * they read from the writer's own connection; the pool's async versions are there for callers that
 * can await (QuothReader).
 */
export class PooledCore implements QuothCore {
  constructor(
    private readonly writer: QuothLibrary,
    private readonly pool: WorkerPool,
  ) {}

  get mode(): QuothCore['mode'] {
    return this.writer.mode;
  }

  get lexicalReason(): string | null {
    return this.writer.lexicalReason;
  }

  get reader(): QuothReader {
    return this.pool;
  }

  ask: QuothCore['ask'] = (...args) => this.pool.ask(...args);
  search: QuothCore['search'] = (...args) => this.pool.search(...args);
  summarize: QuothCore['summarize'] = (...args) => this.pool.summarize(...args);
  list: QuothCore['list'] = (...args) => this.writer.list(...args);
  get: QuothCore['get'] = (...args) => this.writer.get(...args);
  findArticles: QuothCore['findArticles'] = (...args) => this.writer.findArticles(...args);
  stats: QuothCore['stats'] = (...args) => this.writer.stats(...args);

  ingest: QuothCore['ingest'] = (...args) => this.write(() => this.writer.ingest(...args));
  ingestText: QuothCore['ingestText'] = (...args) => this.write(() => this.writer.ingestText(...args));
  remove: QuothCore['remove'] = (...args) => this.write(() => this.writer.remove(...args));
  reindex: QuothCore['reindex'] = (...args) => this.write(() => this.writer.reindex(...args));

  /** Bumps the generation even when the write failed part-way: some of it may have committed. */
  private async write<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      this.pool.libraryChanged();
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
    await this.writer.close();
  }
}
