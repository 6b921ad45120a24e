import { expectedAnswerType, hasAnswerOfType, questionWordSet } from './answerType.ts';
import type { LibraryStore, SentenceRow } from '../store/libraryStore.ts';
import { coverageOf, questionWeights } from './questionWeights.ts';
import { termHits } from './termHits.ts';
import { addSimilarity } from './denseScore.ts';
import type { ScoredSentence, SentenceScoringInput } from './scoredSentence.ts';
import { neighbourMax } from './neighbours.ts';
import { chunkCoverage } from './chunkCoverage.ts';
import { addArticleRarity } from './articleRarity.ts';
import { type AbstentionPolicy, isAnswer } from './abstention.ts';
import { mergeNeighbours, mergesPastLimit, type QuoteSpan } from './quoteMerge.ts';
import {
  namesAbsentFrom,
  phraseMatches,
  type QuestionEvidence,
  questionPairs,
  type SentenceEvidence,
} from './answerConfidence.ts';

export { type AbstentionPolicy, DEFAULT_ABSTENTION, isAnswer, SIMILARITY_WEIGHT } from './abstention.ts';
export type { ScoredSentence, SentenceScoringInput } from './scoredSentence.ts';
export type { QuoteSpan } from './quoteMerge.ts';

/**
 * Score weights, tuned on the even-indexed SQuAD public articles (eval part "small"; question term
 * weights in questionWeights.ts): the sentence's own coverage
 * weighs 0.35, its chunk's rank 0.25, and the coverage of its article's retrieved sentences 0.4
 * (top-3 hit rate over all articles 0.816 → 0.847: the subject's article beats a stray sentence
 * elsewhere that shares the question's generic words).
 */
const CHUNK_WEIGHT = 0.25;
const ARTICLE_WEIGHT = 0.4;

/**
 * Weight of the chunk's coverage of the question (see chunkCoverage) relative to the best retrieved
 * chunk's. The chunk rank above is a reciprocal-rank fusion score, nearly flat over the retrieved
 * chunks (1 to 0.9), so it could not tell the passage that holds the question's words together
 * from the next one in line. SQuAD public, all questions, with supporting quotes judged without
 * the chunk's part (see ownScore), hit@1 / hit@3:
 * - lexical 0.731 / 0.826 → 0.744 / 0.836 (tuning half 0.724 / 0.827 → 0.739 / 0.842, held out
 *   0.738 / 0.825 → 0.749 / 0.831), 249 characters a quote instead of 252;
 * - hybrid with all-MiniLM-L6-v2 0.758 / 0.846 → 0.772 / 0.853 (held out 0.748 / 0.827 → 0.766 /
 *   0.837).
 * Abstention is unchanged: it never reads the score. The chunk's BM25 relative to the best gained
 * as much, but FTS5 computes it over every collection's chunks, so one server's articles would
 * move another's scores; 0.15 and 0.6 gained less, and raising CHUNK_WEIGHT instead (0.6, 1.2)
 * about half.
 */
const CHUNK_COVERAGE_WEIGHT = 0.3;

/** Sentences checked for a phrase of the question's answer type, and the score it adds. */
const ANSWER_TYPE_HEAD = 40;
const ANSWER_TYPE_BONUS = 0.1;
/**
 * A why/how question's words are often repeated by a sentence that restates the event without its
 * cause ("drivers walked off the job") while the cause sits in a sentence sharing fewer of them, so
 * a sentence giving a reason or manner gets a larger bonus than other answer types.
 */
const REASON_BONUS = 0.2;
/**
 * A question asking for a score ("What was the final score?") shares its only content words with
 * the sentences that say who "scored", while the result itself ("won 4-3 on penalties after a
 * 2-2 draw") often shares none: a sentence holding a result gets the larger bonus even without
 * coverage, among the head of the list (the question's articles). 0.4 until hybrid mode's dense
 * part went from 0.4 to 0.5 of the score (denseScore.ts), which scales this bonus down with the
 * rest of the lexical part; 0.5 keeps "What was the score of the final?" answered with the result
 * by the default answer test, SQuAD figures unchanged in either mode.
 */
