import { quoteLink } from '../text/textFragment.ts';
import { scoreSentences } from '../answer/selectQuotes.ts';
import type { SearchHit } from '../shared/types.ts';
import { articleTextCache } from '../store/articleText.ts';
import type { LibraryStore } from '../store/libraryStore.ts';
import type { VectorIndex } from '../vector/vectorIndex.ts';
import type { HybridRetriever, RankedChunk, RetrieveQuery } from './hybridRetriever.ts';

/**
 * Chunks fused from BM25 and HNSW before they are grouped by article. Reciprocal-rank scores are
 * close together at the top, so a second chunk ranked far down still credited its article more
 * than one place of rank is worth; 100 instead of 200 is also half the rows to fetch. Reuters-21578
 * (lexical), own story first: 1k 0.405 -> 0.408, 10k 0.412 -> 0.420, 19k 0.410 -> 0.415.
 */
const SEARCH_CHUNKS = 100;
/** Credit an article gets for its second-best matching chunk. */
const SECOND_CHUNK_WEIGHT = 0.25;
/** Chunks of an article read for its snippet sentence. */
const SNIPPET_CHUNKS = 3;
/** Posting budget of the terms chunks are ranked by (see candidateTerms): articles are ranked by BM25 alone. */
const SEARCH_POSTINGS = 16000;
/**
 * Posting budget of the rarer terms a chunk must hold one of to be ranked at all (see
 * candidateMatches): the common terms then add to the scores of those chunks only, instead of
 * having FTS5 score every chunk that holds one. Reuters-21578, 19k stories: own story first 0.412
 * with every ranked term a candidate term, 0.413 at 4000, 0.410 at 2000, 0.395 at 1000.
 */
const SEARCH_CANDIDATE_POSTINGS = 2000;

export interface ArticleSearchInput {
  query: string;
  retrieve: RetrieveQuery;
  collection: string;
  index: VectorIndex | null;
  limit: number;
  /** See AbstentionPolicy.minSearchSimilarity. */
  minDenseOnlySimilarity?: number;
}

/**
 * Articles ranked by their best chunk, with a little credit for further matching chunks, each with
 * the sentence that matches the query best as its snippet. Scores are relative to the top article.
 */
export async function searchArticles(
  store: LibraryStore,
  retriever: HybridRetriever,
  input: ArticleSearchInput,
): Promise<SearchHit[]> {
  const { collection, index } = input;
  const chunkOpts = {
    collection,
    index,
    k: SEARCH_CHUNKS,
    candidates: SEARCH_CHUNKS,
    postings: SEARCH_POSTINGS,
    candidatePostings: SEARCH_CANDIDATE_POSTINGS,
  };
  const chunks = retriever.retrieve(input.retrieve, chunkOpts);
  const byArticle = new Map<number, RankedChunk[]>();
  for (const c of chunks) {
    const list = byArticle.get(c.articleRowid) ?? [];
    list.push(c);
    byArticle.set(c.articleRowid, list);
  }
  const floor = input.minDenseOnlySimilarity ?? -Infinity;
  const related = (list: RankedChunk[]) => list.some((c) => c.lexicalRank !== null || (c.similarity ?? -1) >= floor);
  const ranked = [...byArticle.entries()]
    .filter(([, list]) => related(list))
    .map(([rowid, list]) => ({ rowid, list, score: list[0]!.score + SECOND_CHUNK_WEIGHT * (list[1]?.score ?? 0) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, input.limit);
  const top = ranked[0]?.score ?? 1;
  const textOf = articleTextCache(store);
  const hits: SearchHit[] = [];
  for (const r of ranked) {
    const article = store.articleByRowid(r.rowid)!;
    const scoring = {
      question: input.query,
      terms: input.retrieve.terms,
      chunks: r.list.slice(0, SNIPPET_CHUNKS),
      // In hybrid mode the snippet is the sentence closest to the query as ask() judges it, by the
      // vectors stored at ingest (nothing is embedded here): SQuAD public, every 2nd question asked
      // as a search (bench/speed/searchSnippets.ts), its article's snippet held the answer for 0.719
      // instead of 0.707 with the lexical choice (189
      // characters instead of 193), and an article listed for its meaning shows the sentence that
      // carries it rather than its chunk's first. Cost: search p50 / p95 8.8 / 19.1 → 9.9 / 22.0 ms
      // on 1,000 Reuters stories (200 headlines, 3 rounds alternating old and new code).
      vector: input.retrieve.vector,
      embed: null,
      storedVectors: input.retrieve.vector ? (ids: number[]) => store.sentenceVectors.get(ids) : null,
      textOf,
    };
    const scored = await scoreSentences(store, scoring);
    const best = scored[0] ?? { start: r.list[0]!.start, end: r.list[0]!.end };
    const text = textOf(r.rowid);
    const snippet = text.slice(best.start, best.end);
    hits.push({
      articleId: article.id,
      title: article.title,
      url: article.url,
      score: Math.round((r.score / top) * 10000) / 10000,
      snippet: { text: snippet, start: best.start, end: best.end, link: quoteLink(article.url, snippet) },
    });
  }
  return hits;
}
