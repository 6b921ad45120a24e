// The default model (all-MiniLM-L6-v2, q8) as `npm run model:packaged` lays it out from the Maven
// Central package, for machines that cannot reach the Hugging Face hub. The folder is the one
// transformers.js itself would download to, so the app loads it through its ordinary path.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_EMBEDDING_MODEL } from '../config.ts';

/** Files of a transformers.js model folder, relative to <modelsDir>/<owner>/<name>/. */
export const PACKAGED_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model_quantized.onnx',
] as const;

/** Size of the quantized ONNX graph inside the jar (its SHA-256 is checked by the script). */
export const PACKAGED_ONNX_BYTES = 22_972_370;

export function packagedModelFolder(modelsDir: string, model = DEFAULT_EMBEDDING_MODEL): string {
  return path.join(path.resolve(modelsDir), ...model.split('/'));
}

/** The models dir the app would use with this environment (MODELS_DIR, else DATA_DIR/models). */
export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MODELS_DIR) return env.MODELS_DIR;
  return path.join(env.DATA_DIR || './embeddings', 'models');
}

/** Whether a model folder holds every file a load with this dtype reads (so none will be downloaded). */
export function modelFolderComplete(folder: string, dtype: 'q8' | 'fp32' = 'q8'): boolean {
  const graph = dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
  return [...PACKAGED_FILES.filter((f) => !f.startsWith('onnx/')), graph].every((f) =>
    existsSync(path.join(folder, f)),
  );
}

/**
 * The models dir holding the laid-out default model, or null. Tests and benches use it to pick the
 * real model; the cheap size check is enough here, the script verifies the hash when it writes.
 */
export function findPackagedModel(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [defaultModelsDir(env), path.resolve(import.meta.dirname, '../../embeddings/models')];
  for (const dir of candidates) {
    const folder = packagedModelFolder(dir);
    if (
      modelFolderComplete(folder) &&
      statSync(path.join(folder, 'onnx/model_quantized.onnx')).size === PACKAGED_ONNX_BYTES
    ) {
      return path.resolve(dir);
    }
  }
  return null;
}
