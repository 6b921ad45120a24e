// Messages between the worker pool (main thread) and its workers. Everything here crosses a
// MessagePort, so it must survive the structured clone: plain objects, no classes or functions.
import type { CoreConfig } from '../config.ts';

/** The read half of QuothCore: what a worker answers. Writes stay with the single writer. */
export const READ_METHODS = ['ask', 'search', 'summarize', 'list', 'get', 'findArticles', 'stats'] as const;
export type ReadMethod = (typeof READ_METHODS)[number];

/** Hooks that only tests set: they make a worker slow or crash on purpose. */
export interface WorkerTestHooks {
  /** Wait this long before each call, so a test can kill a worker while it holds a request. */
  delayMs?: number;
  /** Wait this long before opening the library (a worker that hangs while starting). */
  startDelayMs?: number;
  /** process.exit(1) when asked exactly this question (a request that always crashes its worker). */
  exitOnQuestion?: string;
}

export interface WorkerData {
  config: CoreConfig;
  testHooks?: WorkerTestHooks;
}

export interface CallMessage {
  type: 'call';
  id: number;
  method: ReadMethod;
  args: unknown[];
}

export interface CloseMessage {
  type: 'close';
}

export type ToWorker = CallMessage | CloseMessage;

/** An error reduced to what crosses the port; `code` set means it was a QuothError. */
export interface WireError {
  message: string;
  code: string | null;
  stack?: string;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'startFailed'; error: WireError }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: WireError };
