// The core a bot answers with: the library (the single writer) and, unless QUOTH_WORKERS=0, a pool
// of worker threads for its reads, plus the feed subscriptions polled into that same core.
import type { CoreConfig } from '../config.ts';
import { QuothLibrary, type OpenOptions } from '../core/library.ts';
import { openFeeds, type OpenFeeds } from '../feeds/openFeeds.ts';
import { PooledCore } from '../pool/pooledCore.ts';
import { WorkerPool } from '../pool/workerPool.ts';
import { oneLine, QuothError } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import type { QuothCore } from '../shared/types.ts';

export interface BotCore {
  /** What commands call: a PooledCore with workers, the library itself without. */
  core: QuothCore;
  /** The single writer (and, without workers, the reader too). */
  library: QuothLibrary;
  feeds: OpenFeeds;
  /** Core calls the bot lets run at once (createBot's `concurrency`). */
  concurrency: number;
  /** Closes the feeds, the pool (letting running calls finish) and the library, in that order. */
  close(): Promise<void>;
}

/**
 * A pool keeps two calls per worker in flight from the bot's WorkQueue: each worker has its next
 * call already queued when it finishes one, while the rest wait in the WorkQueue, where every call
 * first lets Discord's I/O go.
 */
const CALLS_PER_WORKER = 2;

/**
 * Opens the library and, with `config.workers` > 0, starts the pool over the same data directory.
 * A pool that cannot start is a fatal start-up error (one line), not a silent fall-back to one
 * thread: the operator asked for every core, and a bot quietly running at half its capacity is
 * found only under load. QUOTH_WORKERS=0 is the way to run without it, and the message says so.
 */
export async function openBotCore(config: CoreConfig, log: Logger, open: OpenOptions = {}): Promise<BotCore> {
  const library = await QuothLibrary.open(config, open);
  if (library.lexicalReason) log.warn(library.lexicalReason);
  let pool: WorkerPool | null = null;
  if (config.workers > 0) {
    try {
      pool = await WorkerPool.start({ config, workers: config.workers, log });
    } catch (err) {
      await library.close();
      throw new QuothError(`${oneLine(err)} Set QUOTH_WORKERS=0 to answer on the main thread.`, 'config');
    }
    log.info({ workers: pool.size }, 'answering on a pool of worker threads');
  }
  const core: QuothCore = pool ? new PooledCore(library, pool) : library;
  // Feed polls ingest and summarize through `core`: each added article moves the pool's generation.
  const feeds = openFeeds(
    library,
    {},
    {
      config: library.config,
      ingestText: (input, opts) => core.ingestText(input, opts),
      summarize: (articleId, opts) => core.summarize(articleId, opts),
    },
  );
  return {
    core,
    library,
    feeds,
    concurrency: pool ? pool.size * CALLS_PER_WORKER : 1,
    async close() {
      feeds.close();
      // PooledCore.close closes the pool, then the library.
      await core.close();
    },
  };
}
