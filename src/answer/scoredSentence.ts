import type { Span } from '../shared/types.ts';
import type { RankedChunk } from '../retrieve/hybridRetriever.ts';
import type { QuestionEvidence, SentenceEvidence } from './answerConfidence.ts';

export interface ScoredSentence extends Span {
  id: number;
  articleRowid: number;
  idx: number;
  /** Share of the question's IDF weight whose terms the sentence contains (0–1). */
  coverage: number;
  similarity: number | null;
  /** The best fused score of a chunk holding the sentence, relative to the top chunk (0–1). */
  chunkScore: number;
  score: number;
  /**
   * The part of score every sentence of its chunk shares (the chunk's rank and BM25): it ranks the
   * chunks' sentences above others, but says nothing of whether a second sentence adds to the first.
   */
  chunkPart: number;
  terms: Set<string>;
  /** Share of the question's IDF weight on terms the collection never contains (same for every sentence). */
  unseen?: number;
  /** Whether the question names something (a capitalized word) the collection never contains. */
  unseenName?: boolean;
  /** What the answer test weighs (see answerConfidence.ts); the question's part is shared by all. */
  question?: QuestionEvidence;
  evidence?: SentenceEvidence;
}

export interface SentenceScoringInput {
  question: string;
  terms: string[];
  chunks: RankedChunk[];
  /** Question embedding and a way to embed candidate sentences, in hybrid mode. */
  vector: Float32Array | null;
  embed: ((texts: string[]) => Promise<Float32Array[]>) | null;
  /** Sentence vectors stored at ingest, by sentence id (a library built before they were lacks them). */
  storedVectors?: ((sentenceIds: number[]) => Map<number, Float32Array>) | null;
  /** The same sentences read after their article's title (see embed/sentenceText.ts), where stored. */
  storedTitledVectors?: ((sentenceIds: number[]) => Map<number, Float32Array>) | null;
  textOf: (articleRowid: number) => string;
  /** The article's title, read before a sentence embedded at question time as at ingest. */
  titleOf?: (articleRowid: number) => string;
}
