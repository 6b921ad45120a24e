import { describe, expect, it } from 'vitest';
import { isAnswer } from '../../src/answer/abstention.ts';
import {
  answerConfidence,
  namesAbsentFrom,
  phraseMatches,
  type QuestionEvidence,
  questionPairs,
  type SentenceEvidence,
} from '../../src/answer/answerConfidence.ts';

const question: QuestionEvidence = { terms: 4, absentTerms: 0, names: 1, missingNames: 0 };
const sentence: SentenceEvidence = {
  coverage: 0.5,
  articleCoverage: 0.8,
  chunkScore: 1,
  matchedTerms: 2,
  phraseMatches: 1,
  typeMatch: true,
  namesOutsideArticle: 0,
  passageCoverage: 0.5,
};

describe('phraseMatches', () => {
  it('counts the question’s adjacent word pairs that recur adjacent, across plural and tense', () => {
    const pairs = questionPairs('Who was the head coach of the Broncos?');
    // "the Broncos" and "head coach(es)".
    expect(phraseMatches(pairs, 'The Broncos parted with head coaches twice.')).toBe(2);
    expect(phraseMatches(pairs, 'The coach, head of nothing, left the Broncos.')).toBe(1);
    expect(phraseMatches(pairs, 'A coach heads a team.')).toBe(0);
  });
});

describe('namesAbsentFrom', () => {
  it('counts the names a text never mentions as whole words, across case and line breaks', () => {
    const text = 'The Lake\nGeorge ferry left Harbor City. A bus ran to Poland-on-Sea.';
    expect(namesAbsentFrom(['lake george', 'harbor city'], text)).toBe(0);
    expect(namesAbsentFrom(['france', 'us', 'poland'], text)).toBe(2);
    // As the question gives them: lower-cased, a final period dropped.
    expect(namesAbsentFrom(['u.s agriculture department'], 'The U.S. Agriculture Department said')).toBe(0);
    expect(namesAbsentFrom(['u.s'], 'Sales in the US rose.')).toBe(1);
    expect(namesAbsentFrom(['at&t'], 'AT&T shares fell; ATT is another company.')).toBe(0);
  });
});

describe('answerConfidence', () => {
  it('rises with what the sentence and its article hold of the question', () => {
    const base = answerConfidence(question, sentence);
    expect(answerConfidence(question, { ...sentence, coverage: 0.8, matchedTerms: 3 })).toBeGreaterThan(base);
    expect(answerConfidence(question, { ...sentence, articleCoverage: 1 })).toBeGreaterThan(base);
    expect(answerConfidence(question, { ...sentence, phraseMatches: 3 })).toBeGreaterThan(base);
  });

  it('falls when the question names something the collection never mentions, or has words the sentence lacks', () => {
    const base = answerConfidence(question, sentence);
    expect(answerConfidence({ ...question, missingNames: 1 }, sentence)).toBeLessThan(base);
    expect(answerConfidence({ ...question, terms: 5 }, sentence)).toBeLessThan(base);
    expect(answerConfidence({ ...question, terms: 5, absentTerms: 1 }, sentence)).toBeLessThan(base);
  });
});

describe('isAnswer with minConfidence', () => {
  const policy = { minCoverage: 0.4, minSimilarity: 0.5, minConfidence: 0 };
  const evidence = (s: Partial<SentenceEvidence>, q: Partial<QuestionEvidence> = {}) => {
    const e = { ...sentence, ...s };
    return { coverage: e.coverage, similarity: null, question: { ...question, ...q }, evidence: e };
  };

  it('decides by the confidence, not the coverage threshold, when the scorer gathered the evidence', () => {
    // Low coverage, but the sentence's article holds the whole question: answered.
    const strong = evidence({ coverage: 0.3, articleCoverage: 1 });
    expect(answerConfidence(strong.question, strong.evidence)).toBeGreaterThanOrEqual(0);
    expect(isAnswer(strong, policy)).toBe(true);
    // Enough coverage, but a name of the question is missing and the article holds little else.
    const weak = evidence(
      { coverage: 0.45, articleCoverage: 0.45, matchedTerms: 1, phraseMatches: 0 },
      { missingNames: 1 },
    );
    expect(answerConfidence(weak.question, weak.evidence)).toBeLessThan(0);
    expect(isAnswer(weak, policy)).toBe(false);
  });

  it('falls back to coverage without the evidence or without minConfidence', () => {
    expect(isAnswer({ coverage: 0.45, similarity: null }, policy)).toBe(true);
    expect(isAnswer({ coverage: 0.35, similarity: null }, policy)).toBe(false);
    const weak = evidence(
      { coverage: 0.45, articleCoverage: 0.45, matchedTerms: 1, phraseMatches: 0 },
      { missingNames: 1 },
    );
    expect(isAnswer(weak, { ...policy, minConfidence: undefined })).toBe(true);
  });
});
