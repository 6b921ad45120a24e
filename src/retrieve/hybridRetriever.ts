import type { LibraryStore } from '../store/libraryStore.ts';
import type { VectorIndex } from '../vector/vectorIndex.ts';
import { candidateMatches, candidateTerms, ftsPhrase } from './queryTerms.ts';

export interface RankedChunk {
  id: number;
  articleRowid: number;
  start: number;
  end: number;
  sentenceStart: number;
  sentenceEnd: number;
  /** Reciprocal-rank-fusion score (higher is better). */
  score: number;
  lexicalRank: number | null;
  denseRank: number | null;
  similarity: number | null;
}

export interface RetrieveQuery {
  terms: string[];
  /** The question's embedding, in hybrid mode. */
  vector: Float32Array | null;
}

/** k of reciprocal rank fusion (Cormack et al. 2009): 60 is the value the paper and most systems use. */
const RRF_K = 60;

/**
 * Sentences (summed over the candidate query's terms) BM25 may read for one question's answer
 * candidates; see candidateTerms. On Reuters-21578 (bench/speed/askScale.ts, 19k stories) it
 * halved ask time while the first quote came from the question's own story as often as before.
 */
export const CANDIDATE_POSTINGS = 4000;

/**
 * FTS5 BM25 candidates and HNSW candidates, fused by reciprocal rank. With no query vector (no
 * model loaded, or a mismatched one) it is plain BM25.
 */
export class HybridRetriever {
  constructor(private readonly store: LibraryStore) {}

  retrieve(
    query: RetrieveQuery,
    opts: {
      collection: string;
      index: VectorIndex | null;
      articleRowid?: number;
      k: number;
      candidates?: number;
      /** Posting budget of the terms BM25 ranks by (see candidateTerms); Infinity keeps every term. */
      postings?: number;
      /**
       * Posting budget of the rarer terms a chunk must hold one of to be a candidate (see
       * candidateMatches); by default the same terms as `postings`.
       */
      candidatePostings?: number;
    },
  ): RankedChunk[] {
    const depth = opts.candidates ?? Math.max(50, opts.k * 4);
    const fused = new Map<
      number,
      { score: number; lexicalRank: number | null; denseRank: number | null; similarity: number | null }
    >();
    const entry = (id: number) => {
      let e = fused.get(id);
      if (!e) fused.set(id, (e = { score: 0, lexicalRank: null, denseRank: null, similarity: null }));
      return e;
    };

    // Within one article every term is kept: the few chunks are ranked by all of the question.
    const df = (t: string) => this.store.stats.docFreq(opts.collection, ftsPhrase(t));
    const whole = opts.articleRowid === undefined;
    const ranking = whole ? candidateTerms(query.terms, df, opts.postings ?? CANDIDATE_POSTINGS) : query.terms;
    const rare =
      whole && opts.candidatePostings !== undefined ? candidateTerms(query.terms, df, opts.candidatePostings) : ranking;
    const matches = candidateMatches(
      rare,
      ranking.filter((t) => !rare.includes(t)),
    );
    // The top `depth` of each query, merged, are the top `depth` chunks holding a rare term: one in
    // the true top that holds a common term is in the first query's top; one that holds none has
    // fewer chunks above it in the second query than in the true order. A chunk the first query cut
    // scores lower in the second (without its common terms) than all of the first query's top.
    const seen = new Set<number>();
    const hits = matches
      .flatMap((m) => this.store.searchChunks(opts.collection, m, depth, opts.articleRowid))
      .filter((h) => !seen.has(h.id) && seen.add(h.id));
    if (matches.length > 1) hits.sort((a, b) => a.score - b.score || a.id - b.id);
    hits.slice(0, depth).forEach((hit, rank) => {
      const e = entry(hit.id);
      e.lexicalRank = rank + 1;
      e.score += 1 / (RRF_K + rank + 1);
    });

    if (query.vector) {
      this.denseCandidates(query.vector, opts, depth).forEach((hit, rank) => {
        const e = entry(hit.id);
        e.denseRank = rank + 1;
        e.similarity = hit.similarity;
        e.score += 1 / (RRF_K + rank + 1);
      });
    }

    const rows = this.store.chunksByIds([...fused.keys()]);
    const ranked: RankedChunk[] = [];
    for (const [id, e] of fused) {
      const row = rows.get(id);
      if (!row) continue; // deleted since the index was written
      ranked.push({
        id,
        articleRowid: row.article_rowid,
        start: row.start,
        end: row.end,
        sentenceStart: row.sentence_start,
        sentenceEnd: row.sentence_end,
        ...e,
      });
    }
    ranked.sort((a, b) => b.score - a.score || a.id - b.id);
    return ranked.slice(0, opts.k);
  }

  private denseCandidates(
    vector: Float32Array,
    opts: { index: VectorIndex | null; articleRowid?: number },
    depth: number,
  ) {
    if (opts.articleRowid !== undefined) {
      // One article has few chunks: exact search over its stored vectors beats filtering the graph.
      return this.store
        .chunkVectorsOfArticle(opts.articleRowid)
        .map(({ id, vector: v }) => ({ id, similarity: dot(vector, v) }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, depth);
    }
    return opts.index ? opts.index.search(vector, depth) : [];
  }
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
