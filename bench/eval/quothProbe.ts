// Read-only access to a closed Quoth data directory through the core's own modules, for the two
// figures the public API cannot give: chunk rankings per retriever (lexical, dense, hybrid), so
// that Quoth's retrieval can be set beside a peer's chunks, and the evidence behind ask()'s
// abstention decision (coverage and similarity of the best sentence), so that thresholds can be
// swept without re-asking every question per threshold. It repeats the first steps of
// QuothLibrary.ask(); the abstention sweep checks at run time that it decides as ask() does.
import path from 'node:path';
import { scoreSentences, type ScoredSentence } from '../../src/answer/selectQuotes.ts';
import { DEFAULT_COLLECTION } from '../../src/core/library.ts';
import { correctSpelling } from '../../src/core/questionSpelling.ts';
import { ANSWER_CANDIDATE_POSTINGS, ANSWER_CHUNKS, HYBRID_ANSWER_CHUNKS } from '../../src/core/questions.ts';
import type { Embedder } from '../../src/embed/embedder.ts';
import { HybridRetriever } from '../../src/retrieve/hybridRetriever.ts';
import { queryTerms } from '../../src/retrieve/queryTerms.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { SentenceVectors } from '../../src/store/sentenceVectors.ts';
import { VectorIndex } from '../../src/vector/vectorIndex.ts';
import type { RankedPassage } from '../metrics/answers.ts';

export type RetrieverMode = 'lexical' | 'dense' | 'hybrid';

export class QuothProbe {
  private readonly retriever: HybridRetriever;
  private readonly texts = new Map<number, string>();
  private readonly ids = new Map<number, string>();

  private constructor(
    private readonly store: LibraryStore,
    private readonly index: VectorIndex | null,
    private readonly embedder: Embedder | null,
  ) {
    this.retriever = new HybridRetriever(store);
  }

  /** Opens the data directory of a closed library; pass the embedder that built its vectors for dense/hybrid. */
  static open(dataDir: string, embedder: Embedder | null): QuothProbe {
    const store = LibraryStore.open(dataDir);
    let index: VectorIndex | null = null;
    if (embedder) {
      const count = store.counts(DEFAULT_COLLECTION).vectors;
      index = VectorIndex.open(
        path.join(dataDir, `vectors-${DEFAULT_COLLECTION}.hnsw`),
        embedder.modelId,
        embedder.dimension,
        {
          count,
          vectors: () => store.iterateVectors(DEFAULT_COLLECTION),
        },
      );
      if (index.rebuiltBecause)
        throw new Error(
          `the vector index had to be rebuilt (${index.rebuiltBecause}); the probe must read the library's own index`,
        );
    }
    return new QuothProbe(store, index, embedder);
  }

  private textOf = (rowid: number): string => {
    let t = this.texts.get(rowid);
    if (t === undefined) this.texts.set(rowid, (t = this.store.articleText(rowid)));
    return t;
  };

  private idOf(rowid: number): string {
    let id = this.ids.get(rowid);
    if (id === undefined) this.ids.set(rowid, (id = this.store.articleByRowid(rowid)!.id));
    return id;
  }

  /** The question as ask() and search() read it, misspelled words corrected (see questionSpelling.ts). */
  spelled(question: string): string {
    return correctSpelling(this.store, DEFAULT_COLLECTION, question).text;
  }

  private async queryOf(
    question: string,
    mode: RetrieverMode,
  ): Promise<{ terms: string[]; vector: Float32Array | null }> {
    const terms = mode === 'dense' ? [] : queryTerms(question);
    const vector = mode === 'lexical' ? null : (await this.needEmbedder().embed([question]))[0]!;
    return { terms, vector };
  }

  private needEmbedder(): Embedder {
    if (!this.embedder) throw new Error('dense and hybrid retrieval need the embedder');
    return this.embedder;
  }

  /** The top chunks of one retriever, as passages of the stored article text. */
  async chunks(question: string, mode: RetrieverMode, k: number): Promise<RankedPassage[]> {
    const query = await this.queryOf(this.spelled(question), mode);
    const ranked = this.retriever.retrieve(query, {
      collection: DEFAULT_COLLECTION,
      index: mode === 'lexical' ? null : this.index,
      k,
    });
    return ranked.map((c) => ({
      article: this.idOf(c.articleRowid),
      start: c.start,
      end: c.end,
      text: this.textOf(c.articleRowid).slice(c.start, c.end),
    }));
  }

  /** The sentences ask() would choose its quotes from, best first, as scoreSentences() returns them. */
  async scoredSentences(asked: string, mode: 'lexical' | 'hybrid'): Promise<ScoredSentence[]> {
    const question = this.spelled(asked);
    const query = await this.queryOf(question, mode);
    if (query.terms.length === 0 && !query.vector) return [];
    const chunks = this.retriever.retrieve(query, {
      collection: DEFAULT_COLLECTION,
      index: mode === 'hybrid' ? this.index : null,
      k: query.vector ? HYBRID_ANSWER_CHUNKS : ANSWER_CHUNKS,
      candidatePostings: ANSWER_CANDIDATE_POSTINGS,
    });
    const embedder = this.embedder;
    return scoreSentences(this.store, {
      question,
      terms: query.terms,
      chunks,
      vector: query.vector,
      embed: query.vector && embedder ? (texts) => embedder.embed(texts) : null,
      storedVectors: query.vector
        ? (ids) => (this.sentenceVectors ??= new SentenceVectors(this.store.db)).get(ids)
        : null,
      textOf: this.textOf,
    });
  }

  private sentenceVectors: SentenceVectors | undefined;

  sentenceText(s: ScoredSentence): string {
    return this.textOf(s.articleRowid).slice(s.start, s.end);
  }

  close(): void {
    this.store.close();
  }
}
