import type { CoreConfig } from '../config.ts';
import type { Embedder, LoadEmbedderOptions } from '../embed/embedder.ts';
import type { AbstentionPolicy } from '../answer/selectQuotes.ts';
import type { DownloadProgressListener } from '../shared/downloadProgress.ts';
import type { Logger } from '../shared/log.ts';
import type { VectorIndexParams } from '../vector/vectorIndex.ts';

export interface OpenOptions {
  /** Use this embedder (tests, benchmarks) or null for lexical-only, instead of loading config.embeddingModel. */
  embedder?: Embedder | null;
  log?: Logger;
  onDownloadProgress?: DownloadProgressListener;
  indexParams?: VectorIndexParams;
  abstention?: AbstentionPolicy;
  /**
   * Embed chunks left without a vector (a killed ingest or reindex) before `open` returns ('wait',
   * the default: the CLI and console), in the background ('background': the bot answers meanwhile,
   * lexically for those chunks), or not at all ('no').
   */
  heal?: 'wait' | 'background' | 'no';
  onHealProgress?: (done: number, total: number) => void;
  /** Open for reading only (also chosen when the data directory cannot be written). */
  readonly?: boolean;
}

/** The embedder to use, or null with the reason the library runs lexical-only. */
export async function embedderFor(
  config: CoreConfig,
  opts: OpenOptions,
): Promise<{ embedder: Embedder | null; reason: string | null }> {
  if (opts.embedder !== undefined) {
    const reason = opts.embedder ? null : 'No embedding model is loaded; running in lexical-only mode.';
    return { embedder: opts.embedder, reason };
  }
  if (config.embeddingModel === 'none') {
    return { embedder: null, reason: 'EMBEDDING_MODEL is "none"; running in lexical-only mode.' };
  }
  // transformers.js takes ~0.5 s to import: only pay for it when a model is to be loaded.
  const { loadEmbedder } = await import('../embed/embedder.ts');
  return loadEmbedder({ ...modelLoadOptions(config), onDownloadProgress: opts.onDownloadProgress });
}

/** How the configured model is loaded (in process, and by each pool worker). */
export function modelLoadOptions(config: CoreConfig): LoadEmbedderOptions {
  return {
    model: config.embeddingModel,
    modelsDir: config.modelsDir,
    fallbackModelsDirs: config.modelsDirFallbacks ?? [],
    dtype: config.embeddingDtype,
    allowDownload: config.allowModelDownload,
  };
}
