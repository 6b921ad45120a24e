// The tools a user would pick instead of Quoth, used the way their documentation shows:
// LangChain.js (RecursiveCharacterTextSplitter + BM25Retriever, and the HNSWLib vector store with
// Quoth's own embedder behind LangChain's Embeddings interface) and Orama full-text search over
// the same chunks. A peer's top chunks stand in for Quote objects.
import { Embeddings } from '@langchain/core/embeddings';
import { Document } from '@langchain/core/documents';
import { BM25Retriever } from '@langchain/community/retrievers/bm25';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { EnsembleRetriever } from '@langchain/classic/retrievers/ensemble';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { create, insertMultiple, search } from '@orama/orama';
import type { Embedder } from '../../src/embed/embedder.ts';
import type { RankedPassage } from '../metrics/answers.ts';

export interface PeerArticle {
  key: string;
  text: string;
}

export interface ChunkingOptions {
  chunkSize: number;
  chunkOverlap: number;
}

/** LangChain's documented defaults (and the class defaults). */
export const LANGCHAIN_DEFAULT_CHUNKING: ChunkingOptions = { chunkSize: 1000, chunkOverlap: 200 };

export interface PeerRetriever {
  name: string;
  /** How the peer was set up, for the report. */
  config: string;
  retrieve(question: string, k: number): Promise<RankedPassage[]>;
}

export interface ChunkedCorpus {
  chunks: RankedPassage[];
  /** Chunks whose text could not be found in their article (offsets unknown, never overlap). */
  unlocated: number;
}

/** Splits every article with RecursiveCharacterTextSplitter and finds each chunk's offsets. */
export async function chunkWithLangChain(articles: PeerArticle[], opts: ChunkingOptions): Promise<ChunkedCorpus> {
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: opts.chunkSize, chunkOverlap: opts.chunkOverlap });
  const chunks: RankedPassage[] = [];
  let unlocated = 0;
  for (const article of articles) {
    const pieces = await splitter.splitText(article.text);
    let cursor = 0;
    for (const text of pieces) {
      // Chunks come in order and overlap, so each starts after the previous one's start.
      const at = article.text.indexOf(text, cursor);
      if (at < 0) {
        unlocated++;
        chunks.push({ article: article.key, text, start: -1, end: -1 });
        continue;
      }
      chunks.push({ article: article.key, text, start: at, end: at + text.length });
      cursor = at + 1;
    }
  }
  return { chunks, unlocated };
}

function passageOf(doc: Document): RankedPassage {
  const m = doc.metadata as { article: string; start: number; end: number };
  return { article: m.article, start: m.start, end: m.end, text: doc.pageContent };
}

function documentsOf(corpus: ChunkedCorpus): Document[] {
  return corpus.chunks.map(
    (c) => new Document({ pageContent: c.text, metadata: { article: c.article, start: c.start, end: c.end } }),
  );
}

const describeChunking = (o: ChunkingOptions) => `RecursiveCharacterTextSplitter ${o.chunkSize}/${o.chunkOverlap}`;

export function langChainBm25(corpus: ChunkedCorpus, chunking: ChunkingOptions, k: number): PeerRetriever {
  const retriever = BM25Retriever.fromDocuments(documentsOf(corpus), { k });
  return {
    name: `LangChain BM25 (${chunking.chunkSize})`,
    config: `${describeChunking(chunking)}, BM25Retriever k=${k}, default preprocessing`,
    async retrieve(question) {
      return (await retriever.invoke(question)).map(passageOf);
    },
  };
}

/** Quoth's embedder behind LangChain's Embeddings interface, so both use the very same vectors. */
export class QuothEmbeddings extends Embeddings {
  constructor(private readonly embedder: Embedder) {
    super({});
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.embedder.embed(texts)).map((v) => Array.from(v));
  }

  async embedQuery(text: string): Promise<number[]> {
    return Array.from((await this.embedder.embed([text]))[0]!);
  }
}

export async function langChainHnsw(
  corpus: ChunkedCorpus,
  chunking: ChunkingOptions,
  embedder: Embedder,
): Promise<PeerRetriever> {
  const store = await HNSWLib.fromDocuments(documentsOf(corpus), new QuothEmbeddings(embedder));
  return {
    name: `LangChain HNSWLib (${chunking.chunkSize})`,
    config: `${describeChunking(chunking)}, HNSWLib (cosine) with the same embedder as Quoth`,
    async retrieve(question, k) {
      return (await store.similaritySearch(question, k)).map(passageOf);
    },
  };
}

/** LangChain's documented hybrid: BM25Retriever and the HNSWLib retriever fused by EnsembleRetriever (RRF). */
export async function langChainEnsemble(
  corpus: ChunkedCorpus,
  chunking: ChunkingOptions,
  embedder: Embedder,
  k: number,
): Promise<PeerRetriever> {
  const docs = documentsOf(corpus);
  const bm25 = BM25Retriever.fromDocuments(docs, { k });
  const store = await HNSWLib.fromDocuments(docs, new QuothEmbeddings(embedder));
  const retriever = new EnsembleRetriever({ retrievers: [bm25, store.asRetriever(k)], weights: [0.5, 0.5] });
  return {
    name: `LangChain Ensemble (${chunking.chunkSize})`,
    config:
      `${describeChunking(chunking)}, EnsembleRetriever (BM25Retriever + HNSWLib, weights 0.5/0.5), ` +
      'same embedder as Quoth',
    async retrieve(question, n) {
      return (await retriever.invoke(question)).slice(0, n).map(passageOf);
    },
  };
}

export async function oramaSearch(
  corpus: ChunkedCorpus,
  chunking: ChunkingOptions,
  opts: { stemming: boolean },
): Promise<PeerRetriever> {
  const db = create({
    schema: { text: 'string', article: 'string', start: 'number', end: 'number' } as const,
    components: { tokenizer: { stemming: opts.stemming } },
  });
  await insertMultiple(
    db,
    corpus.chunks.map((c) => ({ text: c.text, article: c.article, start: c.start, end: c.end })),
  );
  return {
    name: `Orama${opts.stemming ? ' +stem' : ''} (${chunking.chunkSize})`,
    config:
      `${describeChunking(chunking)}, Orama full-text (BM25) on ` +
      `text, ${opts.stemming ? 'English stemming on' : 'defaults'}`,
    async retrieve(question, k) {
      const results = await search(db, { term: question, properties: ['text'], limit: k });
      return results.hits.map((h) => ({
        article: h.document.article,
        start: h.document.start,
        end: h.document.end,
        text: h.document.text,
      }));
    },
  };
}
