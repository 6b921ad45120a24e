// ROUGE F1 as reported in the summarization literature: js-rouge does the n-gram and union-LCS
// arithmetic; tokenization follows Google's rouge-score (lower-case, every run of characters other
// than a-z and 0-9 is a separator, Porter stem of tokens longer than 3 characters), because
// js-rouge's default Penn Treebank tokenizer keeps punctuation tokens, which inflates overlap.
// tests/bench/rouge.test.ts checks this against scores of the official ROUGE-1.5.5 script.
import { l as rougeLcs, n as rougeNgram } from 'js-rouge';
import { stemmer } from 'stemmer';

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  /** Summary-level LCS (rougeLsum): sentences are the lines of candidate and reference. */
  rougeL: number;
}

export function rougeTokens(text: string, stem = true): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((t) => t.length > 0)
    .map((t) => (stem && t.length > 3 ? stemmer(t) : t));
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim().length > 0);

/**
 * F1 of ROUGE-1, ROUGE-2 and summary-level ROUGE-L. Put one sentence per line in both texts.
 * A side with no scorable token scores 0 (js-rouge refuses empty input).
 */
export function rouge(candidate: string, reference: string, opts: { stem?: boolean } = {}): RougeScores {
  const stem = opts.stem ?? true;
  const tokenizer = (t: string) => rougeTokens(t, stem);
  if (tokenizer(candidate).length === 0 || tokenizer(reference).length === 0)
    return { rouge1: 0, rouge2: 0, rougeL: 0 };
  return {
    rouge1: rougeNgram(candidate, reference, { n: 1, tokenizer }),
    rouge2: rougeNgram(candidate, reference, { n: 2, tokenizer }),
    rougeL: rougeLcs(candidate, reference, { tokenizer, segmenter: lines }),
  };
}
