// The only embedding model that loads on this machine (the Hugging Face hub is unreachable) is the
// generated test model of scripts/makeTinyModel.ts: a seeded random projection of word pieces
// through a real ONNX graph, tokenizer and transformers.js pipeline. Its vectors track weighted word
// overlap, not meaning, so every dense or hybrid figure made with it is labelled as such.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeTinyModel } from '../../scripts/makeTinyModel.ts';
import { loadEmbedder, type Embedder } from '../../src/embed/embedder.ts';
import { findPackagedModel, packagedModelFolder } from '../../src/embed/packagedModel.ts';

export const TINY_MODEL_DIMENSION = 384;

export const TINY_MODEL_LABEL =
  'generated test model (scripts/makeTinyModel.ts: bag-of-word-pieces random ' +
  'projection, 384 dimensions, vocabulary from the corpus; not a semantic model)';

export const REAL_MODEL_LABEL = 'all-MiniLM-L6-v2 (q8, laid out by `npm run model:packaged`)';

export interface TinyModel {
  dir: string;
  /** What figures made with this model are labelled with. */
  label: string;
  real: boolean;
  /** Loads another instance: QuothLibrary.close() disposes the embedder it was given. */
  load(): Promise<Embedder>;
  remove(): void;
}

export async function makeTinyModel(vocabularyText: string, dimension = TINY_MODEL_DIMENSION): Promise<TinyModel> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quoth-bench-model-'));
  await writeTinyModel(dir, { vocabularyText, dimension });
  return {
    dir,
    label: TINY_MODEL_LABEL,
    real: false,
    async load() {
      const result = await loadEmbedder({ model: dir, modelsDir: path.join(dir, 'cache'), allowDownload: false });
      if (!result.embedder) throw new Error(`the generated test model did not load: ${result.reason}`);
      return result.embedder;
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `quoth-bench-${prefix}-`));
}

/**
 * The real default model when `npm run model:packaged` has laid it out, else the generated test
 * model. The real folder is loaded by path (the same files the default id resolves to offline).
 */
export async function makeBenchModel(vocabularyText: string): Promise<TinyModel> {
  const modelsDir = findPackagedModel();
  if (!modelsDir) return makeTinyModel(vocabularyText);
  const dir = packagedModelFolder(modelsDir);
  return {
    dir,
    label: REAL_MODEL_LABEL,
    real: true,
    async load() {
      const result = await loadEmbedder({ model: dir, modelsDir, allowDownload: false });
      if (!result.embedder) throw new Error(`the packaged model did not load: ${result.reason}`);
      return result.embedder;
    },
    remove() {
      // The laid-out model is the user's, not a temporary folder.
    },
  };
}
