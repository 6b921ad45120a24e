import fs from 'node:fs';
import path from 'node:path';
import type { Embedder } from '../embed/embedder.ts';
import type { Logger } from '../shared/log.ts';
import type { LibraryStore } from '../store/libraryStore.ts';
import { VectorIndex, type VectorIndexParams } from '../vector/vectorIndex.ts';

/**
 * One hnswlib index per collection, opened lazily: a collection nobody asks about costs nothing.
 * `usable()` is false in lexical mode (no model, or vectors from another model), and then every
 * lookup is null so callers skip vector work without checking the mode themselves.
 */
export class CollectionIndexes {
  private readonly open = new Map<string, VectorIndex | null>();

  constructor(
    private readonly dataDir: string,
    private readonly store: LibraryStore,
    private readonly embedder: Embedder | null,
    private readonly params: VectorIndexParams,
    private readonly log: Logger,
    private readonly usable: () => boolean,
  ) {}

  /** The collection's vector index, opened (or rebuilt from SQLite) on first use; null in lexical mode. */
  of(collection: string): VectorIndex | null {
    if (!this.usable() || !this.embedder) return null;
    let index = this.open.get(collection);
    if (index === undefined) {
      const store = this.store;
      const count = store.counts(collection).vectors;
      const source = { count, vectors: () => store.iterateVectors(collection) };
      const { modelId, dimension } = this.embedder;
      const persist = !store.db.readonly;
      index = VectorIndex.open(this.fileOf(collection), modelId, dimension, source, this.params, persist);
      if (index.rebuiltBecause && count > 0) {
        const message = `rebuilt the vector index of "${collection}" from the database`;
        this.log.warn({ collection, reason: index.rebuiltBecause }, message);
      }
      this.open.set(collection, index);
    }
    return index;
  }

  /** Forgets the collection's index and deletes its files, so the next use rebuilds it. */
  drop(collection: string): void {
    this.open.delete(collection);
    const file = this.fileOf(collection);
    for (const f of [file, `${file}.json`]) fs.rmSync(f, { force: true });
  }

  /** Saves changed indexes; a failure (full disk) is logged, not thrown: the file is a cache of SQLite. */
  saveAll(): void {
    for (const [collection, index] of this.open) {
      try {
        index?.save();
      } catch (err) {
        this.log.warn({ collection, err: (err as Error).message }, 'could not save the vector index');
      }
    }
  }

  private fileOf(collection: string): string {
    return path.join(this.dataDir, `vectors-${collection}.hnsw`);
  }
}
