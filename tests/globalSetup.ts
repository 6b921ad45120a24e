// Generates the tiny test embedding model once per test run (see scripts/makeTinyModel.ts), so
// every test that needs embeddings loads a real model folder through the real loader, offline.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { writeTinyModel } from '../scripts/makeTinyModel.ts';

const samplesDir = fileURLToPath(new URL('../samples/articles', import.meta.url));

/** The sample articles' text, so the model has whole-word vocabulary for what the tests ingest. */
async function sampleText(): Promise<string | undefined> {
  let names: string[];
  try {
    names = (await readdir(samplesDir)).filter((name) => /\.(md|txt|html)$/.test(name)).sort();
  } catch {
    return undefined;
  }
  if (names.length === 0) return undefined;
  const texts = await Promise.all(names.map((name) => readFile(path.join(samplesDir, name), 'utf8')));
  return texts.join('\n');
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `quoth-tiny-model-${process.pid}-`));
  const vocabularyText = await sampleText();
  await writeTinyModel(dir, vocabularyText ? { vocabularyText } : {});
  project.provide('tinyModelDir', dir);
  // Fallback for code that runs outside vitest's inject() (e.g. a child process a test spawns).
  process.env.QUOTH_TINY_MODEL_DIR = dir;
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
