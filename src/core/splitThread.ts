import { Worker } from 'node:worker_threads';
import type { Span } from '../shared/types.ts';
import type { Chunk } from '../text/chunkArticle.ts';

export interface SplitRequest {
  id: number;
  text: string;
}
export type SplitReply =
  | { id: number; sentences: Span[]; chunks: Chunk[] }
  | { id: number; error: string }
  | { id: -1; ready: true };

export interface SplitResult {
  sentences: Span[];
  chunks: Chunk[];
}

const ENTRY = new URL('./splitEntry.mjs', import.meta.url);

/**
 * A second thread for the CPU half of a lexical ingest (sentence splitting and chunking, about
 * half its time), so a 2-core machine reads articles on one core while the main thread writes them
 * on the other. Its heap is capped: it holds a few articles at a time, and V8 grows an uncapped
 * heap with the allocation rate (see shared/heapBudget.ts).
 */
export class SplitThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (r: SplitResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | null = null;
  readonly ready: Promise<void>;

  constructor(budget: number) {
    this.worker = new Worker(ENTRY, { workerData: { budget }, resourceLimits: { maxOldGenerationSizeMb: 192 } });
    this.worker.unref();
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (msg: SplitReply) => {
        if ('ready' in msg) return resolve();
        const job = this.waiting.get(msg.id);
        this.waiting.delete(msg.id);
        if ('error' in msg) job?.reject(new Error(msg.error));
        else job?.resolve({ sentences: msg.sentences, chunks: msg.chunks });
      });
      const fail = (err: Error): void => {
        this.failure ??= err;
        reject(err);
        for (const job of this.waiting.values()) job.reject(err);
        this.waiting.clear();
      };
      this.worker.on('error', fail);
      this.worker.on('exit', (code) => fail(new Error(`the splitting thread stopped (exit code ${code})`)));
    });
    // A thread that cannot start is reported through split(); nobody may be awaiting `ready`.
    this.ready.catch(() => undefined);
  }

  /** Whether the thread has failed: the caller then splits on its own thread. */
  get failed(): boolean {
    return this.failure !== null;
  }

  split(text: string): Promise<SplitResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<SplitResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, text } satisfies SplitRequest);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the splitting thread was closed');
    await this.worker.terminate();
  }
}
