import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { QuothError } from './shared/errors.ts';

/** The model Quoth downloads on first use (sentence-transformers' all-MiniLM-L6-v2, ONNX export). */
export const DEFAULT_EMBEDDING_MODEL = 'Xenova/all-MiniLM-L6-v2';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .default('0')
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const positiveInt = (def: number) => z.coerce.number().int().positive().default(def);

/** Every setting of the core, read from the environment (and .env through dotenv). */
const CoreEnv = z.object({
  DATA_DIR: z.string().min(1).default('./embeddings'),
  EMBEDDING_MODEL: z.string().min(1).default(DEFAULT_EMBEDDING_MODEL),
  EMBEDDING_DTYPE: z.enum(['q8', 'fp32']).default('q8'),
  MODELS_DIR: z.string().min(1).optional(),
  ALLOW_MODEL_DOWNLOAD: z
    .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
    .default('1')
    .transform((v) => v === '1' || v === 'true' || v === 'yes' || v === ''),
  ALLOW_PRIVATE_URLS: flag,
  MAX_ARTICLE_BYTES: positiveInt(5 * 1024 * 1024),
  FETCH_TIMEOUT_MS: positiveInt(10_000),
  MAX_QUESTION_CHARS: positiveInt(1_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  QUOTH_WORKERS: z.coerce
    .number({ error: 'must be a whole number of worker threads' })
    .int('must be a whole number of worker threads')
    .min(0, 'must be 0 (no pool: everything on the main thread) or more')
    .max(64, 'must be at most 64')
    .optional(),
});

export interface CoreConfig {
  dataDir: string;
  /** A hub id, a local model folder, or 'none' for lexical-only. */
  embeddingModel: string;
  embeddingDtype: 'q8' | 'fp32';
  modelsDir: string;
  /**
   * Where else a hub model that modelsDir lacks is looked for before it is downloaded. Only when
   * MODELS_DIR is not set: the default models dir follows the data dir, so `--data-dir DIR` would
   * otherwise miss a model that `npm run model:packaged` (or an earlier download) put in the
   * default place, and run lexical-only or download it again.
   */
  modelsDirFallbacks?: string[];
  allowModelDownload: boolean;
  allowPrivateUrls: boolean;
  maxArticleBytes: number;
  fetchTimeoutMs: number;
  maxQuestionChars: number;
  logLevel: string;
  /**
   * Worker threads answering the bot's reads (ask, search, summarize); 0 runs them on the main
   * thread. Default: one per core this process may use. The CLI and the console ignore it.
   */
  workers: number;
}

/** Validates the environment; a bad value throws one line naming the variable. */
export function loadCoreConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<CoreConfig> = {}): CoreConfig {
  const parsed = CoreEnv.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new QuothError(`Configuration error: ${issue.path.join('.')}: ${issue.message}.`, 'config');
  }
  const e = parsed.data;
  const dataDir = overrides.dataDir ?? e.DATA_DIR;
  const modelsDir = e.MODELS_DIR ?? path.join(dataDir, 'models');
  return {
    dataDir,
    embeddingModel: e.EMBEDDING_MODEL,
    embeddingDtype: e.EMBEDDING_DTYPE,
    modelsDir,
    modelsDirFallbacks: e.MODELS_DIR || overrides.modelsDir ? [] : defaultModelsDirsBesides(modelsDir),
    allowModelDownload: e.ALLOW_MODEL_DOWNLOAD,
    allowPrivateUrls: e.ALLOW_PRIVATE_URLS,
    maxArticleBytes: e.MAX_ARTICLE_BYTES,
    fetchTimeoutMs: e.FETCH_TIMEOUT_MS,
    maxQuestionChars: e.MAX_QUESTION_CHARS,
    logLevel: e.LOG_LEVEL,
    workers: e.QUOTH_WORKERS ?? os.availableParallelism(),
    ...overrides,
  };
}

/** The default data dir's models folder and the install's own, when they are not `modelsDir` itself. */
function defaultModelsDirsBesides(modelsDir: string): string[] {
  const own = path.resolve(modelsDir);
  const candidates = [
    path.resolve('embeddings', 'models'),
    path.resolve(import.meta.dirname, '..', 'embeddings', 'models'),
  ];
  return [...new Set(candidates)].filter((dir) => dir !== own);
}
