import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { loadEmbedder, type Embedder } from '../../src/embed/embedder.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder of the tiny embedding model written by tests/globalSetup.ts. */
    tinyModelDir: string;
  }
}

export function tinyModelDir(): string {
  const dir = inject('tinyModelDir') ?? process.env.QUOTH_TINY_MODEL_DIR;
  if (!dir) throw new Error('The tiny model folder is not set: is tests/globalSetup.ts configured as globalSetup?');
  return dir;
}

/** The tiny model through the real loader; throws (failing the test) if it does not load. */
export async function loadTinyEmbedder(): Promise<Embedder> {
  const result = await loadEmbedder({
    model: tinyModelDir(),
    modelsDir: path.join(os.tmpdir(), 'quoth-tiny-model-cache-unused'),
    allowDownload: false,
  });
  if (!result.embedder) throw new Error(`The tiny model did not load: ${result.reason}`);
  return result.embedder;
}
