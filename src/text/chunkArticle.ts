import type { Span } from '../shared/types.ts';

export interface Chunk extends Span {
  /** Index of the first and one past the last sentence of the article that the chunk holds. */
  sentenceStart: number;
  sentenceEnd: number;
}

export type TokenCounter = (text: string) => number;

/**
 * Groups whole sentences into chunks of at most `budget` tokens (counted by the embedding model's
 * tokenizer), repeating one sentence of overlap between neighbours so that an answer spanning a
 * boundary is still whole in one chunk. A single sentence over budget becomes a chunk of its own
 * (the embedder truncates it; its full text stays searchable through FTS).
 */
export function chunkArticle(text: string, sentences: Span[], countTokens: TokenCounter, budget: number): Chunk[] {
  const chunks: Chunk[] = [];
  const tokens = sentences.map((s) => countTokens(text.slice(s.start, s.end)));
  let i = 0;
  while (i < sentences.length) {
    let j = i;
    let used = 0;
    while (j < sentences.length && (j === i || used + tokens[j]! <= budget)) {
      used += tokens[j]!;
      j++;
    }
    chunks.push({ start: sentences[i]!.start, end: sentences[j - 1]!.end, sentenceStart: i, sentenceEnd: j });
    if (j >= sentences.length) break;
    // Overlap by one sentence, unless the chunk is a single sentence (that would never advance) or
    // the overlap sentence and the next one do not fit together (the next chunk would hold only
    // the overlap, a copy of what this chunk already has).
    i = j - i > 1 && tokens[j - 1]! + tokens[j]! <= budget ? j - 1 : j;
  }
  return chunks;
}

/**
 * Word-piece estimate used only when no model is loaded (lexical mode): roughly 1.3 pieces per
 * word plus punctuation. Chunks made with it are re-made with the real tokenizer by `reindex`.
 */
export function estimateTokens(text: string): number {
  const words = text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  const marks = text.match(/[^\s\p{L}\p{N}]/gu)?.length ?? 0;
  return Math.ceil(words * 1.3) + marks;
}
