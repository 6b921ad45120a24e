import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ABSTENTION,
  isAnswer,
  scoreSentences,
  selectQuoteSpans,
  SIMILARITY_WEIGHT,
  type ScoredSentence,
} from '../../src/answer/selectQuotes.ts';
import { HybridRetriever } from '../../src/retrieve/hybridRetriever.ts';
import { queryTerms } from '../../src/retrieve/queryTerms.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { chunkArticle, estimateTokens } from '../../src/text/chunkArticle.ts';
import { splitSentences } from '../../src/text/splitSentences.ts';
import { makeTempDir, removeTempDirs } from '../helpers/library.ts';

let nextId = 1;
type SentenceSpec = Partial<Omit<ScoredSentence, 'terms'>> & { idx: number; score: number; terms?: string[] };

function sentence(p: SentenceSpec): ScoredSentence {
  const { terms = [], ...rest } = p;
  return {
    id: nextId++,
    articleRowid: 1,
    start: p.idx * 100,
    end: p.idx * 100 + 50,
    coverage: 0.5,
    similarity: null,
    chunkScore: 1,
    chunkPart: 0,
    ...rest,
    terms: new Set(terms),
  };
}

/** A fixed policy, so these tests do not move when the defaults are tuned. */
const POLICY = { minCoverage: 0.34, minSimilarity: 0.6 };

describe('isAnswer (abstention policy)', () => {
  it('needs enough of the question’s weighted terms', () => {
    expect(isAnswer(sentence({ idx: 0, score: 1, coverage: 0.34 }), POLICY)).toBe(true);
    expect(isAnswer(sentence({ idx: 0, score: 1, coverage: 0.2 }), POLICY)).toBe(false);
  });

  it('in hybrid mode trades cosine for coverage (SIMILARITY_WEIGHT points of coverage per point of cosine)', () => {
    // 0.34 coverage is enough at the policy's similarity; 0.1 more cosine makes up for 0.15 less coverage.
    expect(isAnswer(sentence({ idx: 0, score: 1, coverage: 0.34, similarity: 0.6 }), POLICY)).toBe(true);
    expect(isAnswer(sentence({ idx: 0, score: 1, coverage: 0.2, similarity: 0.7 }), POLICY)).toBe(true);
    expect(isAnswer(sentence({ idx: 0, score: 1, coverage: 0.1, similarity: 0.7 }), POLICY)).toBe(false);
    // A paraphrase with no shared term answers only when very close; a loose match with every term does not.
    expect(isAnswer(sentence({ idx: 0, score: 1, coverage: 0, similarity: 0.85 }), POLICY)).toBe(true);
    expect(isAnswer(sentence({ idx: 0, score: 1, coverage: 0.3, similarity: 0.3 }), POLICY)).toBe(false);
    // Never stricter than lexical mode.
    expect(isAnswer(sentence({ idx: 0, score: 1, coverage: 0.34, similarity: 0.1 }), POLICY)).toBe(true);
    expect(SIMILARITY_WEIGHT).toBeGreaterThan(0);
  });

  it('uses the default policy’s coverage threshold as the boundary', () => {
    const min = DEFAULT_ABSTENTION.minCoverage;
    expect(min).toBeGreaterThan(0);
    expect(min).toBeLessThan(1);
    expect(isAnswer(sentence({ idx: 0, score: 1, coverage: min }), DEFAULT_ABSTENTION)).toBe(true);
    expect(isAnswer(sentence({ idx: 0, score: 1, coverage: min - 0.01 }), DEFAULT_ABSTENTION)).toBe(false);
  });
});

