// The dense half of a sentence's score in hybrid mode: the cosine between the question and the
// sentence (its vector stored at ingest), with its best neighbour's as context.
import { dot } from '../retrieve/hybridRetriever.ts';
import { neighbourMax } from './neighbours.ts';
import type { ScoredSentence, SentenceScoringInput } from './scoredSentence.ts';

/**
 * How much the best adjacent sentence's cosine counts beside the sentence's own, in hybrid mode.
 * SQuAD public, all-MiniLM-L6-v2, all questions, with the coverage term of selectQuotes.ts: hit@1 / hit@3
 * 0.746 / 0.839 (neither) → 0.758 / 0.846 (tuning half 0.753 / 0.853 → 0.767 / 0.863, held out
 * 0.739 / 0.824 → 0.748 / 0.827); the mean of both neighbours instead of the best, or 0.15 to 1
 * instead of 0.3, were within 0.003 of it, longer quotes as the weight grows.
 */
const NEIGHBOUR_SIMILARITY_WEIGHT = 0.3;

/** Sentences without a stored vector (older libraries) embedded at question time, the best by lexical evidence. */
const DENSE_RERANK = 24;

/**
 * The dense part of the score. Every candidate with a stored vector gets its cosine (a dot product
 * each: cheap); only sentences without one (a library made before vectors were stored) are
 * embedded now, and only the head of the list, since the model costs milliseconds per sentence.
 */
export async function addSimilarity(scored: ScoredSentence[], input: SentenceScoringInput): Promise<void> {
  const question = input.vector!;
  const stored = input.storedVectors?.(scored.map((s) => s.id)) ?? new Map<number, Float32Array>();
  scored.sort((a, b) => b.score - a.score);
  const head = new Set(scored.slice(0, DENSE_RERANK));
  const lacking = [...head].filter((s) => !stored.has(s.id));
  if (lacking.length > 0 && input.embed) {
    const vectors = await input.embed(lacking.map((s) => input.textOf(s.articleRowid).slice(s.start, s.end)));
    lacking.forEach((s, i) => stored.set(s.id, vectors[i]!));
  }
  for (const s of scored) {
    const v = stored.get(s.id);
    if (v) s.similarity = dot(question, v);
  }
  const neighbourSimilarity = neighbourMax(scored, (s) => s.similarity);
  scored.forEach((s, i) => {
    if (s.similarity === null) {
      // Not compared with the question: kept below the compared head it would otherwise outrank.
      s.score *= 0.8;
      s.chunkPart *= 0.8;
      return;
    }
    const context = neighbourSimilarity[i] ?? s.similarity;
    const dense = (s.similarity + NEIGHBOUR_SIMILARITY_WEIGHT * context) / (1 + NEIGHBOUR_SIMILARITY_WEIGHT);
    // The lexical score (coverage, article, chunk, answer type) scaled as a whole, so the dense part
    // survives changes to the lexical weights. With all-MiniLM-L6-v2 on SQuAD public, every 4th
    // question, each half alone in the library: 0.6/0.4 gave hit@1/hit@3 0.757/0.852 on the tuning
    // half (even articles) and 0.756/0.854 held out (odd), against 0.730/0.863 and 0.730/0.831 for
    // the earlier additive rule; 0.7/0.3 and 0.5/0.5 were within 0.005 of it.
    s.score = 0.6 * s.score + 0.4 * Math.max(0, dense);
    s.chunkPart *= 0.6;
  });
}
