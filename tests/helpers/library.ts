// Opens real QuothLibrary instances on throwaway data directories for the core tests: a real SQLite
// file, real hnswlib index files, and (in hybrid mode) the tiny model through the real loader.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { expect } from 'vitest';
import { loadCoreConfig, type CoreConfig } from '../../src/config.ts';
import { QuothLibrary } from '../../src/core/library.ts';
import type { AbstentionPolicy } from '../../src/answer/abstention.ts';
import type { Logger } from '../../src/shared/log.ts';
import type { Span } from '../../src/shared/types.ts';
import { tinyModelDir } from './tinyModel.ts';

export const SAMPLES_DIR = fileURLToPath(new URL('../../samples/articles', import.meta.url));
export const SAMPLE_QUESTIONS_FILE = fileURLToPath(new URL('../../samples/questions.jsonl', import.meta.url));
export const CORE_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/core', import.meta.url));

export interface SampleQuestion {
  question: string;
  /** File name of the answering sample article without its extension; null when none answers. */
  articleSlug: string | null;
  answerContains: string | null;
}

export async function loadSampleQuestions(): Promise<SampleQuestion[]> {
  const text = await readFile(SAMPLE_QUESTIONS_FILE, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as SampleQuestion);
}

/** 'lexical' = no model; 'tiny' = the generated 64-dimension test model; a folder = another local model. */
export type TestModel = 'lexical' | 'tiny' | { dir: string };

export interface OpenTestLibraryOptions {
  model?: TestModel;
  /** Reuse a data directory (to reopen a library); a fresh temporary one otherwise. */
  dataDir?: string;
  config?: Partial<CoreConfig>;
  /** Where the library logs (silent by default). */
  log?: Logger;
  /** The answer and search thresholds, instead of those for the library's model. */
  abstention?: AbstentionPolicy;
}

const tempDirs = new Set<string>();

/** A fresh temporary directory, removed by removeTempDirs(). */
export async function makeTempDir(prefix = 'quoth-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  const dirs = [...tempDirs];
  tempDirs.clear();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

/**
 * The core configuration a test library runs with. The environment is ignored (an empty env is
 * validated), so a developer's DATA_DIR or EMBEDDING_MODEL cannot leak into a test.
 */
export function testConfig(
  dataDir: string,
  model: TestModel = 'lexical',
  overrides: Partial<CoreConfig> = {},
): CoreConfig {
  const embeddingModel = model === 'lexical' ? 'none' : model === 'tiny' ? tinyModelDir() : model.dir;
  return loadCoreConfig(
    {},
    {
      dataDir,
      embeddingModel,
      modelsDir: path.join(dataDir, 'models'),
      allowModelDownload: false,
      logLevel: 'silent',
      ...overrides,
    },
  );
}

/** Opens a library through QuothLibrary.open, which loads the model named in the config (the real loader). */
export async function openTestLibrary(
  opts: OpenTestLibraryOptions = {},
): Promise<{ lib: QuothLibrary; dataDir: string }> {
  const dataDir = opts.dataDir ?? (await makeTempDir('quoth-lib-'));
  const lib = await QuothLibrary.open(testConfig(dataDir, opts.model ?? 'lexical', opts.config), {
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.abstention ? { abstention: opts.abstention } : {}),
  });
  return { lib, dataDir };
}

/** A span's text must be exactly the stored article text between its offsets. */
export function expectVerbatim(
  lib: QuothLibrary,
  articleId: string,
  span: Span & { text: string },
  collection?: string,
): void {
  const article = lib.get(articleId, collection ? { collection } : {});
  expect(span.start, `start of "${span.text}"`).toBeGreaterThanOrEqual(0);
  expect(span.end, `end of "${span.text}"`).toBeGreaterThan(span.start);
  expect(span.end).toBeLessThanOrEqual(article.text.length);
  expect(article.text.slice(span.start, span.end)).toBe(span.text);
}

/** The sample article ids by file slug (e.g. 'valley-line-rail-strike'). */
export function idsBySlug(lib: QuothLibrary, collection?: string): Map<string, string> {
  return new Map(
    lib
      .list(collection ? { collection } : {})
      .map((a) => [path.basename(a.source, path.extname(a.source)), a.articleId] as const),
  );
}

/** A logger that keeps its JSON records in memory, to check what the library warned about. */
export function memoryLogger(): { log: Logger; records: { level: number; msg: string; [key: string]: unknown }[] } {
  const records: { level: number; msg: string }[] = [];
  const log = pino(
    { level: 'debug', base: undefined },
    { write: (line: string) => void records.push(JSON.parse(line)) },
  );
  return { log, records };
}