describe('selectQuoteSpans', () => {
  it('abstains when there is nothing, or when the best sentence is no answer', () => {
    expect(selectQuoteSpans([], 3, POLICY)).toEqual([]);
    expect(selectQuoteSpans([sentence({ idx: 0, score: 0.9, coverage: 0.1 })], 3, POLICY)).toEqual([]);
  });

  it('quotes the best-ranked sentence of an article that answers, even one failing the test alone', () => {
    const scored = [
      sentence({ idx: 0, score: 1.2, coverage: 0.1, articleRowid: 2 }), // its article never answers
      sentence({ idx: 4, score: 1.1, coverage: 0 }), // "beating Dunmore 4-3": no question word
      sentence({ idx: 8, score: 1, coverage: 0.5, terms: ['a'] }), // shows that article 1 answers
    ];
    expect(selectQuoteSpans(scored, 1, POLICY).map((s) => [s.articleRowid, s.start])).toEqual([[1, 400]]);
  });

  it('in hybrid mode judges a supporting quote by half of minCoverage, not by the stricter hybrid threshold', () => {
    const hybrid = { ...POLICY, hybridMinCoverage: 0.65 };
    const scored = [
      sentence({ idx: 3, score: 1, coverage: 0.7, similarity: 0.6, terms: ['a', 'b'] }),
      sentence({ idx: 9, score: 0.9, coverage: 0.2, similarity: 0.6, terms: ['c'] }), // same article
      sentence({ idx: 12, score: 0.9, coverage: 0.2, similarity: 0.6, terms: ['d'], articleRowid: 2 }),
    ];
    // Another article's sentence must still pass the full test.
    expect(selectQuoteSpans(scored, 3, hybrid).map((s) => s.start)).toEqual([300, 900]);
  });

  it('returns the best sentence first, with its offsets and rounded score', () => {
    const spans = selectQuoteSpans([sentence({ idx: 4, score: 0.812345678, terms: ['a'] })], 3, POLICY);
    expect(spans).toEqual([{ articleRowid: 1, start: 400, end: 450, score: 0.8123 }]);
  });

  it('adds close runners-up that bring a new term, up to k', () => {
    const scored = [
      sentence({ idx: 0, score: 1, terms: ['a'] }),
      sentence({ idx: 5, score: 0.97, terms: ['b'] }),
      sentence({ idx: 9, score: 0.95, terms: ['c'] }),
      sentence({ idx: 13, score: 0.93, terms: ['d'] }),
    ];
    expect(selectQuoteSpans(scored, 3, POLICY).map((s) => s.start)).toEqual([0, 500, 900]);
    expect(selectQuoteSpans(scored, 1, POLICY).map((s) => s.start)).toEqual([0]);
  });

  it('skips runners-up far below the best, and repeats of the same terms unless nearly as good', () => {
    const scored = [
      sentence({ idx: 0, score: 1, terms: ['a', 'b'] }),
      sentence({ idx: 3, score: 0.6, terms: ['a'] }), // adds nothing, not close enough
      sentence({ idx: 6, score: 0.99, terms: ['b'] }), // adds nothing, but nearly as good
      sentence({ idx: 9, score: 0.3, terms: ['z'] }), // new term, far too weak
      sentence({ idx: 12, score: 0.98, terms: ['q'], coverage: 0.1 }), // not an answer by itself
    ];
    expect(selectQuoteSpans(scored, 5, POLICY).map((s) => s.start)).toEqual([0, 600]);
  });

  it('merges neighbouring sentences of one article into one quote, keeping best-first order', () => {
    const scored = [
      sentence({ idx: 4, score: 1, terms: ['a'] }),
      sentence({ idx: 10, score: 0.97, terms: ['b'], articleRowid: 2 }),
      sentence({ idx: 5, score: 0.95, terms: ['c'] }),
    ];
    expect(selectQuoteSpans(scored, 3, POLICY)).toEqual([
      { articleRowid: 1, start: 400, end: 550, score: 1 },
      { articleRowid: 2, start: 1000, end: 1050, score: 0.97 },
    ]);
  });

  it('judges a supporting sentence by its own score, not the part its chunk gives every sentence', () => {
    // Without their chunk's 0.5, the best scores 0.5 and its neighbour 0.1: far below half of it.
    const scored = [
      sentence({ idx: 4, score: 1, chunkPart: 0.5, terms: ['a'] }),
      sentence({ idx: 5, score: 0.6, chunkPart: 0.5, terms: ['b'] }),
      sentence({ idx: 9, score: 0.45, chunkPart: 0.1, terms: ['c'] }),
    ];
    expect(selectQuoteSpans(scored, 3, POLICY).map((s) => s.start)).toEqual([400, 900]);
  });

  it('does not merge sentences of different articles or with a gap between them', () => {
    const scored = [
      sentence({ idx: 4, score: 1, terms: ['a'] }),
      sentence({ idx: 5, score: 0.97, terms: ['b'], articleRowid: 2 }),
      sentence({ idx: 6, score: 0.95, terms: ['c'] }),
    ];
    expect(selectQuoteSpans(scored, 3, POLICY)).toHaveLength(3);
  });
});

