import { quoteLink } from '../text/textFragment.ts';
import { absentWords } from '../answer/absentWords.ts';
import { type AbstentionPolicy, scoreSentences, selectQuoteSpans } from '../answer/selectQuotes.ts';
import type { Embedder } from '../embed/embedder.ts';
import { searchArticles } from '../retrieve/articleSearch.ts';
import { HybridRetriever, type RetrieveQuery } from '../retrieve/hybridRetriever.ts';
import { queryTerms } from '../retrieve/queryTerms.ts';
import type { AskResult, Quote, RetrievalMode, SearchResult } from '../shared/types.ts';
import { articleTextCache } from '../store/articleText.ts';
import type { ArticleRow, LibraryStore } from '../store/libraryStore.ts';
import { correctSpelling } from './questionSpelling.ts';
import type { CollectionIndexes } from './vectorIndexes.ts';

export const NOT_FOUND_ANSWER = 'Not found in the articles.';
/** The abstention of an empty collection (a server before its first /add): no front end's command in it. */
export const NO_ARTICLES_ANSWER = 'There are no articles in the library yet.';
/** Chunks fused from BM25 and HNSW that the quote picker reads sentences from, lexical mode. */
export const ANSWER_CHUNKS = 8;
/**
 * The same in hybrid mode. The picker weighs each sentence on its own, with the cosine of its
 * stored vector, so a deeper list lets it find the answer a chunk ranked ninth holds. SQuAD
 * public, all questions, hit@1 / hit@3 (bench/speed/squadLexical.ts --hybrid, all-MiniLM-L6-v2):
 * 8 chunks 0.773 / 0.853 (held-out half 0.766 / 0.836), 12 0.780 / 0.864 (0.774 / 0.849), 16
 * 0.782 / 0.868, 24 0.785 / 0.872. Questions about absent articles answered (eval abstention
 * sweep, same answer test): 4.9% at 8, 5.0% at 12, 5.3% at 16, 5.4% at 24; refitting the answer
 * model over 24 chunks and raising its threshold to 4.3% left hit@1 at 0.776 and abstained on
 * 1.5–3 points more Reuters questions. At 12, Reuters (200 questions, 1k / 10k / 19k stories)
 * abstained 10.0 / 10.0 / 8.5% (was 10.0 / 10.5 / 9.0%), the own story first as often, ask p50 at
 * 19k 10.6 ms (9.8–11.0). Lexically 24 gained 0.3 points of hit@1 and answered 0.8 points more
 * questions about absent articles, so lexical mode keeps 8.
 */
export const HYBRID_ANSWER_CHUNKS = 12;
/**
 * Posting budget of the rarer question terms a chunk must hold one of to be an answer candidate
 * (see candidateMatches); the others, up to the retriever's budget, still rank the candidates.
 * Reuters-21578, 19k stories: own story first 0.660 as with every ranked term a candidate term,
 * 0.658 at 1000.
 */
export const ANSWER_CANDIDATE_POSTINGS = 2000;

/** What `ask` and `search` take once the façade has checked them. */
export interface QuestionInput {
  text: string;
  collection: string;
  mode: RetrievalMode;
}

/** Retrieval, then quotes (ask) or ranked articles (search): the read side of the library. */
export class Questions {
  private readonly retriever: HybridRetriever;

  constructor(
    private readonly store: LibraryStore,
    private readonly embedder: Embedder | null,
    private readonly indexes: CollectionIndexes,
    private readonly abstention: AbstentionPolicy,
  ) {
    this.retriever = new HybridRetriever(store);
  }

