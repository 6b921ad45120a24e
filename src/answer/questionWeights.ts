// How much each of a question's terms counts when a sentence, passage or article is judged by how
// much of the question it holds: the collection's blended IDF, sharpened, plus a share for names
// the collection never mentions. Shared by the quote picker and search's article ranking, so
// both weigh a question alike.
import { ftsPhrase } from '../retrieve/queryTerms.ts';
import type { LibraryStore } from '../store/libraryStore.ts';
import { questionNames, type TermStats, termStats } from './termWeights.ts';

/**
 * IDF weights are raised to this power so that coverage rewards the question's rare (topical)
 * words over its common ones; it cut false answers to unanswerable questions by a fifth at equal
 * hit rate in the SQuAD tuning runs.
 */
const IDF_EXPONENT = 1.5;

/**
 * A question name missing from the collection counts once more in the coverage denominator (tuned
 * on the even-indexed SQuAD public articles: cut answers to out-of-library questions from 11% to
 * 8% at 1 point fewer answered).
 */
const NAME_PENALTY = 1;

export interface QuestionWeights {
  stats: Map<string, TermStats>;
  /** Weight of each term. */
  idf: Map<string, number>;
  /** Sum of the terms' weights. */
  termSum: number;
  /** The denominator of coverage: termSum plus the missing names' share (never 0). */
  idfSum: number;
  /** The question's names (see questionNames) and those the collection never mentions as a whole. */
  names: string[];
  missingNames: string[];
}

export function questionWeights(
  store: LibraryStore,
  collection: string,
  question: string,
  terms: string[],
): QuestionWeights {
  const stats = termStats(store.stats, collection, terms);
  const idf = new Map(terms.map((t) => [t, stats.get(t)!.idf ** IDF_EXPONENT]));
  const termSum = [...idf.values()].reduce((a, b) => a + b, 0);
  const names = questionNames(question);
  const missingNames = names.filter((n) => store.stats.docFreq(collection, ftsPhrase(n)) === 0);
  // A name the collection never holds as a whole ("Lake George" where only "lake" and "George"
  // occur apart) counts once more, as a term nothing can cover, weighted by its rarest word.
  const rarest = (name: string) => Math.max(0, ...name.split(' ').map((w) => idf.get(w) ?? 0));
  const namePenalty = NAME_PENALTY * missingNames.reduce((a, n) => a + rarest(n), 0);
  return { stats, idf, termSum, idfSum: termSum + namePenalty || 1, names, missingNames };
}

/** Share of the question's weight that a set of its terms carries. */
export function coverageOf(weights: QuestionWeights, terms: Iterable<string>): number {
  let weight = 0;
  for (const t of terms) weight += weights.idf.get(t) ?? 0;
  return weight / weights.idfSum;
}