describe('scoreSentences on a real store', () => {
  let store: LibraryStore;
  const TEXT =
    'The ferry to Elsmere leaves at dawn every day. Its captain has sailed the route for twenty years. ' +
    'A ticket costs $12 for adults and $6 for children. The kelp soup served on board is famous.';

  beforeAll(async () => {
    store = LibraryStore.open(await makeTempDir('quoth-answer-'));
    const write = (id: string, source: string, text: string) => {
      const sentences = splitSentences(text);
      store.writeArticle(
        {
          id,
          collection: 'default',
          source,
          title: id,
          url: null,
          byline: null,
          publishedAt: null,
          contentHash: id,
          text,
        },
        sentences,
        chunkArticle(text, sentences, estimateTokens, 20),
        null,
      );
    };
    write('ferry', '/x/ferry.txt', TEXT);
    write('other', '/x/other.txt', 'The bus to Corrin Falls is slow. Children ride free on Sundays.');
  });

  afterAll(async () => {
    store?.close();
    await removeTempDirs();
  });

  const textOf = (rowid: number) => store.articleText(rowid);
  /** Retrieves and scores as lexical ask() does. */
  async function scoreQuestion(question: string) {
    const terms = queryTerms(question);
    const chunks = new HybridRetriever(store).retrieve(
      { terms, vector: null },
      { collection: 'default', index: null, k: 8 },
    );
    return scoreSentences(store, { question, terms, chunks, vector: null, embed: null, textOf });
  }

  it('ranks the sentence holding the most (and rarest) question terms first', async () => {
    const scored = await scoreQuestion('How much does a ferry ticket cost for children?');
    const best = scored[0]!;
    expect(textOf(best.articleRowid).slice(best.start, best.end)).toBe(
      'A ticket costs $12 for adults and $6 for children.',
    );
    expect(best.coverage).toBeGreaterThan(0.5);
    for (let i = 1; i < scored.length; i++) expect(scored[i]!.score).toBeLessThanOrEqual(scored[i - 1]!.score);
    const spans = selectQuoteSpans(scored, 3, DEFAULT_ABSTENTION);
    expect(textOf(spans[0]!.articleRowid).slice(spans[0]!.start, spans[0]!.end)).toContain('A ticket costs $12');
  });

  it('gives the sentences of the passage holding more of the question a larger chunk part', async () => {
    const scored = await scoreQuestion('Which soup is served on the ferry to children?');
    const partOf = (text: string) =>
      scored.find((s) => textOf(s.articleRowid).slice(s.start, s.end) === text)!.chunkPart;
    // The bus story holds only "children"; the ferry's last passage holds "soup", "served" and "children".
    expect(partOf('The kelp soup served on board is famous.')).toBeGreaterThan(
      partOf('The bus to Corrin Falls is slow.'),
    );
    expect(partOf('The bus to Corrin Falls is slow.')).toBe(partOf('Children ride free on Sundays.'));
  });

  it('returns nothing when no chunk was retrieved', async () => {
    const input = { question: 'What is x?', terms: ['x'], chunks: [], vector: null, embed: null, textOf: () => '' };
    expect(await scoreSentences(store, input)).toEqual([]);
  });
});
