// Chunk vectors built from sentence vectors. Ingest reads each sentence twice, alone and after its
// article's title (see sentenceText.ts), once each (a sentence shared by two overlapping chunks too)
// and stores both for answer scoring; a chunk's vector is the length-weighted mean of its sentences'
// plain vectors, normalized. At question time the model reads only the question.
import type { LibraryStore, SentenceRow } from '../store/libraryStore.ts';
import type { SentenceVectors } from '../store/sentenceVectors.ts';
import type { Embedder } from './embedder.ts';
import { SentenceTexts } from './sentenceText.ts';

export async function embedChunksBySentence(
  embedder: Embedder,
  store: LibraryStore,
  sentenceVectors: SentenceVectors,
  chunkIds: number[],
): Promise<Float32Array[]> {
  const chunks = store.chunksByIds(chunkIds);
  const sentencesOf = new Map<number, SentenceRow[]>();
  const all = new Map<number, SentenceRow>();
  for (const id of chunkIds) {
    const c = chunks.get(id);
    const rows = c ? store.sentencesOfArticle(c.article_rowid, c.sentence_start, c.sentence_end) : [];
    sentencesOf.set(id, rows);
    for (const r of rows) all.set(r.id, r);
  }

  const texts = new SentenceTexts(store);
  const stored = sentenceVectors.present([...all.keys()]);
  const missing = [...all.values()].filter((r) => !stored.has(r.id));
  // One call, so the embedder batches both readings by length together.
  const made = await embedder.embed([...missing.map((r) => texts.plain(r)), ...missing.map((r) => texts.titled(r))]);
  const plain = made.slice(0, missing.length);
  sentenceVectors.put(
    missing.map((r) => r.id),
    plain,
    made.slice(missing.length),
  );
  const vectors = sentenceVectors.get([...stored]);
  missing.forEach((r, i) => vectors.set(r.id, plain[i]!));

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

/**
 * Adds the titled vector to sentences stored with their plain one only (a library made before the
 * titled reading was stored); returns how many. Chunk vectors and indexes are left as they are.
 */
export async function embedTitledWhereMissing(
  embedder: Embedder,
  store: LibraryStore,
  batch: number,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const total = store.sentenceVectors.missingTitledCount();
  const texts = new SentenceTexts(store);
  let done = 0;
  while (done < total) {
    const rows = store.sentenceVectors.missingTitled(batch);
    if (rows.length === 0) break;
    store.sentenceVectors.putTitled(
      rows.map((r) => r.id),
      await embedder.embed(rows.map((r) => texts.titled(r))),
    );
    done += rows.length;
    onProgress?.(Math.min(done, total), total);
  }
  return done;
}
