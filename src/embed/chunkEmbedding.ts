// Chunk vectors built from sentence vectors. Ingest embeds each sentence once (a sentence shared by
// two overlapping chunks too) and stores it for answer scoring; a chunk's vector is the length-
// weighted mean of its sentences' vectors, normalized. The model thus reads every sentence once
// instead of every chunk plus, at question time, every candidate sentence again.
import type { LibraryStore, SentenceRow } from '../store/libraryStore.ts';
import type { SentenceVectors } from '../store/sentenceVectors.ts';
import type { Embedder } from './embedder.ts';

/**
 * A sentence is embedded alone, not after its article's title. Read with the title ("Super Bowl
 * 50. He was named MVP…"), all-MiniLM-L6-v2 ranked SQuAD public's answers better when every
 * question is answered (hybrid hit@1 / hit@3 0.818 / 0.909 → 0.824 / 0.915, both halves up), and
 * an answer model refitted on such vectors, fitted on one half and checked on the other, answered
 * 93.4% / 95.3% of the answerable questions and 2.0% / 1.7% of the others (MINILM_ANSWER_MODEL:
 * 92.6% / 95.7% and 1.9% / 2.5%); the old answer model on them abstained more (3.0% of all
 * questions instead of 2.4%) and declined four of the samples' paraphrase questions. But every
 * sentence of an article then leans toward its title, so search's snippet (the sentence closest to
 * the query) and the articles search finds by meaning alone got worse on the samples ("how many
 * people attended the game" no longer showed the crowd figure; "old rocks" lost the museum's
 * mineral hall), and the title's cosine as a separate term gained 0.2 point of hit@1 only.
 */
export async function embedChunksBySentence(
  embedder: Embedder,
  store: LibraryStore,
  sentenceVectors: SentenceVectors,
  chunkIds: number[],
): Promise<Float32Array[]> {
  const chunks = store.chunksByIds(chunkIds);
  const texts = new Map<number, string>();
  const textOf = (rowid: number) => {
    let t = texts.get(rowid);
    if (t === undefined) texts.set(rowid, (t = store.articleText(rowid)));
    return t;
  };
  const sentencesOf = new Map<number, SentenceRow[]>();
  const all = new Map<number, SentenceRow>();
  for (const id of chunkIds) {
    const c = chunks.get(id);
    const rows = c ? store.sentencesOfArticle(c.article_rowid, c.sentence_start, c.sentence_end) : [];
    sentencesOf.set(id, rows);
    for (const r of rows) all.set(r.id, r);
  }

  const stored = sentenceVectors.present([...all.keys()]);
  const missing = [...all.values()].filter((r) => !stored.has(r.id));
  const made = await embedder.embed(missing.map((r) => textOf(r.article_rowid).slice(r.start, r.end)));
  sentenceVectors.put(
    missing.map((r) => r.id),
    made,
  );
  const vectors = sentenceVectors.get([...stored]);
  missing.forEach((r, i) => vectors.set(r.id, made[i]!));

  return chunkIds.map((id) => {
    const sum = new Float32Array(embedder.dimension);
    for (const r of sentencesOf.get(id) ?? []) {
      const v = vectors.get(r.id);
      if (!v) continue;
      // Weighted by length, as mean pooling over a whole chunk weighs each sentence by its tokens.
      const w = r.end - r.start;
      for (let i = 0; i < sum.length; i++) sum[i]! += w * v[i]!;
    }
    let norm = 0;
    for (const x of sum) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < sum.length; i++) sum[i]! /= norm;
    return sum;
  });
}
