// A library for the search tuning tools: documents (and sample files) ingested through the core,
// then reopened as its parts (store, vector index, retriever), so a tool can see what search ranks
// before its floors apply.
import fs from 'node:fs';
import path from 'node:path';
import { loadCoreConfig } from '../../src/config.ts';
import { DEFAULT_COLLECTION, QuothLibrary } from '../../src/core/library.ts';
import type { Embedder } from '../../src/embed/embedder.ts';
import { HybridRetriever } from '../../src/retrieve/hybridRetriever.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { VectorIndex } from '../../src/vector/vectorIndex.ts';
import { repoRoot } from '../lib/paths.ts';
import { tempDir, type TinyModel } from '../lib/tinyModel.ts';

export interface Query {
  q: string;
  /** The article the query is about, or null when the library lacks it. */
  key: string | null;
}

/** The samples' questions (samples/questions.jsonl) and a few keyword searches, keyed by sample file name. */
export function sampleQueries(): Query[] {
  const questions = fs
    .readFileSync(path.join(repoRoot, 'samples', 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { question: string; articleSlug: string | null })
    .map((x) => ({ q: x.question, key: x.articleSlug }));
  return [
    ...questions,
    { q: 'tallyfox', key: 'lumenlane-acquires-tallyfox' },
    { q: 'rail strike', key: 'valley-line-rail-strike' },
    { q: 'sodium battery', key: 'ridgewell-sodium-battery' },
    { q: 'money for shops hurt by the construction', key: 'harbor-city-flood-wall' },
    { q: 'old rocks', key: 'carrow-museum-reopens' },
    { q: 'zeppelin hangar', key: null },
    { q: 'recipes for chocolate cake', key: null },
  ];
}

export const SAMPLE_FILES = path.join(repoRoot, 'samples', 'articles');

export interface Doc {
  /** The key queries name their article by. */
  key: string;
  title: string;
  text: string;
}

export interface SearchLibrary {
  store: LibraryStore;
  /** Null in lexical mode. */
  index: VectorIndex | null;
  embedder: Embedder | null;
  retriever: HybridRetriever;
  /** The key of an article (its Doc key, or a sample file's name without the extension). */
  keyOf(rowid: number): string;
  close(): Promise<void>;
}

/** Ingests the documents (and the files), with the model when given (hybrid) or without it (lexical). */
export async function openSearchLibrary(
  name: string,
  model: TinyModel | null,
  docs: Doc[],
  files?: string,
): Promise<SearchLibrary> {
  const dataDir = tempDir(`search-${name}`);
  const lib = await QuothLibrary.open(loadCoreConfig(process.env, { dataDir }), {
    embedder: model ? await model.load() : null,
  });
  for (const d of docs) await lib.ingestText({ text: d.text, title: d.title, source: d.key });
  if (files) await lib.ingest([files]);
  await lib.close();
  const embedder = model ? await model.load() : null;
  const store = LibraryStore.open(dataDir);
  const index = embedder
    ? VectorIndex.open(path.join(dataDir, `vectors-${DEFAULT_COLLECTION}.hnsw`), embedder.modelId, embedder.dimension, {
        count: store.counts(DEFAULT_COLLECTION).vectors,
        vectors: () => store.iterateVectors(DEFAULT_COLLECTION),
      })
    : null;
  return {
    store,
    index,
    embedder,
    retriever: new HybridRetriever(store),
    keyOf: (rowid) => path.basename(store.articleByRowid(rowid)!.source).replace(/\.[a-z]+$/, ''),
    async close() {
      store.close();
      await embedder?.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