  /** One to `k` verbatim quotes that answer the question, or the abstention. */
  async ask(input: QuestionInput, k: number, article?: ArticleRow): Promise<AskResult> {
    const { text: question, collection, mode } = input;
    if (this.isEmpty(collection))
      return { question, mode, abstained: true, answer: NO_ARTICLES_ANSWER, quotes: [], noArticles: true };
    const { text: spelled, corrections } = correctSpelling(this.store, collection, question);
    const readAs = corrections.length > 0 ? { corrections } : {};
    const abstain = (terms: string[]): AskResult => {
      const absent = absentWords(this.store, collection, spelled, terms);
      return {
        question,
        ...readAs,
        mode,
        abstained: true,
        answer: NOT_FOUND_ANSWER,
        quotes: [],
        ...(absent.length > 0 ? { absentWords: absent } : {}),
      };
    };
    const query = await this.queryOf({ ...input, text: spelled });
    if (!query) return abstain([]);
    const index = this.indexes.of(collection);
    const chunkOpts = {
      collection,
      index,
      articleRowid: article?.rowid,
      k: query.vector ? HYBRID_ANSWER_CHUNKS : ANSWER_CHUNKS,
      candidatePostings: ANSWER_CANDIDATE_POSTINGS,
    };
    const chunks = this.retriever.retrieve(query, chunkOpts);
    const textOf = articleTextCache(this.store);
    const embed = query.vector ? (texts: string[]) => this.embedder!.embed(texts) : null;
    const storedVectors = query.vector ? (ids: number[]) => this.store.sentenceVectors.get(ids) : null;
    const scored = await scoreSentences(this.store, {
      question: spelled,
      ...query,
      chunks,
      embed,
      storedVectors,
      storedTitledVectors: query.vector ? (ids: number[]) => this.store.sentenceVectors.getTitled(ids) : null,
      textOf,
      titleOf: (rowid) => this.store.articleByRowid(rowid)?.title ?? '',
    });
    const spans = selectQuoteSpans(scored, k, this.abstention);
    if (spans.length === 0) return abstain(query.terms);
    const quotes = spans.map((s): Quote => {
      const a = this.store.articleByRowid(s.articleRowid)!;
      const text = textOf(s.articleRowid).slice(s.start, s.end);
      const link = quoteLink(a.url, text);
      return { articleId: a.id, title: a.title, url: a.url, link, text, start: s.start, end: s.end, score: s.score };
    });
    return { question, ...readAs, mode, abstained: false, answer: quotes[0]!.text, quotes };
  }

  async search(input: QuestionInput, limit: number): Promise<SearchResult> {
    const { text: query, collection, mode } = input;
    if (this.isEmpty(collection)) return { query, mode, results: [], noArticles: true };
    const { text: spelled, corrections } = correctSpelling(this.store, collection, query);
    const readAs = corrections.length > 0 ? { corrections } : {};
    const retrieve = await this.queryOf({ ...input, text: spelled });
    if (!retrieve) return { query, ...readAs, mode, results: [] };
    const index = this.indexes.of(collection);
    const minDenseOnlySimilarity = this.abstention.minSearchSimilarity;
    const results = await searchArticles(this.store, this.retriever, {
      query: spelled,
      retrieve,
      collection,
      index,
      limit,
      ...(minDenseOnlySimilarity !== undefined ? { minDenseOnlySimilarity } : {}),
    });
    if (results.length > 0) return { query, ...readAs, mode, results };
    const absent = absentWords(this.store, collection, spelled, retrieve.terms);
    return { query, ...readAs, mode, results, ...(absent.length > 0 ? { absentWords: absent } : {}) };
  }

  /** Whether the collection has no articles (then no sentences either; the count is cached per write). */
  private isEmpty(collection: string): boolean {
    return this.store.stats.sentenceCount(collection) === 0;
  }

  /** Terms and (in hybrid mode) the embedding of the question; null when it has neither. */
  private async queryOf(input: QuestionInput): Promise<RetrieveQuery | null> {
    const terms = queryTerms(input.text);
    const vector = input.mode === 'hybrid' ? (await this.embedder!.embed([input.text]))[0]! : null;
    return terms.length === 0 && !vector ? null : { terms, vector };
  }
}
