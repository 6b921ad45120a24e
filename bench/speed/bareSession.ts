// The bare path Quoth's embedder is measured against: onnxruntime-node used directly, and mean
// pooling + L2 normalization in plain JS.
import { createRequire } from 'node:module';

// onnxruntime-node is the runtime transformers.js itself depends on: resolve it from there.
const requireFromTransformers = createRequire(import.meta.resolve('@huggingface/transformers'));
export const ort = requireFromTransformers('onnxruntime-node') as typeof import('onnxruntime-node');

export function meanPoolNormalize(hidden: Float32Array, dims: readonly number[], mask: BigInt64Array): Float32Array[] {
  const [rows, seq, width] = dims as [number, number, number];
  const out: Float32Array[] = [];
  for (let r = 0; r < rows; r++) {
    const v = new Float32Array(width);
    let count = 0;
    for (let s = 0; s < seq; s++) {
      if (mask[r * seq + s] === 0n) continue;
      count++;
      const base = (r * seq + s) * width;
      for (let d = 0; d < width; d++) v[d]! += hidden[base + d]!;
    }
    let norm = 0;
    for (let d = 0; d < width; d++) {
      v[d]! /= Math.max(count, 1);
      norm += v[d]! * v[d]!;
    }
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < width; d++) v[d]! /= norm;
    out.push(v);
  }
  return out;
}
