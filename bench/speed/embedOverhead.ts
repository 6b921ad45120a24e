// What Quoth's embedding pipeline (transformers.js tokenizer, model call, mean pooling, L2
// normalization, batching by length) costs over a bare onnxruntime-node session running the very
// same graph on the very same batches. With the generated test model the graph is a single
// lookup, so the session is nearly free and the ratio shows the pipeline's own cost at its most
// visible; with a real transformer the session dominates.
import path from 'node:path';
import type { PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import { loadEmbedder } from '../../src/embed/embedder.ts';
import { withModelEnv } from '../../src/embed/modelSource.ts';
import { transformers } from '../../src/embed/transformersRuntime.ts';
import { median } from '../lib/stats.ts';
import { meanPoolNormalize, ort } from './bareSession.ts';
import type { IngestEmbedCostResult } from './ingestEmbedCost.ts';

export interface EmbedOverheadResult {
  texts: number;
  batchSize: number;
  meanChars: number;
  runs: number;
  /** Seconds for all texts, median of the runs. */
  quothSeconds: number;
  tokenizeSeconds: number;
  sessionSeconds: number;
  sessionAndPoolingSeconds: number;
  quothTextsPerSecond: number;
  /** Quoth / (tokenize + session + pooling): the cost of the pipeline's glue. */
  ratioToBareWithTokenizer: number;
  /** Quoth / (session + pooling): everything the model call itself does not do. */
  ratioToBareSession: number;
  maxDifference: number;
  /** Whole hybrid ingests against the bare cost of their embeddings (absent in older results). */
  ingest?: IngestEmbedCostResult;
}

export async function runEmbedOverhead(opts: {
  modelDir: string;
  texts: string[];
  runs: number;
  log: (line: string) => void;
}): Promise<EmbedOverheadResult> {
  const batchSize = 32;
  const loaded = await loadEmbedder({
    model: opts.modelDir,
    modelsDir: path.join(opts.modelDir, 'cache'),
    allowDownload: false,
    batchSize,
  });
  if (!loaded.embedder) throw new Error(`the bench model did not load: ${loaded.reason}`);
  const embedder = loaded.embedder;
  const tokenizer = (await withModelEnv(
    { modelsDir: path.join(opts.modelDir, 'cache'), allowRemote: false, timeoutMs: 10_000 },
    () => transformers.AutoTokenizer.from_pretrained(opts.modelDir, { local_files_only: true }),
  )) as PreTrainedTokenizer;
  const session = await ort.InferenceSession.create(path.join(opts.modelDir, 'onnx', 'model_quantized.onnx'));

  // The batches Quoth makes: texts sorted by length, 32 at a time, padded to the longest.
  const order = opts.texts.map((_, i) => i).sort((a, b) => opts.texts[a]!.length - opts.texts[b]!.length);
  const batches: string[][] = [];
  for (let i = 0; i < order.length; i += batchSize)
    batches.push(order.slice(i, i + batchSize).map((j) => opts.texts[j]!));
  const tokenizeBatch = (b: string[]) =>
    tokenizer(b, { padding: true, truncation: true, max_length: embedder.maxTokens }) as {
      input_ids: Tensor;
      attention_mask: Tensor;
      token_type_ids: Tensor;
    };
  const encoded = batches.map(tokenizeBatch);
  const feeds = encoded.map((e) => ({
    input_ids: new ort.Tensor('int64', e.input_ids.data as BigInt64Array, e.input_ids.dims),
    attention_mask: new ort.Tensor('int64', e.attention_mask.data as BigInt64Array, e.attention_mask.dims),
    token_type_ids: new ort.Tensor('int64', e.token_type_ids.data as BigInt64Array, e.token_type_ids.dims),
  }));
  const outputName = session.outputNames[0]!;
  const runBatch = async (i: number, pool: boolean): Promise<Float32Array[]> => {
    const out = await session.run(feeds[i]!);
    if (!pool) return [];
    return meanPoolNormalize(
      out[outputName]!.data as Float32Array,
      out[outputName]!.dims,
      encoded[i]!.attention_mask.data as BigInt64Array,
    );
  };
  const runSession = async () => {
    const vectors: Float32Array[] = [];
    for (let i = 0; i < feeds.length; i++) vectors.push(...(await runBatch(i, true)));
    return vectors;
  };
  const time = async (work: () => Promise<unknown> | unknown) => {
    const t = performance.now();
    await work();
    return (performance.now() - t) / 1000;
  };

  // One warm-up of each. Then each batch goes through all four paths back to back, so that load
  // from other work on a shared machine (which comes and goes over seconds) hits every path alike;
  // whole-run alternation gave ratios from 0.6× to 2.9× for the same code under load.
  await embedder.embed(opts.texts);
  await runSession();
  const quoth: number[] = [];
  const tok: number[] = [];
  const sess: number[] = [];
  const sessPool: number[] = [];
  for (let r = 0; r < opts.runs; r++) {
    let [q, t, s, sp] = [0, 0, 0, 0];
    for (const [i, batch] of batches.entries()) {
      q += await time(() => embedder.embed(batch));
      t += await time(() => tokenizeBatch(batch));
      s += await time(() => runBatch(i, false));
      sp += await time(() => runBatch(i, true));
    }
    quoth.push(q);
    tok.push(t);
    sess.push(s);
    sessPool.push(sp);
  }
  // Same numbers both ways, or the comparison means nothing.
  const viaQuoth = await embedder.embed(batches.flat());
  const bare = await runSession();
  let maxDifference = 0;
  viaQuoth.forEach((v, i) =>
    v.forEach((x, d) => (maxDifference = Math.max(maxDifference, Math.abs(x - bare[i]![d]!)))),
  );
  await embedder.dispose();
  await session.release();

  const q = median(quoth);
  const t = median(tok);
  const s = median(sess);
  const sp = median(sessPool);
  return {
    texts: opts.texts.length,
    batchSize,
    meanChars: opts.texts.reduce((n, x) => n + x.length, 0) / opts.texts.length,
    runs: opts.runs,
    quothSeconds: q,
    tokenizeSeconds: t,
    sessionSeconds: s,
    sessionAndPoolingSeconds: sp,
    quothTextsPerSecond: opts.texts.length / q,
    ratioToBareWithTokenizer: q / (t + sp),
    ratioToBareSession: q / sp,
    maxDifference,
  };
}