const SCORE_BONUS = 0.5;

/**
 * Weight of the best adjacent sentence's coverage in a sentence's score. SQuAD public, lexical,
 * all questions: hit@1 / hit@3 0.721 / 0.821 → 0.731 / 0.826 (tuning half 0.710 / 0.823 → 0.724 /
 * 0.827, held out 0.733 / 0.818 → 0.738 / 0.825) at 252 characters a quote instead of 235; 0.1
 * gained a little more (0.733 / 0.828) with quotes past 260 characters, 0.2 less.
 */
const NEIGHBOUR_COVERAGE_WEIGHT = 0.05;

/**
 * Scores every sentence of the retrieved chunks for how well it answers the question: IDF-weighted
 * coverage of the question's terms (matched through the same FTS5 porter tokenizer as the index),
 * the rank of its chunk, and in hybrid mode the cosine between the question and the sentence.
 */
export async function scoreSentences(store: LibraryStore, input: SentenceScoringInput): Promise<ScoredSentence[]> {
  const { terms, chunks } = input;
  if (chunks.length === 0) return [];
  const best = chunks[0]!.score;
  const bySentence = new Map<number, { row: SentenceRow; chunkScore: number }>();
  const chunkSentences: number[][] = [];
  for (const c of chunks) {
    const rows = store.sentencesOfArticle(c.articleRowid, c.sentenceStart, c.sentenceEnd);
    chunkSentences.push(rows.map((row) => row.id));
    for (const row of rows) {
      const prev = bySentence.get(row.id);
      const chunkScore = c.score / best;
      if (!prev || prev.chunkScore < chunkScore) bySentence.set(row.id, { row, chunkScore });
    }
  }
  const ids = [...bySentence.keys()];
  // Statistics of the collection the chunks come from, never of the whole database.
  const collection = store.stats.collectionOfArticle(chunks[0]!.articleRowid)!;
  const weights = questionWeights(store, collection, input.question, terms);
  const { stats, idf, termSum, names, missingNames } = weights;
  const texts = ids.map((id) => {
    const { row } = bySentence.get(id)!;
    return { id, text: input.textOf(row.article_rowid).slice(row.start, row.end) };
  });
  const hits = termHits(store, terms, texts, input.question);
  const absent = terms.filter((t) => stats.get(t)!.df === 0);
  const unseen = absent.reduce((a, t) => a + idf.get(t)!, 0) / (termSum || 1);
  const question: QuestionEvidence = {
    terms: terms.length,
    absentTerms: absent.length,
    names: names.length,
    missingNames: missingNames.length,
  };
  const pairs = questionPairs(input.question);
  const textById = new Map(texts.map((t) => [t.id, t.text]));
  const unseenName = missingNames.length > 0;
  // Which question terms each article's retrieved sentences hold between them: a sentence in the
  // article about the question's subject beats one elsewhere that shares only its generic words.
  const articleTerms = new Map<number, Set<string>>();
  for (const id of ids) {
    const rowid = bySentence.get(id)!.row.article_rowid;
    const set = articleTerms.get(rowid) ?? new Set<string>();
    hits.get(id)?.forEach((t) => set.add(t));
    articleTerms.set(rowid, set);
  }
  const weightOf = (set: Set<string>) => coverageOf(weights, set);
  const articleCoverage = new Map([...articleTerms].map(([rowid, set]) => [rowid, weightOf(set)]));
  const passageCoverage = chunkCoverage(chunkSentences, hits, weightOf);
  const bestPassage = Math.max(0, ...passageCoverage.values());
  // Only a question that names something needs the articles' texts.
  const namesElsewhere = new Map(
    [...articleTerms.keys()].map((rowid) => [rowid, names.length ? namesAbsentFrom(names, input.textOf(rowid)) : 0]),
  );

  const scored: ScoredSentence[] = ids.map((id) => {
    const { row, chunkScore } = bySentence.get(id)!;
    const matched = hits.get(id) ?? new Set<string>();
    const coverage = coverageOf(weights, matched);
    const articleCov = articleCoverage.get(row.article_rowid)!;
    const passage = bestPassage > 0 ? passageCoverage.get(id)! / bestPassage : 0;
    const chunkPart = CHUNK_WEIGHT * chunkScore + CHUNK_COVERAGE_WEIGHT * passage;
    const evidence: SentenceEvidence = {
      coverage,
      articleCoverage: articleCov,
      namesOutsideArticle: namesElsewhere.get(row.article_rowid)!,
      passageCoverage: passageCoverage.get(id)!,
      chunkScore,
      matchedTerms: matched.size,
      phraseMatches: phraseMatches(pairs, textById.get(id)!),
      typeMatch: false,
    };
    return {
      id,
      articleRowid: row.article_rowid,
      idx: row.idx,
      start: row.start,
      end: row.end,
      coverage,
      similarity: null,
      chunkScore,
      score: chunkPart + (1 - CHUNK_WEIGHT - ARTICLE_WEIGHT) * coverage + ARTICLE_WEIGHT * articleCov,
      chunkPart,
      terms: matched,
      unseen,
      unseenName,
      question,
      evidence,
    };
  });

  addArticleRarity(scored, (t) => idf.get(t) ?? 0);
  const neighbourCoverage = neighbourMax(scored, (s) => s.coverage);
  scored.forEach((s, i) => {
    s.score += NEIGHBOUR_COVERAGE_WEIGHT * (neighbourCoverage[i] ?? 0);
  });

  // Answer type: only the head of the list can win, so only it is parsed.
  const type = expectedAnswerType(input.question);
  if (type) {
    const words = questionWordSet(input.question);
    const bonus =
      type === 'reason' || type === 'manner' ? REASON_BONUS : type === 'score' ? SCORE_BONUS : ANSWER_TYPE_BONUS;
    scored.sort((a, b) => b.score - a.score);
    for (const s of scored.slice(0, ANSWER_TYPE_HEAD)) {
      const text = input.textOf(s.articleRowid).slice(s.start, s.end);
      if ((s.coverage > 0 || type === 'score') && hasAnswerOfType(text, type, words)) {
        s.score += bonus;
        s.evidence!.typeMatch = true;
      }
    }
  }

  if (input.vector) await addSimilarity(scored, input);
  return scored.sort((a, b) => b.score - a.score || a.articleRowid - b.articleRowid || a.idx - b.idx);
}

