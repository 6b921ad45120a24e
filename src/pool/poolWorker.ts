// One pool worker: its own QuothLibrary over the shared data directory (its own SQLite connection,
// its own copy of the on-disk vector index, its own embedder), answering read calls one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { QuothError } from '../shared/errors.ts';
import { QuothLibrary, type OpenOptions } from '../core/library.ts';
import { modelLoadOptions } from '../core/openOptions.ts';
import type { Embedder } from '../embed/embedder.ts';
import { warmUpAnswering } from '../answer/warmUp.ts';
import { GenerationCounter } from './generation.ts';
import { lowerThreadPriority } from './threadPriority.ts';
import type { CallMessage, FromWorker, ToWorker, WireError, WorkerData } from './protocol.ts';

const port = parentPort!;
const { config, testHooks } = workerData as WorkerData;

function send(message: FromWorker): void {
  port.postMessage(message);
}

function toWire(err: unknown): WireError {
  if (err instanceof QuothError) return { message: err.message, code: err.code };
  const e = err instanceof Error ? err : new Error(String(err));
  return { message: e.message, code: null, stack: e.stack };
}

/**
 * Loads the embedding model once per worker: reopening the library after a write must not reload
 * it (hundreds of ms). The library disposes its embedder on close, so it gets a view whose
 * dispose() does nothing; the worker's own exit frees the model.
 */
async function loadSharedEmbedder(): Promise<OpenOptions> {
  if (config.embeddingModel === 'none') return {};
  const { loadEmbedder } = await import('../embed/embedder.ts');
  const loaded = await loadEmbedder(modelLoadOptions(config));
  // Without a model let QuothLibrary.open decide again, so lexicalReason reads as in-process.
  if (!loaded.embedder) return {};
  const inner = loaded.embedder;
  const shared: Embedder = {
    modelId: inner.modelId,
    dimension: inner.dimension,
    maxTokens: inner.maxTokens,
    countTokens: (text) => inner.countTokens(text),
    embed: (texts) => inner.embed(texts),
    dispose: async () => undefined,
  };
  return { embedder: shared };
}

let openOptions: OpenOptions;
let generation: GenerationCounter;
let library: QuothLibrary;
let openedAt = -1;

/** Reopens the library when the writer has bumped the generation since it was opened. */
async function currentLibrary(): Promise<QuothLibrary> {
  const now = generation.current();
  if (now !== openedAt) {
    const old = library;
    library = await QuothLibrary.open(config, openOptions);
    openedAt = now;
    await old?.close();
  }
  return library;
}

async function call(msg: CallMessage): Promise<void> {
  try {
    if (testHooks?.delayMs) await new Promise((resolve) => setTimeout(resolve, testHooks.delayMs));
    if (testHooks?.exitOnQuestion !== undefined && msg.method === 'ask' && msg.args[0] === testHooks.exitOnQuestion) {
      process.exit(1);
    }
    const lib = await currentLibrary();
    const method = lib[msg.method] as (...args: unknown[]) => unknown;
    const value = await method.apply(lib, msg.args);
    send({ type: 'result', id: msg.id, value });
  } catch (err) {
    send({ type: 'error', id: msg.id, error: toWire(err) });
  }
}

async function start(): Promise<void> {
  try {
    if (testHooks?.startDelayMs) await new Promise((resolve) => setTimeout(resolve, testHooks.startDelayMs));
    // Before the model loads, so that onnxruntime's threads inherit the lower priority.
    lowerThreadPriority();
    // Healing (embedding chunks a killed write left without vectors) is a write: the writer does it.
    openOptions = { ...(await loadSharedEmbedder()), heal: 'no' };
    // The library first: on a new data directory it is what creates the database and its meta table.
    // Nothing is cached before the first call, so a bump between the two lines leaves nothing stale.
    library = await QuothLibrary.open(config, openOptions);
    generation = new GenerationCounter(config.dataDir, { readonly: true });
    openedAt = generation.current();
    // The English model and the term table load now, not in the first question's answer time.
    warmUpAnswering();
    send({ type: 'ready' });
  } catch (err) {
    send({ type: 'startFailed', error: toWire(err) });
    return;
  }
  // The pool sends one call at a time; the chain only guards against a misbehaving sender.
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'call') chain = chain.then(() => call(msg));
    else if (msg.type === 'close') {
      void chain.then(async () => {
        await library.close().catch(() => undefined);
        generation.close();
        port.close();
      });
    }
  });
}

await start();
