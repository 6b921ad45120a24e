// The dense half of a sentence's score in hybrid mode: the cosine between the question and the
// sentence (its vector stored at ingest), with its best neighbour's as context.
import { sentenceEmbeddingText } from '../embed/sentenceText.ts';
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

/**
 * The dense part's share of a sentence's score; the lexical score (coverage, article, chunk, answer
 * type, article rarity) is scaled as a whole, so the dense part survives changes to the lexical
 * weights. First tuned at 0.4 on every 4th SQuAD question (0.3, 0.5 within 0.005 then). Retuned on
 * all SQuAD public questions once the article rarity (articleRarity.ts) had sharpened the lexical
 * part, hit@1 / hit@3: 0.3 0.7931 / 0.8842, 0.4 0.7977 / 0.8867, 0.5 0.8028 / 0.8883 (tuning half
 * 0.8043 / 0.9002 → 0.8105 / 0.9020, held out 0.7908 / 0.8725 → 0.7948 / 0.8739), 0.55 0.8007 /
 * 0.8870, 0.6 0.7975 / 0.8854; quotes 247 → 248 characters; abstention never reads the score.
 */
const DENSE_WEIGHT = 0.5;

/** Sentences without a stored vector (older libraries) embedded at question time, the best by lexical evidence. */
const DENSE_RERANK = 24;

/**
 * The dense part of the score. Every candidate with a stored vector gets its cosine (a dot product
 * each: cheap); only sentences without one (a library made before vectors were stored) are
 * embedded now, and only the head of the list, since the model costs milliseconds per sentence.
 */
export async function addSimilarity(scored: ScoredSentence[], input: SentenceScoringInput): Promise<void> {
  const question = input.vector!;
  const ids = scored.map((s) => s.id);
  const stored = input.storedVectors?.(ids) ?? new Map<number, Float32Array>();
  const titled = input.storedTitledVectors?.(ids) ?? new Map<number, Float32Array>();
  scored.sort((a, b) => b.score - a.score);
  const head = new Set(scored.slice(0, DENSE_RERANK));
  const lacking = [...head].filter((s) => !stored.has(s.id));
  if (lacking.length > 0 && input.embed) {
    // Both readings, as ingest stores them, so both kinds compare on one scale.
    const texts = lacking.map((s) => input.textOf(s.articleRowid).slice(s.start, s.end));
    const vectors = await input.embed([
      ...texts,
      ...lacking.map((s, i) => sentenceEmbeddingText(input.titleOf?.(s.articleRowid) ?? '', texts[i]!)),
    ]);
    lacking.forEach((s, i) => {
      stored.set(s.id, vectors[i]!);
      titled.set(s.id, vectors[lacking.length + i]!);
    });
  }
  // The answer test reads the sentence's own cosine; its rank, the mean with the titled reading's.
  const ranking = new Map<ScoredSentence, number>();
  for (const s of scored) {
    const v = stored.get(s.id);
    if (!v) continue;
    s.similarity = dot(question, v);
    const t = titled.get(s.id);
    ranking.set(s, t ? (s.similarity + dot(question, t)) / 2 : s.similarity);
  }
  const neighbourSimilarity = neighbourMax(scored, (s) => ranking.get(s) ?? null);
  scored.forEach((s, i) => {
    const own = ranking.get(s);
    if (own === undefined) {
      // Not compared with the question: kept below the compared head it would otherwise outrank.
      s.score *= 0.8;
      s.chunkPart *= 0.8;
      return;
    }
    const context = neighbourSimilarity[i] ?? own;
    const dense = (own + NEIGHBOUR_SIMILARITY_WEIGHT * context) / (1 + NEIGHBOUR_SIMILARITY_WEIGHT);
    s.score = (1 - DENSE_WEIGHT) * s.score + DENSE_WEIGHT * Math.max(0, dense);
    s.chunkPart *= 1 - DENSE_WEIGHT;
  });
}
