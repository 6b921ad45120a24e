/**
 * How likely the library answers a question with a given sentence, from lexical evidence alone: a
 * logistic model over what the quote picker already knows. Coverage alone (the share of the
 * question's weighted terms a sentence holds) cannot tell a question about an article the library
 * lacks from one it holds when a stray sentence shares the question's generic words; whether the
 * sentence's article holds the rest of the question, how many of the question's words and names the
 * collection never contains, and whether the question's phrases recur in the sentence can.
 */

/** What the question brings, the same for every candidate sentence. */
export interface QuestionEvidence {
  /** Content terms of the question. */
  terms: number;
  /** Terms no sentence of the collection contains. */
  absentTerms: number;
  /** Names (capitalized runs) of the question, and how many of them the collection never mentions. */
  names: number;
  missingNames: number;
}

/** What one candidate sentence brings. */
export interface SentenceEvidence {
  coverage: number;
  /** Coverage of the question by all retrieved sentences of the sentence's article. */
  articleCoverage: number;
  /** Fused score of the best chunk holding it, relative to the top chunk. */
  chunkScore: number;
  /** Question terms the sentence holds. */
  matchedTerms: number;
  /** Adjacent word pairs of the question that recur adjacent in the sentence (see phraseMatches). */
  phraseMatches: number;
  /** Whether it holds a phrase of the question's answer type (a date for "when"...). */
  typeMatch: boolean;
}

/**
 * Fitted by `npx tsx bench/tune/answerModel.ts` (L2-regularized logistic regression, label: the
 * question's article is in the library) on SQuAD v1.1 public: libraries of the 12 even and of the 12
 * odd articles (all 24 articles' questions asked of each) and each article alone (its own questions
 * and the next article's). Weights are per raw feature unit. Collinear features share weight: a
 * term the collection lacks counts as an unmatched term (-1.67) plus absentTerms (+0.36), since in a
 * one-article library a question's word is often absent only because the article phrases it
 * differently. The collection's size was tried as a feature and dropped: fitted on libraries of 1
 * to 12 articles it lowered the answer rate of larger ones (5.6% → 7.2% abstention with all 24).
 */
export const ANSWER_MODEL = {
  bias: -16.2448,
  coverage: 1.1335,
  articleCoverage: 5.7122,
  chunkScore: 10.0057,
  terms: 1.2845,
  unmatchedTerms: -1.6651,
  absentTerms: 0.3636,
  missingNames: -1.8392,
  names: 0.8944,
  phraseMatches: 0.2601,
  typeMatch: 0.2421,
};

/** Log-odds that the question is answered by this sentence's library. */
export function answerConfidence(q: QuestionEvidence, s: SentenceEvidence): number {
  const m = ANSWER_MODEL;
  return (
    m.bias +
    m.coverage * s.coverage +
    m.articleCoverage * s.articleCoverage +
    m.chunkScore * s.chunkScore +
    m.terms * q.terms +
    m.unmatchedTerms * (q.terms - s.matchedTerms) +
    m.absentTerms * q.absentTerms +
    m.missingNames * q.missingNames +
    m.names * q.names +
    m.phraseMatches * s.phraseMatches +
    m.typeMatch * Number(s.typeMatch)
  );
}

/**
 * Word pairs of the question ("super bowl", "head coach") found next to each other in the sentence,
 * counted with repeats. Words are compared after a crude suffix strip, not FTS5's stemmer: the
 * feature was fitted this way and only needs to see that a phrase recurs.
 */
export function phraseMatches(questionPairs: Set<string>, sentence: string): number {
  const words = wordsOf(sentence);
  let n = 0;
  for (let i = 1; i < words.length; i++) if (questionPairs.has(`${words[i - 1]} ${words[i]}`)) n++;
  return n;
}

/** The adjacent word pairs of a question, for phraseMatches. */
export function questionPairs(question: string): Set<string> {
  const words = wordsOf(question);
  return new Set(words.slice(1).map((w, i) => `${words[i]} ${w}`));
}

function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.replace(/(ies|es|s|ed|ing)$/u, ''));
}