/**
 * A supporting sentence that adds no question term the earlier picks lack must score this close to
 * the best. SQuAD public, lexical, all questions: 0.9 → 0.8 raised hit@1 / hit@3 from 0.714 / 0.809
 * to 0.719 / 0.819 (tuning half 0.701 / 0.810 → 0.708 / 0.823, held out 0.727 / 0.809 → 0.731 /
 * 0.815) at 235 characters per quote instead of 224 and 3.1 quotes of 5 instead of 2.2: the answer
 * often sits in a sentence that restates the question's words, next to or below the best one.
 * 0.8 → 0.7 once the article rarity (articleRarity.ts) had shortened quotes: hit@1 / hit@3 lexical
 * 0.7481 / 0.8397 → 0.7569 / 0.8477 at 239 → 252 characters a quote, hybrid 0.7917 / 0.8787 →
 * 0.7977 / 0.8867 at 234 → 247 (both halves up in both modes). 0.7 → 0.65 once merged quotes
 * stopped at MAX_MERGED_QUOTE characters (quoteMerge.ts) and question words matched their irregular
 * forms: lexical 0.7585 / 0.8505 → 0.7605 / 0.8530 at 251 → 259 characters a quote (tuning half
 * 0.7566 / 0.8595 → 0.7591 / 0.8619, held out 0.7605 / 0.8410 → 0.7619 / 0.8436); 0.675 gained
 * half as much.
 */
