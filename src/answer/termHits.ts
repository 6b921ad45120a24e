// Which question terms each candidate sentence holds, matched by the library's own full-text
// tokenizer (so "crack" matches "cracking" exactly as retrieval did).
import { ftsTerm } from '../retrieve/queryTerms.ts';
import type { LibraryStore } from '../store/libraryStore.ts';

/**
 * Prefixes that make a hyphenated compound name something other than its second word: a
 * vice-president is not the president, an ex-minister no longer one, a non-resident the opposite of
 * a resident. The tokenizer splits at the hyphen, so "Who is the president of France?" quoted "…said
 * Henri de Bodinat, vice-president of the Arthur D. Little consultancy" from a story about France.
 */
const ROLE_CHANGING_PREFIXES = ['vice', 'ex', 'deputy', 'non', 'anti', 'pseudo', 'quasi'];

export function termHits(
  store: LibraryStore,
  terms: string[],
  sentences: { id: number; text: string }[],
  question = '',
): Map<number, Set<string>> {
  const compounds = compoundsToJoin(question);
  const read = compounds ? sentences.map((s) => ({ id: s.id, text: s.text.replace(compounds, '$1') })) : sentences;
  const matches = store.matchSentences(terms.map(ftsTerm), read);
  const hits = new Map<number, Set<string>>();
  for (const term of terms) {
    for (const id of matches.get(ftsTerm(term))!) {
      let set = hits.get(id);
      if (!set) hits.set(id, (set = new Set()));
      set.add(term);
    }
  }
  return hits;
}

/**
 * The compounds whose parts should not match alone (joined into one token for matching only; the
 * quote is cut from the stored text): those with a prefix the question does not use itself, so
 * "Who is the vice-president?" and "What do non-residents pay?" still match them.
 */
function compoundsToJoin(question: string): RegExp | null {
  const asked = question.toLowerCase();
  const prefixes = ROLE_CHANGING_PREFIXES.filter((p) => !new RegExp(`\\b${p}\\b`, 'u').test(asked));
  if (prefixes.length === 0) return null;
  return new RegExp(`\\b(${prefixes.join('|')})[-\u2010\u2011](?=\\p{L})`, 'giu');
}
