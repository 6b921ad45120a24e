// Local sentence embeddings through transformers.js (onnxruntime-node). Loading never throws for
// an unavailable model: the library then runs lexical-only and shows the reason once.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_EMBEDDING_MODEL } from '../config.ts';
import type { FeatureExtractionPipeline, ProgressInfo } from '@huggingface/transformers';
import { modelFolderComplete, packagedModelFolder } from './packagedModel.ts';
import { transformers } from './transformersRuntime.ts';
import {
  missingFolderReason,
  resolveModelSource,
  unavailableReason,
  withModelEnv,
  type ModelSource,
} from './modelSource.ts';

const { mean_pooling, pipeline } = transformers;
export interface Embedder {
  /** What EMBEDDING_MODEL said (hub id or local path). */
  readonly modelId: string;
  readonly dimension: number;
  /** Word pieces per input including [CLS]/[SEP]; longer inputs are truncated by embed(). */
  readonly maxTokens: number;
  /** Word pieces without special tokens, by the model's own tokenizer (no truncation). */
  countTokens(text: string): number;
  /** Mean-pooled, L2-normalized vectors, one per text, in input order. Safe to call concurrently. */
  embed(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export type ModelLoadResult = { embedder: Embedder; reason: null } | { embedder: null; reason: string };

export interface LoadEmbedderOptions {
  /** A hub id or a path to a local model folder; default 'Xenova/all-MiniLM-L6-v2'. */
  model?: string;
  /** Cache folder for downloaded models. */
  modelsDir: string;
  /** Cache folders to read a hub model from when modelsDir lacks it (see CoreConfig.modelsDirFallbacks). */
  fallbackModelsDirs?: string[];
  /** Default 'q8' (onnx/model_quantized.onnx). */
  dtype?: 'q8' | 'fp32';
  /** Default true; false = use only what is already in modelsDir. */
  allowDownload?: boolean;
  onDownloadProgress?: (p: { file: string; loaded: number; total: number }) => void;
  /** Bound on connecting and on each stall of a download; default 60 s. */
  timeoutMs?: number;
  /** A Hugging Face hub mirror (like HF_ENDPOINT); default https://huggingface.co/. */
  hubUrl?: string;
  /** Texts per model call inside embed(); default 32. */
  batchSize?: number;
}

export { DEFAULT_EMBEDDING_MODEL };
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_BATCH_SIZE = 32;
const HARD_MAX_TOKENS = 512;
const PROBE_TEXT = 'dimension probe';

export async function loadEmbedder(opts: LoadEmbedderOptions): Promise<ModelLoadResult> {
  const source = resolveModelSource(opts.model ?? DEFAULT_EMBEDDING_MODEL);
  if (source.kind === 'local' && !existsSync(source.folder)) {
    return { embedder: null, reason: missingFolderReason(source) };
  }
  const dtype = opts.dtype ?? 'q8';
  const settings = {
    modelsDir: cacheHolding(source, opts.modelsDir, opts.fallbackModelsDirs ?? [], dtype),
    allowRemote: source.kind === 'hub' && (opts.allowDownload ?? true),
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(opts.hubUrl ? { hubUrl: opts.hubUrl } : {}),
  };
  const onProgress = opts.onDownloadProgress;
  // Only a hub model is ever downloaded, and only when its cache folder lacks a file: transformers.js
  // reports reading a cached file as progress too, and "Downloading…" at every start would be false.
  const downloading =
    source.kind === 'hub' && !modelFolderComplete(packagedModelFolder(settings.modelsDir, source.repoId), dtype);
  const progressCallback =
    onProgress && downloading
      ? (info: ProgressInfo) => {
          if (info.status === 'progress') onProgress({ file: info.file, loaded: info.loaded, total: info.total });
        }
      : undefined;

  let extractor: FeatureExtractionPipeline | undefined;
  try {
    extractor = await withModelEnv(settings, () =>
      pipeline('feature-extraction', source.kind === 'local' ? source.folder : source.repoId, {
        dtype,
        cache_dir: settings.modelsDir,
        local_files_only: !settings.allowRemote,
        ...(progressCallback ? { progress_callback: progressCallback } : {}),
      }),
    );
    const embedder = new TransformersEmbedder(
      source,
      extractor,
      maxTokensFor(source, extractor),
      opts.batchSize ?? DEFAULT_BATCH_SIZE,
    );
    // Embedding a probe both measures the dimension and proves the graph actually runs, so a
    // broken model is reported now rather than at the first ingest.
    const [probe] = await embedder.embed([PROBE_TEXT]);
    if (!probe || probe.length === 0 || !Number.isFinite(probe[0]!)) {
      throw new Error('the model produced no usable embedding');
    }
    embedder.dimension = probe.length;
    return { embedder, reason: null };
  } catch (err) {
    await extractor?.dispose().catch(() => undefined);
    return { embedder: null, reason: unavailableReason(source, err, settings.modelsDir) };
  }
}

/** The cache folder to load a hub model from: modelsDir, unless only a fallback holds the model. */
function cacheHolding(source: ModelSource, modelsDir: string, fallbacks: string[], dtype: 'q8' | 'fp32'): string {
  const own = path.resolve(modelsDir);
  if (source.kind !== 'hub') return own;
  const holds = (dir: string) => modelFolderComplete(packagedModelFolder(dir, source.repoId), dtype);
  if (holds(own)) return own;
  return fallbacks.map((dir) => path.resolve(dir)).find(holds) ?? own;
}

/**
 * sentence-transformers models are trained (and truncated) at max_seq_length, often shorter than
 * the tokenizer's model_max_length: all-MiniLM-L6-v2 is 256 though its tokenizer says 512, and
 * the Xenova export does not ship sentence_bert_config.json, hence the name rule.
 */
function maxTokensFor(source: ModelSource, extractor: FeatureExtractionPipeline): number {
  if (source.kind === 'local') {
    const configPath = path.join(source.folder, 'sentence_bert_config.json');
    if (existsSync(configPath)) {
      try {
        const maxSeqLength = (JSON.parse(readFileSync(configPath, 'utf8')) as { max_seq_length?: unknown })
          .max_seq_length;
        if (typeof maxSeqLength === 'number' && maxSeqLength > 0) return Math.min(maxSeqLength, HARD_MAX_TOKENS);
      } catch {
        // An unreadable optional file falls back to the rules below.
      }
    }
  }
  if (/all-MiniLM-L6-v2/i.test(source.modelId)) return 256;
  const tokenizerMax = Number(extractor.tokenizer.model_max_length);
  const positions = Number((extractor.model.config as { max_position_embeddings?: unknown }).max_position_embeddings);
  return Math.min(
    HARD_MAX_TOKENS,
    Number.isFinite(tokenizerMax) && tokenizerMax > 0 ? tokenizerMax : HARD_MAX_TOKENS,
    Number.isFinite(positions) && positions > 0 ? positions : HARD_MAX_TOKENS,
  );
}

class TransformersEmbedder implements Embedder {
  dimension = 0;
  /**
   * Model calls run one at a time: concurrent onnxruntime runs would only compete for the same
   * cores, and one queue keeps dispose() from racing an in-flight run.
   */
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly source: ModelSource,
    private readonly extractor: FeatureExtractionPipeline,
    readonly maxTokens: number,
    private readonly batchSize: number,
  ) {}

  get modelId(): string {
    return this.source.modelId;
  }

  countTokens(text: string): number {
    return this.extractor.tokenizer.encode(text, { add_special_tokens: false }).length;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    // Similar lengths share a batch so little compute goes to padding; results return in input order.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    const vectors = new Array<Float32Array>(texts.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const indices = order.slice(start, start + this.batchSize);
      const batch = await this.enqueue(() => this.embedBatch(indices.map((i) => texts[i]!)));
      indices.forEach((textIndex, row) => {
        vectors[textIndex] = batch[row]!;
      });
    }
    return vectors;
  }

  dispose(): Promise<void> {
    return this.enqueue(async () => {
      if (this.disposed) return;
      this.disposed = true;
      await this.extractor.dispose();
    });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async embedBatch(texts: string[]): Promise<Float32Array[]> {
    if (this.disposed) throw new Error(`Embedder for ${this.modelId} was used after dispose().`);
    const inputs = this.extractor.tokenizer(texts, { padding: true, truncation: true, max_length: this.maxTokens });
    const outputs = await this.extractor.model(inputs);
    const hidden = outputs.last_hidden_state ?? outputs.token_embeddings;
    if (!hidden) throw new Error(`Model ${this.modelId} returned no last_hidden_state.`);
    const pooled = mean_pooling(hidden, inputs.attention_mask).normalize(2, -1);
    const [rows, width] = pooled.dims as [number, number];
    const data = pooled.data as Float32Array;
    const vectors: Float32Array[] = [];
    for (let row = 0; row < rows; row++) vectors.push(data.slice(row * width, (row + 1) * width));
    return vectors;
  }
}
