import type { Embedder } from '../embed/embedder.ts';
import type { LibraryStore } from '../store/libraryStore.ts';

/** Records which model made the stored vectors, so a later start can tell they are stale. */
export function stampModel(store: LibraryStore, embedder: Embedder): void {
  store.setMeta('embedding_model', embedder.modelId);
  store.setMeta('embedding_dimension', String(embedder.dimension));
}

/**
 * Compares the model that built the stored vectors with the loaded one: null when they agree (or
 * nothing is stored yet, in which case the loaded model is stamped), else why answers go lexical.
 */
export function modelMismatchOf(store: LibraryStore, embedder: Embedder | null): string | null {
  if (!embedder) return null;
  const storedModel = store.getMeta('embedding_model');
  const storedDim = Number(store.getMeta('embedding_dimension') ?? 0);
  // EXISTS stops at the first vector; a count read every chunk on each open.
  const vectors = store.db.prepare('SELECT EXISTS (SELECT 1 FROM chunks WHERE vector IS NOT NULL) AS n').get() as {
    n: number;
  };
  if (vectors.n === 0 || !storedModel) {
    if (!store.db.readonly) stampModel(store, embedder);
    return null;
  }
  if (storedModel === embedder.modelId && storedDim === embedder.dimension) return null;
  return (
    `The library's vectors were made by ${storedModel} (${storedDim} dimensions) but the loaded model is ` +
    `${embedder.modelId} (${embedder.dimension} dimensions); answering in lexical-only mode until ` +
    `\`quoth reindex\` rebuilds them (or set EMBEDDING_MODEL back to ${storedModel}).`
  );
}
