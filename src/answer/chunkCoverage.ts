/**
 * How much of the question each retrieved chunk holds between its sentences (the IDF-weighted share
 * of the question's terms, as coverage weighs them): a passage where the question's words occur
 * together is where its answer usually is, and a question about an article the library lacks
 * rarely finds its words together in one passage. A sentence in several chunks gets the best of
 * them. Computed from the collection's own term weights, so other collections never move it.
 */
export function chunkCoverage(
  chunkSentences: number[][],
  termsOfSentence: Map<number, Set<string>>,
  weightOf: (terms: Set<string>) => number,
): Map<number, number> {
  const bySentence = new Map<number, number>();
  for (const ids of chunkSentences) {
    const terms = new Set<string>();
    for (const id of ids) termsOfSentence.get(id)?.forEach((t) => terms.add(t));
    const weight = weightOf(terms);
    for (const id of ids) bySentence.set(id, Math.max(bySentence.get(id) ?? 0, weight));
  }
  return bySentence;
}
