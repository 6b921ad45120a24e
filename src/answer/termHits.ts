// Which question terms each candidate sentence holds, matched by the library's own full-text
// tokenizer (so "crack" matches "cracking" exactly as retrieval did).
import { ftsTerm } from '../retrieve/queryTerms.ts';
import type { LibraryStore } from '../store/libraryStore.ts';

export function termHits(
  store: LibraryStore,
  terms: string[],
  sentences: { id: number; text: string }[],
): Map<number, Set<string>> {
  const matches = store.matchSentences(terms.map(ftsTerm), sentences);
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
