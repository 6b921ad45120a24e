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
  /** Names of the question its article never mentions (a question about Poland, quoted from an article that is not). */
  namesOutsideArticle: number;
  /** Coverage of the question by the best retrieved chunk holding the sentence (see chunkCoverage). */
  passageCoverage: number;
}

export type AnswerFeature =
  | 'coverage'
  | 'articleCoverage'
  | 'chunkScore'
  | 'terms'
  | 'unmatchedTerms'
  | 'absentTerms'
  | 'missingNames'
  | 'names'
  | 'phraseMatches'
  | 'typeMatch'
  | 'namesOutsideArticle'
  | 'passageCoverage'
  | 'similarity';

/** Weights per raw feature unit; a feature the model lacks weighs nothing. */
export type AnswerModel = { bias: number } & Partial<Record<AnswerFeature, number>>;

/**
 * Lexical mode. Fitted by `npx tsx bench/tune/answerModel.ts` (L2-regularized logistic regression,
 * label: the question's article is in the library) on SQuAD v1.1 public: libraries of the 12 even
 * and of the 12 odd articles (all 24 articles' questions asked of each) and each article alone (its
 * own questions and the next article's). Collinear features share weight. A term the collection
 * lacks counts as an unmatched term (-1.58) plus absentTerms (+0.32): in a one-article library a
 * question's word is often absent only because the article phrases it differently. A name the
 * collection never mentions is one the sentence's article does not mention either (-0.07 - 2.07);
 * a name found elsewhere in the library but not in this article costs -2.07. The best chunk's coverage
 * (passageCoverage: are the question's words together in one passage?) carries most of what the
 * sentence's own coverage did, and more: with it, fitted on one half and checked on the other, 92.7%
 * / 96.2% of the answerable questions were answered and 6.3% / 6.9% of the others (without it 93.0%
 * / 96.0% and 6.7% / 7.1%), and 82.8% of 400 questions about 1,000 Reuters stories (81.8%; coverage
 * ≥ 0.4 answers 83.0%): a news story's answer sits with the question's words as a Wikipedia
 * article's does, while the single sentence matters less. Tried and dropped: the
 * collection's size (fitted on libraries of 1 to 12 articles, it lowered the answer rate of larger
 * ones: 5.6% → 7.2% abstention with all 24) and the unmatched share of the question's terms in
 * place of the counts (held out about as good on SQuAD, but it answered 75.8% of 400 questions
 * about 1,000 Reuters stories where coverage ≥ 0.4 answers 83.0% and the weights then 81.5%).
 */
export const ANSWER_MODEL: AnswerModel = {
  bias: -9.1308,
  coverage: -2.7553,
  articleCoverage: 3.2564,
  chunkScore: 2.7854,
  terms: 1.2546,
  unmatchedTerms: -1.5796,
  absentTerms: 0.3217,
  missingNames: -0.068,
  names: 1.193,
  phraseMatches: 0.2849,
  typeMatch: 0.0592,
  namesOutsideArticle: -2.0685,
  passageCoverage: 6.5261,
};

/**
 * Hybrid mode with all-MiniLM-L6-v2: the same evidence and the model's cosine between question and
 * sentence, fitted the same way (`bench/tune/answerModel.ts --hybrid`) on libraries ingested with
 * that model. Fitted on one half and checked on the other it answered 92.6% / 95.7% of the
 * answerable questions and 1.9% / 2.5% of the others at the threshold for 94.5%; see
 * MINILM_ABSTENTION for the threshold used.
 */
export const MINILM_ANSWER_MODEL: AnswerModel = {
  bias: -9.8257,
  coverage: 2.4129,
  articleCoverage: 3.5369,
  chunkScore: -1.3315,
  terms: 0.3889,
  unmatchedTerms: -0.6815,
  absentTerms: 0.4863,
  missingNames: 0.2895,
  names: 0.7739,
  phraseMatches: 0.2067,
  typeMatch: 0.2988,
  namesOutsideArticle: -2.0975,
  similarity: 16.4187,
};

/** The features of one sentence for one question; similarity is the model's cosine (0 in lexical mode). */
export function answerFeatures(
  q: QuestionEvidence,
  s: SentenceEvidence,
  similarity: number | null,
): Record<AnswerFeature, number> {
  return {
    coverage: s.coverage,
    articleCoverage: s.articleCoverage,
    chunkScore: s.chunkScore,
    terms: q.terms,
    unmatchedTerms: q.terms - s.matchedTerms,
    absentTerms: q.absentTerms,
    missingNames: q.missingNames,
    names: q.names,
    phraseMatches: s.phraseMatches,
    typeMatch: Number(s.typeMatch),
    namesOutsideArticle: s.namesOutsideArticle,
    passageCoverage: s.passageCoverage,
    similarity: Math.max(0, similarity ?? 0),
  };
}

/** Log-odds that the question is answered by this sentence's library. */
export function answerConfidence(
  q: QuestionEvidence,
  s: SentenceEvidence,
  model: AnswerModel = ANSWER_MODEL,
  similarity: number | null = null,
): number {
  const values = answerFeatures(q, s, similarity);
  let logit = model.bias;
  for (const [name, value] of Object.entries(values)) logit += (model[name as AnswerFeature] ?? 0) * value;
  return logit;
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

/**
 * How many of the question's names (lower-cased, as questionNames gives them) the text never
 * mentions. A name's words must appear in order with only non-word characters between them, as
 * the full-text tokenizer sees them ("u.s agriculture department" matches "U.S. Agriculture
 * Department"). The text is reduced to its lower-cased words once, so each name is one substring
 * search: a case-insensitive Unicode pattern per name and article cost about 1 ms per question.
 */
export function namesAbsentFrom(names: string[], text: string): number {
  if (names.length === 0) return 0;
  const words = ` ${(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ')} `;
  let absent = 0;
  for (const name of names) {
    const nameWords = name.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    if (nameWords.length > 0 && !words.includes(` ${nameWords.join(' ')} `)) absent++;
  }
  return absent;
}
