// What the sentences on either side of a candidate say. An answer often sits next to the sentence
// that restates the question ("The strike began on Monday. Drivers demanded …"), or leans on it
// for its subject ("It was built in 1887."): its neighbours' evidence is evidence for it too.

export interface PlacedSentence {
  articleRowid: number;
  /** The sentence's position in its article. */
  idx: number;
}

/**
 * For each sentence, the larger `evidenceOf` of the sentences just before and after it in the same
 * article, among `sentences` (the candidates: neighbours outside them count as absent); null when
 * it has neither among them.
 */
export function neighbourMax<T extends PlacedSentence>(
  sentences: T[],
  evidenceOf: (s: T) => number | null,
): (number | null)[] {
  const byPlace = new Map<string, number | null>();
  for (const s of sentences) byPlace.set(`${s.articleRowid}:${s.idx}`, evidenceOf(s));
  return sentences.map((s) => {
    const before = byPlace.get(`${s.articleRowid}:${s.idx - 1}`) ?? null;
    const after = byPlace.get(`${s.articleRowid}:${s.idx + 1}`) ?? null;
    if (before === null) return after;
    return after === null ? before : Math.max(before, after);
  });
}
