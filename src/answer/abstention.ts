import {
  type AnswerModel,
  answerConfidence,
  MINILM_ANSWER_MODEL,
  type QuestionEvidence,
  type SentenceEvidence,
} from './answerConfidence.ts';

/** What the answer test reads of a scored sentence (selectQuotes.ts's ScoredSentence). */
export interface AnswerEvidence {
  coverage: number;
  similarity: number | null;
  unseen?: number;
  unseenName?: boolean;
  /** The evidence answerConfidence() weighs, when the scorer gathered it. */
  question?: QuestionEvidence;
  evidence?: SentenceEvidence;
}

export interface AbstentionPolicy {
  /** Minimum IDF-weighted share of the question's terms the best sentence must contain. */
  minCoverage: number;
  /**
   * The same for a sentence compared with the question by the model (hybrid mode), when the
   * thresholds are tuned for that model; minCoverage otherwise.
   */
  hybridMinCoverage?: number;
  /**
   * In hybrid mode, the cosine at which a sentence needs exactly minCoverage; each point of cosine
   * above (below) it stands in for SIMILARITY_WEIGHT points of coverage less (more).
   */
  minSimilarity: number;
  /** Abstain when more than this share of the question's weight is on words the collection lacks. */
  maxUnseen?: number;
  /** Abstain when the question names something the collection never mentions. */
  abstainOnUnseenName?: boolean;
  /**
   * Lexical mode: the log-odds answerConfidence() must reach, in place of minCoverage, for a
   * sentence whose evidence the scorer gathered.
   */
  minConfidence?: number;
  /**
   * Hybrid mode, for the model these weights were fitted with: the answer model over the same
   * evidence plus the cosine, and the log-odds it must reach, in place of the coverage/cosine rule.
   */
  hybridAnswer?: { model: AnswerModel; minConfidence: number };
  /**
   * Search, in hybrid mode: an article that holds too little of the query's words (none, or less
   * than articleSearch.ts's MIN_SEARCH_COVERAGE) is listed only when one of its retrieved chunks
   * has at least this cosine with it. Unset (any model but the one it was tuned with): the vector
   * index's nearest articles are listed however far they are.
   */
  minSearchSimilarity?: number;
}

/**
 * Trades cosine for coverage in the hybrid answer test. Tuned with all-MiniLM-L6-v2 on the
 * even-numbered SQuAD public articles (library) against the odd-numbered ones' questions
 * (unanswerable): coverage + 1.5 × cosine ≥ 1.13 alone answered 96.5% of the answerable questions and
 * 4.8% of the others, where coverage ≥ 0.4 alone answered 91.6% and 10.8% (see isAnswer for the rule used).
 */
export const SIMILARITY_WEIGHT = 1.5;

/**
 * Lexical mode answers when answerConfidence() reaches minConfidence: the log-odds at which 94.5% of
 * the answerable SQuAD public questions are answered (bench/tune/answerModel.ts). Fitted on one
 * half and checked on the other, it answered 92.7% / 96.2% of the answerable questions and 6.3% /
 * 6.9% of those about absent articles, where coverage ≥ 0.4 alone answered 93.5% / 94.0% and
 * 12.4% / 9.5%; with one article alone in the library 93.0% / 97.0% (coverage: 92.6% / 93.3%).
 * The price, in a domain it was not fitted on: of 400 questions about 1,000 Reuters stories
 * (headline or opening words) it answers 82.8%, coverage 83.0%.
 * minCoverage (0.4: the best balanced accuracy of coverage alone) still decides for sentences
 * without that evidence, and halved for supporting quotes. minSimilarity: see SIMILARITY_WEIGHT.
 * 0.49 → 0.6 once misspelled question words were read as the library's (core/questionSpelling.ts),
 * which answered more of both kinds of question (eval split: 95.3% / 6.0% → 95.7% / 6.5%). 0.6
 * answers news as before: 200 questions about 1k / 10k / 19k Reuters stories (bench/speed/
 * askScale.ts) abstained 18.5 / 16.5 / 13.0% (before the correction, at 0.49: 18.0 / 16.5 / 13.0%),
 * where 0.75 abstained 20.0 / 17.0 / 15.0% and quoted the asked-about story first 1.5–2 points less
 * often. All 24 SQuAD articles in one library: hit@1 / hit@3 0.7675 / 0.8598, 5.0% abstained (0.49:
 * 0.7695 / 0.8625, 4.7%; 0.75: 0.7665 / 0.8577, 5.4%). 1.0 answered 4.8% of the split's
 * absent-article questions, but all 24 then abstained on 6.6% and fell to 0.7589 / 0.8484.
 */
