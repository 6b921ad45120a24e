// A pool of worker threads for the core's read work (ask, search, summarize, list/get, stats), so
// answers are computed on every core instead of queueing behind one another on the main thread.
import { Worker } from 'node:worker_threads';
import type { CoreConfig } from '../config.ts';
import { QuothError, type QuothErrorCode } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import { silentLogger } from '../shared/log.ts';
import type { QuothCore } from '../shared/types.ts';
import { GenerationCounter } from './generation.ts';
import type { FromWorker, ReadMethod, ToWorker, WireError, WorkerData, WorkerTestHooks } from './protocol.ts';

/** The read half of QuothCore, every method async (a worker answers through a message). */
export interface QuothReader {
  ask(...args: Parameters<QuothCore['ask']>): ReturnType<QuothCore['ask']>;
  search(...args: Parameters<QuothCore['search']>): ReturnType<QuothCore['search']>;
  summarize(...args: Parameters<QuothCore['summarize']>): ReturnType<QuothCore['summarize']>;
  list(...args: Parameters<QuothCore['list']>): Promise<ReturnType<QuothCore['list']>>;
  get(...args: Parameters<QuothCore['get']>): Promise<ReturnType<QuothCore['get']>>;
  findArticles(...args: Parameters<QuothCore['findArticles']>): Promise<ReturnType<QuothCore['findArticles']>>;
  stats(...args: Parameters<QuothCore['stats']>): Promise<ReturnType<QuothCore['stats']>>;
}

export interface WorkerPoolOptions {
  config: CoreConfig;
  /** Threads to run; default `config.workers` (QUOTH_WORKERS, else one per core), at least one. */
  workers?: number;
  /** A call running longer than this gets its worker replaced (and is retried once). */
  callTimeoutMs?: number;
  /** A worker not ready after this long (loading the model, an index) fails the pool. */
  startTimeoutMs?: number;
  log?: Logger;
  testHooks?: WorkerTestHooks;
}

