import { quoteLink } from '../text/textFragment.ts';
import { coverageOf, questionWeights } from '../answer/questionWeights.ts';
import { scoreSentences } from '../answer/selectQuotes.ts';
import { termHits } from '../answer/termHits.ts';
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
/**
 * Articles re-ranked by how much of the query they hold (see coverageRanked), and the weight of
 * that share beside the fused score relative to the best (which runs from 1 to about 0.9 over them,
 * so the share decides unless two articles hold about the same). BM25 ranks a chunk that repeats
 * one of the query's words over the story that holds them all. bench/tune/searchCoverage.ts, the
 * article the query is about listed first, tuning half / other half (200 queries each for Reuters):
 * - 400 Reuters headlines over 1,000 stories: lexical 86 / 86 → 185 / 186, hybrid 112 / 108 →
 *   182 / 185 (listed at all, lexical: 180 / 171 → 198 / 199);
 * - the headlines' two longest words: lexical 86 / 78 → 137 / 142, hybrid 85 / 80 → 129 / 131;
 * - SQuAD questions over 12 articles: lexical 356 / 351 → 352 / 354 of 364 / 365, hybrid 352 /
 *   354 → 355 / 357; the samples' questions unchanged.
 * Weights 0.5 and 2 were within 9 of 1; 20 articles instead of 10 gained at most 8 of 200.
 */
const COVERAGE_DEPTH = 10;
const COVERAGE_WEIGHT = 1;
/**
 * An article is listed only when it holds this share of the query's weight, or (hybrid) one of its
 * chunks is as close to the query as AbstentionPolicy.minSearchSimilarity asks. Without it "old
 * rocks" listed every sample article that says "old". Same tool and halves, after re-ranking:
 * articles other than the query's own per SQuAD question, lexical 3.86 / 3.69 → 2.31 / 2.15, and
 * 4.82 / 4.73 → 1.72 / 1.75 for questions about articles the library lacks; the own article was
 * listed for 363 / 361 instead of 363 / 364 (0.2: 363 / 363, but 3.30 / 3.04 others listed). Hybrid
 * with the cosine 0.3: own listed 362 / 365 as without the floor, others 4.00 → 2.49 / 2.39, absent
 * 5.00 → 2.48 / 2.46. Reuters: the own story listed as often as without it.
 */
const MIN_SEARCH_COVERAGE = 0.3;
/**
 * In hybrid mode, where the cosine vouches for an article the query's words miss: 0.4 kept the own
 * SQuAD article for 362 / 365 questions as without a floor, listed 1.73 / 1.67 others a question
 * (0.3: 2.49 / 2.39) and 1.83 / 1.86 for questions about absent articles (0.3: 2.48 / 2.46).
 * Lexically 0.4 dropped the own article for 7 / 8 of them.
 */
const HYBRID_MIN_SEARCH_COVERAGE = 0.4;

export interface ArticleSearchInput {
  query: string;
  retrieve: RetrieveQuery;
  collection: string;
  index: VectorIndex | null;
  limit: number;
  /**
   * The cosine with the query one of an article's chunks needs for the article to be listed when it
   * holds less than MIN_SEARCH_COVERAGE of the query (AbstentionPolicy.minSearchSimilarity); unset,
   * any chunk the vector index returned will do.
   */
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
  const fused = [...byArticle.entries()]
    .map(([rowid, list]) => ({ rowid, list, score: list[0]!.score + SECOND_CHUNK_WEIGHT * (list[1]?.score ?? 0) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, Math.max(COVERAGE_DEPTH, input.limit));
  const textOf = articleTextCache(store);
  const floor = input.retrieve.vector ? HYBRID_MIN_SEARCH_COVERAGE : MIN_SEARCH_COVERAGE;
  const denseFloor = input.minDenseOnlySimilarity ?? -Infinity;
  const close = (list: RankedChunk[]) => list.some((c) => c.similarity !== null && c.similarity >= denseFloor);
  const ranked = coverageRanked(store, input, fused, textOf)
    .filter((a) => a.coverage >= floor || close(a.list))
    .slice(0, input.limit);
  const top = ranked[0]?.score ?? 1;
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
      // on 1,000 Reuters stories (200 headlines, 3 rounds alternating old and new code). Ranked by
      // the mean of the cosines of the sentence read alone and after its title (embed/sentenceText.ts):
      // 0.7318 → 0.7371 in one session's runs.
      vector: input.retrieve.vector,
      embed: null,
      storedVectors: input.retrieve.vector ? (ids: number[]) => store.sentenceVectors.get(ids) : null,
      storedTitledVectors: input.retrieve.vector ? (ids: number[]) => store.sentenceVectors.getTitled(ids) : null,
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

interface RankedArticle {
  rowid: number;
  list: RankedChunk[];
  score: number;
}

/**
 * The articles (best first by fused score) ranked again by that score relative to the best plus
 * COVERAGE_WEIGHT × their coverage: the share of the query's weight their first chunks hold between
 * them, weighed as the quote picker weighs a question's terms.
 */
function coverageRanked(
  store: LibraryStore,
  input: ArticleSearchInput,
  fused: RankedArticle[],
  textOf: (rowid: number) => string,
): (RankedArticle & { coverage: number })[] {
  const { terms } = input.retrieve;
  if (fused.length === 0) return [];
  if (terms.length === 0) return fused.map((a) => ({ ...a, coverage: 0 }));
  const weights = questionWeights(store, input.collection, input.query, terms);
  const chunks = fused.flatMap((a, i) =>
    a.list.slice(0, SNIPPET_CHUNKS).map((c, j) => ({ article: i, id: i * SNIPPET_CHUNKS + j, c })),
  );
  const hits = termHits(
    store,
    terms,
    chunks.map(({ id, c }) => ({ id, text: textOf(c.articleRowid).slice(c.start, c.end) })),
  );
  const held = fused.map(() => new Set<string>());
  for (const { article, id } of chunks) hits.get(id)?.forEach((t) => held[article]!.add(t));
  const best = fused[0]!.score;
  return fused
    .map((a, i) => {
      const coverage = coverageOf(weights, held[i]!);
      return { ...a, coverage, score: a.score / best + COVERAGE_WEIGHT * coverage };
    })
    .sort((a, b) => b.score - a.score);
}
