import path from 'node:path';
import { ftsTerm } from '../retrieve/queryTerms.ts';
import type { CollectionStats } from '../store/collectionStats.ts';
import { PriorTable } from './priorTable.ts';

/**
 * IDF weights of question terms for sentence scoring, from the collection's own sentences blended
 * with a background prior of general English (data/termPrior/, built from wordfreq by
 * scripts/buildTermPrior.ts). A one-article library alone cannot tell its topic words from filler:
 * "Normans" is in most of its sentences, so its own IDF is near zero, while any word it phrases
 * differently looks maximally rare. The prior acts as PRIOR_SENTENCES pseudo-sentences of general
 * text, so a small library weighs words as a large one would, and its own figures take over as it
 * grows past that size. 10,000 pseudo-sentences tuned on the even SQuAD articles (1,000: a
 * one-article library abstained on 7.6% of answerable questions; 10,000: 6.1%; more shifts weight
 * to general rarity and answers more out-of-library questions).
 */
export const PRIOR_SENTENCES = 10000;

/** Average words per sentence, to turn a word's corpus frequency into a share of sentences holding it. */
const WORDS_PER_SENTENCE = 25;

/** Zipf value (log10 per billion words) for a word the table lacks: rarer than anything listed. */
const UNLISTED_ZIPF = 1;
/** Numbers: wordfreq pools all numbers of a length, so a particular one is taken as fairly rare. */
const NUMBER_ZIPF = 3;

export const PRIOR_TABLE_FILE = path.resolve(import.meta.dirname, '../../data/termPrior/en.tsv.gz');
let table: PriorTable | null = null;

function priorTable(): PriorTable {
  table ??= PriorTable.load(PRIOR_TABLE_FILE);
  return table;
}

/** The term's Zipf frequency in general English (stem family), or null when the table lacks it. */
export function priorZipf(term: string): number | null {
  const key = term.toLowerCase();
  const z = priorTable().get(key);
  if (z !== undefined) return z;
  if (/\p{N}/u.test(key)) return NUMBER_ZIPF;
  return null;
}

/** Share of general-English sentences that hold the term. */
export function priorSentenceShare(term: string): number {
  const zipf = priorZipf(term) ?? UNLISTED_ZIPF;
  return 1 - Math.exp(-WORDS_PER_SENTENCE * 10 ** (zipf - 9));
}

export interface TermStats {
  /** Sentences of the collection holding the term. */
  df: number;
  /** IDF of the term from the blended share, ln(1 / p). */
  idf: number;
}

/** Blended IDF of each term over one collection. */
export function termStats(stats: CollectionStats, collection: string, terms: string[]): Map<string, TermStats> {
  const total = stats.sentenceCount(collection);
  const out = new Map<string, TermStats>();
  for (const term of terms) {
    const df = stats.docFreq(collection, ftsTerm(term));
    const share = (df + PRIOR_SENTENCES * priorSentenceShare(term)) / (total + PRIOR_SENTENCES);
    out.set(term, { df, idf: Math.log(1 / Math.min(1, Math.max(share, 1e-9))) });
  }
  return out;
}

/**
 * The names a question asks about: runs of capitalized words other than its first word ("France",
 * "Lake George", "Doctor Who"), lower-cased. A name the library never mentions, as a whole phrase,
 * is strong evidence that it cannot answer, even when each word of the name occurs somewhere.
 */
export function questionNames(question: string): string[] {
  const names: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length) names.push(run.join(' '));
    run = [];
  };
  const words = question.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu) ?? [];
  words.forEach((w, i) => {
    if (i > 0 && /^\p{Lu}/u.test(w))
      run.push(
        w
          .toLowerCase()
          .replace(/['’]s$/, '')
          .replace(/\.$/, ''),
      );
    else flush();
  });
  flush();
  return names;
}