interface Job {
  id: number;
  method: ReadMethod;
  args: unknown[];
  attempts: number;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

const ENTRY = new URL('./workerEntry.mjs', import.meta.url);
/** A call is tried on at most two workers: the second failure is the request's, not the worker's. */
const MAX_ATTEMPTS = 2;

function fromWire(e: WireError): Error {
  if (e.code !== null) return new QuothError(e.message, e.code as QuothErrorCode);
  const err = new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

/**
 * Queues read calls and hands each to an idle worker. A worker that exits, errors or overruns
 * callTimeoutMs is replaced; its in-flight call goes back to the head of the queue once and fails
 * with one line the second time. The pool never writes: the writer calls libraryChanged() after
 * each write, and every worker reopens its view before its next call.
 */
export class WorkerPool implements QuothReader {
  readonly size: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private readonly log: Logger;
  private readonly callTimeoutMs: number;
  private nextId = 1;
  private closing = false;
  private startError: Error | null = null;
  private counter: GenerationCounter | null = null;

  private constructor(private readonly opts: WorkerPoolOptions) {
    this.size = Math.max(1, opts.workers ?? opts.config.workers);
    this.log = opts.log ?? silentLogger;
    this.callTimeoutMs = opts.callTimeoutMs ?? 60_000;
  }

  /** Starts the workers and resolves when all have opened the library (or throws the first failure). */
  static async start(opts: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(opts);
    const ready = Array.from({ length: pool.size }, () => pool.spawn());
    try {
      await Promise.all(ready);
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  ask: QuothReader['ask'] = (...args) => this.call('ask', args);
  search: QuothReader['search'] = (...args) => this.call('search', args);
  summarize: QuothReader['summarize'] = (...args) => this.call('summarize', args);
  list: QuothReader['list'] = (...args) => this.call('list', args);
  get: QuothReader['get'] = (...args) => this.call('get', args);
  findArticles: QuothReader['findArticles'] = (...args) => this.call('findArticles', args);
  stats: QuothReader['stats'] = (...args) => this.call('stats', args);

  /**
   * The writer calls this after a completed write: workers reopen their view before their next
   * call. Also seen by pools of other processes sharing the data directory.
   */
  libraryChanged(): number {
    this.counter ??= new GenerationCounter(this.opts.config.dataDir, { readonly: false });
    return this.counter.bump();
  }

  /** Calls waiting for a worker. */
  get pending(): number {
    return this.queue.length;
  }

  /** The live worker threads (tests kill one to check nothing is lost). */
  threads(): Worker[] {
    return [...this.slots].map((s) => s.worker);
  }

  /** Lets running calls finish, fails queued ones, and ends every worker. */
  async close(graceMs = 5_000): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const job of this.queue.splice(0)) job.reject(new QuothError('Quoth is shutting down.', 'storage'));
    await Promise.all(
      [...this.slots].map(async (slot) => {
        const exited = new Promise<void>((resolve) => slot.worker.once('exit', () => resolve()));
        if (slot.job) await new Promise<void>((resolve) => this.onIdle.set(slot, resolve));
        slot.worker.postMessage({ type: 'close' } satisfies ToWorker);
        const timer = setTimeout(() => void slot.worker.terminate(), graceMs);
        await exited;
        clearTimeout(timer);
      }),
    );
    this.counter?.close();
  }

  private readonly onIdle = new Map<Slot, () => void>();

  private call<T>(method: ReadMethod, args: unknown[]): Promise<T> {
    if (this.closing) return Promise.reject(new QuothError('Quoth is shutting down.', 'storage'));
    if (this.startError) return Promise.reject(this.startError);
    return new Promise<T>((resolve, reject) => {
      const settle = resolve as (value: unknown) => void;
      const job: Job = { id: this.nextId++, method, args, attempts: 0, resolve: settle, reject };
      this.queue.push(job);
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!this.queue.length) return;
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift()!;
      job.attempts++;
      slot.job = job;
      const overrun = `did not answer ${job.method} within ${this.callTimeoutMs} ms`;
      slot.timer = setTimeout(() => this.replace(slot, overrun), this.callTimeoutMs);
      slot.worker.postMessage({ type: 'call', id: job.id, method: job.method, args: job.args } satisfies ToWorker);
    }
  }

  private spawn(): Promise<void> {
    const data: WorkerData = { config: this.opts.config, testHooks: this.opts.testHooks };
    const worker = new Worker(ENTRY, { workerData: data });
    const slot: Slot = { worker, ready: false, job: null, timer: null };
    this.slots.add(slot);
    return new Promise<void>((resolve, reject) => {
      // A worker that cannot start will not start next time either (bad config, unreadable data
      // directory, tsx missing): fail fast instead of respawning in a loop.
      const limit = this.opts.startTimeoutMs ?? 120_000;
      const startTimer = setTimeout(() => cannotStart(`start within ${limit} ms.`), limit);
      const cannotStart = (why: string): void => {
        clearTimeout(startTimer);
        this.startError ??= new Error(`A Quoth worker could not ${why}`);
        this.slots.delete(slot);
        this.failQueue(this.startError);
        reject(this.startError);
        void worker.terminate();
      };
      worker.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') {
          clearTimeout(startTimer);
          slot.ready = true;
          resolve();
          this.dispatch();
        } else if (msg.type === 'startFailed') cannotStart(`open the library: ${fromWire(msg.error).message}`);
        else this.finish(slot, msg);
      });
      worker.on('error', (err) => {
        if (!slot.ready) cannotStart(`start: ${err.message}`);
        else this.replace(slot, `failed: ${err.message}`);
      });
      worker.on('exit', (code) => {
        if (!slot.ready) cannotStart(`start: it exited (code ${code}).`);
        else this.replace(slot, `exited (code ${code})`);
      });
    });
  }

  private finish(slot: Slot, msg: Extract<FromWorker, { type: 'result' | 'error' }>): void {
    const job = slot.job;
    if (!job || job.id !== msg.id) return;
    this.release(slot);
    if (msg.type === 'result') job.resolve(msg.value);
    else job.reject(fromWire(msg.error));
    this.dispatch();
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    this.onIdle.get(slot)?.();
    this.onIdle.delete(slot);
  }

  /** Drops a lost worker, puts its call back (once), and starts a fresh one. */
  private replace(slot: Slot, why: string): void {
    if (!this.slots.delete(slot)) return;
    const job = slot.job;
    this.release(slot);
    void slot.worker.terminate();
    if (job) {
      if (this.closing) job.reject(new QuothError('Quoth is shutting down.', 'storage'));
      else if (job.attempts < MAX_ATTEMPTS) this.queue.unshift(job);
      else job.reject(new Error(`The ${job.method} request failed twice: a Quoth worker ${why}.`));
    }
    if (this.closing || this.startError) return;
    this.log.warn({ why, queued: this.queue.length }, 'a pool worker was lost; starting a new one');
    this.spawn().catch((err: Error) => this.log.error({ err: err.message }, 'could not restart a pool worker'));
  }

  private failQueue(err: Error): void {
    for (const job of this.queue.splice(0)) job.reject(err);
  }
}
