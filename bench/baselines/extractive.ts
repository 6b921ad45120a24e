// Baselines that Quoth's summarizer is measured against. Both pick whole sentence spans from the
// same sentence split Quoth uses, so only the choice of sentences differs.
import type { Span } from '../../src/shared/types.ts';

/** The first k sentences: the classic news baseline (lead-3). */
export function leadSentences(sentences: Span[], k: number): Span[] {
  return sentences.slice(0, k);
}

/**
 * TextRank (Mihalcea & Tarau 2004): sentences are nodes, edges weigh word overlap normalized by
 * the log of the sentence lengths, and weighted PageRank (d = 0.85) ranks them; the top k are
 * returned in article order. Written here because it is a dozen lines and the npm TextRank
 * packages are unmaintained or bring their own tokenizers, which would blur the comparison.
 * `words` gives each sentence's normalized words (the same extraction Quoth uses).
 */
export function textRankSentences(sentences: Span[], words: string[][], k: number): Span[] {
  const n = sentences.length;
  if (n <= k) return [...sentences];
  const sets = words.map((w) => new Set(w));
  const weight: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = sets[i]!;
      const b = sets[j]!;
      let common = 0;
      for (const w of a) if (b.has(w)) common++;
      const norm = Math.log(a.size) + Math.log(b.size);
      const v = common > 0 && norm > 0 ? common / norm : 0;
      weight[i]![j] = v;
      weight[j]![i] = v;
    }
  }
  const outSum = weight.map((row) => row.reduce((x, y) => x + y, 0));
  const d = 0.85;
  let score = new Array<number>(n).fill(1 / n);
  for (let iter = 0; iter < 200; iter++) {
    const next = new Array<number>(n).fill((1 - d) / n);
    for (let j = 0; j < n; j++) {
      if (outSum[j] === 0) {
        // A sentence with no edges spreads its rank evenly, as PageRank does with dangling nodes.
        for (let i = 0; i < n; i++) next[i]! += (d * score[j]!) / n;
        continue;
      }
      for (let i = 0; i < n; i++) {
        const w = weight[j]![i]!;
        if (w > 0) next[i]! += (d * score[j]! * w) / outSum[j]!;
      }
    }
    const delta = next.reduce((acc, v, i) => acc + Math.abs(v - score[i]!), 0);
    score = next;
    if (delta < 1e-9) break;
  }
  return score
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, k)
    .map((x) => x.i)
    .sort((a, b) => a - b)
    .map((i) => sentences[i]!);
}
