// Why a question was not answered, in words the asker can check: the names and words of the
// question that no article of the collection contains. "Who is the president of France?" over a
// library of local news says "No article mentions “France”.", so the asker knows to add an article
// or rephrase, instead of wondering whether Quoth missed it.
import { ftsPhrase, ftsTerm } from '../retrieve/queryTerms.ts';
import type { LibraryStore } from '../store/libraryStore.ts';
import { priorZipf, questionNames } from './termWeights.ts';

/** More than this many absent words says little more than "nothing matched". */
const MAX_WORDS = 3;

/** The question's own spelling of a lower-cased word or name, or the word itself when not found. */
function asTyped(question: string, word: string): string {
  const escaped = word
    .split(' ')
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  return question.match(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu'))?.[0] ?? word;
}

/**
 * Names (as whole phrases) and content words of the question that occur in no sentence of the
 * collection, as typed, at most MAX_WORDS. A word counts as present in any
 * form the full-text index joins (plural, tense, irregular verb forms), so the list never names a
 * word the library holds in another form. `terms` are the question's query terms (queryTerms).
 */
export function absentWords(store: LibraryStore, collection: string, question: string, terms: string[]): string[] {
  // Titles are not in the sentence index: a word only a title holds is not called absent.
  const absent = (word: string, fts: string) =>
    store.stats.docFreq(collection, fts) === 0 && !store.titleContains(collection, word);
  const names = questionNames(question).filter((n) => absent(n, ftsPhrase(n)));
  // A missing name's words are not listed again on their own ("Lake George", not also "George").
  const inNames = new Set(names.flatMap((n) => n.split(' ')));
  // The most telling first: names, then words from rare to common in general English, so "near"
  // or "deep" is the one left out when there are more than three.
  const zipf = (t: string) => priorZipf(t) ?? 0;
  const words = terms.filter((t) => !inNames.has(t) && absent(t, ftsTerm(t))).sort((a, b) => zipf(a) - zipf(b));
  return [...names, ...words].slice(0, MAX_WORDS).map((w) => asTyped(question, w));
}