const REPEAT_SCORE = 0.65;

/**
 * Picks up to `k` quotes: the best sentence, then others close to it in score that add a term the
 * earlier picks lack or score nearly as well. Neighbouring sentences of one article merge into one
 * quote, so a quote reads as the article wrote it. Empty when the best sentence is no answer.
 */
export function selectQuoteSpans(scored: ScoredSentence[], k: number, policy: AbstentionPolicy): QuoteSpan[] {
  // The answer test decides whether the library answers (it was fitted on whether the question's
  // article is in the library); which sentence of an answering article to quote is the ranking's
  // call. The best-ranked sentence of those articles can fail the test on its own: it may share no
  // word with the question ("What was the final score?" → "beating Dunmore Athletic 4-3"). SQuAD
  // public, all questions, hit@1 / hit@3 against quoting the best sentence that passes: lexical
  // 0.7460 / 0.8401 → 0.7463 / 0.8420 (both halves up), hybrid 0.7799 / 0.8641 → 0.7809 / 0.8669
  // (both halves up); which questions are answered is unchanged.
  const answering = new Set(scored.filter((s) => isAnswer(s, policy)).map((s) => s.articleRowid));
  const top = scored.find((s) => answering.has(s.articleRowid));
  if (!top) return [];
  const chosen: ScoredSentence[] = [top];
  const covered = new Set(top.terms);
  // Once the best quote has shown the library answers, supporting quotes may hold less of the
  // question (they often carry the part of the answer the best one lacks): half of minCoverage, in
  // hybrid mode with the cosine making up for coverage as isAnswer trades them. Hybrid mode's
  // stricter hybridMinCoverage (0.65 with all-MiniLM-L6-v2) had been kept here, so a neighbour
  // holding the answer was rarely quoted. SQuAD public, all questions, hybrid, hit@1 / hit@3 0.7809 /
  // 0.8671 → 0.7903 / 0.8805 (tuning half 0.7870 / 0.8809 → 0.7950 / 0.8930, held out 0.7746 /
  // 0.8526 → 0.7854 / 0.8674), 234 → 242 characters a quote; 0.325 (half of 0.65) gained half as
  // much, 0 no more.
  // Lexical mode: a quarter of minCoverage in place of half gained 0.1 point of hit@3.
  const { hybridMinCoverage: _strict, ...rest } = policy;
  const supporting: AbstentionPolicy = {
    ...rest,
    minCoverage: policy.minCoverage * 0.5,
    minConfidence: undefined,
    hybridAnswer: undefined,
  };
  // Only sentences ranked below the best answer: one ranked above it is from an article that failed the test.
  for (const s of scored.slice(scored.indexOf(top) + 1)) {
    if (chosen.length >= k) break;
    // A quote that would not answer on its own must come from an article already quoted.
    if (!isAnswer(s, policy) && !(isAnswer(s, supporting) && chosen.some((c) => c.articleRowid === s.articleRowid)))
      continue;
    if (ownScore(s) < 0.5 * ownScore(top)) continue;
    const addsTerm = [...s.terms].some((t) => !covered.has(t));
    if (!addsTerm && ownScore(s) < REPEAT_SCORE * ownScore(top)) continue;
    if (mergesPastLimit(chosen, s)) continue;
    chosen.push(s);
    s.terms.forEach((t) => covered.add(t));
  }
  return mergeNeighbours(chosen);
}

/**
 * What a sentence scores beyond its chunk's share: the neighbours of the best sentence share its
 * chunk's part, so judged with it they would join the quote for being next to it (with the chunk's
 * BM25 in the score, quotes grew from 252 to 275 characters).
 */
function ownScore(s: ScoredSentence): number {
  return s.score - s.chunkPart;
}