export const DEFAULT_ABSTENTION: AbstentionPolicy = { minCoverage: 0.4, minSimilarity: 0.485, minConfidence: 0.6 };

export function isAnswer(s: AnswerEvidence, policy: AbstentionPolicy): boolean {
  if ((s.unseen ?? 0) > (policy.maxUnseen ?? 1)) return false;
  if (policy.abstainOnUnseenName && s.unseenName) return false;
  // Lexical mode, or a sentence that was not compared with the question.
  if (s.similarity === null) {
    if (policy.minConfidence !== undefined && s.question && s.evidence)
      return answerConfidence(s.question, s.evidence) >= policy.minConfidence;
    return s.coverage >= policy.minCoverage;
  }
  if (policy.hybridAnswer && s.question && s.evidence) {
    const { model, minConfidence } = policy.hybridAnswer;
    return answerConfidence(s.question, s.evidence, model, s.similarity) >= minConfidence;
  }
  // Without hybridMinCoverage, hybrid mode never abstains where lexical mode would answer: another
  // (or a weak) model must not silence lexically sound answers with a cosine threshold tuned for
  // all-MiniLM-L6-v2. With that model its own policy asks more of coverage (MINILM_ABSTENTION).
  const minCoverage = policy.hybridMinCoverage ?? policy.minCoverage;
  if (s.coverage >= minCoverage) return true;
  const similarity = Math.max(0, s.similarity);
  return s.coverage + SIMILARITY_WEIGHT * (similarity - policy.minSimilarity) >= minCoverage;
}

/**
 * Search with all-MiniLM-L6-v2: the cosine an article that shares no word with the query needs to
 * be listed. Without it a search lists the index's nearest articles whatever they are: over the six
 * samples, "zeppelin hangar" listed all five it may (the first at "score 1.000"). Measured by
 * bench/tune/searchFloor.ts (first five articles listed, hybrid): for the 29 sample questions and 6
 * keyword searches, 99 of 175 were articles holding none of the query's words (cosine median 0.14,
 * 95th percentile 0.28), none of them the article asked about; for SQuAD public questions over 12
 * articles, 198 of 3,643, of which 1 was the question's own (cosine 0.33) and the rest had a median
 * of 0.23 and a 90th percentile of 0.31 (0.35 for questions about absent articles); for 1,000
 * Reuters stories searched by headline, 3 of 2,000, none the story's own. 0.3 drops 99% of those on
 * the samples and 85% on SQuAD, and kept the one that was right. An article holding a query word
 * is listed as before.
 */
const MINILM_SEARCH_SIMILARITY = 0.3;

/**
 * all-MiniLM-L6-v2 (the default model) in hybrid mode: MINILM_ANSWER_MODEL at log-odds 0.35 (SQuAD
 * public, all questions, library of the 12 even / odd articles: 98.1% / 96.8% answered and 3.8% /
 * 4.6% of the questions about absent articles). It was 0.25, the log-odds for 97% answered (98.3% /
 * 96.9% and 3.9% / 4.8%), until the eval's abstention split (every 3rd question) counted 5.1% of
 * absent-article questions answered, past the 5% bound; 0.35 counts 4.9% there for the same 97.9%
 * answered. 0.5 (4.7%, 97.7%) declined two of the six paraphrase questions the default test
 * answers over the samples ("How many fans attended the final?"). Reuters (400 questions about
 * 1,000 stories) answered more than coverage alone at 0.25.
 * The rule the model replaced (coverage 0.65 alone, or less with a cosine above 0.35, still used
 * for a sentence without the evidence) answered 96.0% / 94.9% and 4.4% / 4.3% (every 3rd
 * question); the rule for any model (coverage 0.4 alone always answers) 98.2% / 97.5% and 10.9% /
 * 10.7%.
 */
export const MINILM_ABSTENTION: AbstentionPolicy = {
  minCoverage: 0.4,
  hybridMinCoverage: 0.65,
  minSimilarity: 0.35,
  minConfidence: DEFAULT_ABSTENTION.minConfidence,
  hybridAnswer: { model: MINILM_ANSWER_MODEL, minConfidence: 0.35 },
  minSearchSimilarity: MINILM_SEARCH_SIMILARITY,
};

/** The policy for a library's model: tuned thresholds for the model they were tuned with, the cautious rule otherwise. */
export function abstentionFor(modelId: string | null): AbstentionPolicy {
  return modelId && /(^|\/)all-MiniLM-L6-v2$/i.test(modelId) ? MINILM_ABSTENTION : DEFAULT_ABSTENTION;
}
