import { afterAll, describe, expect, it } from 'vitest';
import { HybridRetriever } from '../../src/retrieve/hybridRetriever.ts';
import { type ArticleInput, LibraryStore } from '../../src/store/libraryStore.ts';
import { chunkArticle } from '../../src/text/chunkArticle.ts';
import { splitSentences } from '../../src/text/splitSentences.ts';
import { makeTempDir, removeTempDirs } from '../helpers/library.ts';

const words = (t: string) => t.split(/\s+/).filter(Boolean).length;

afterAll(removeTempDirs);

describe('candidate terms apart from ranking terms', () => {
  it('ranks the chunks holding a rare term exactly as the query of every term does', async () => {
    const store = LibraryStore.open(await makeTempDir());
    const texts = [
      'The harbour froze in March. Ferries stopped and the town said little.',
      'Kelp farmers said the harbour ice broke their lines. Kelp prices rose.',
      'Officials said the port would reopen. Nobody said when the harbour would thaw.',
      'A kelp festival was cancelled. The mayor said it would return next year.',
      'Grain ships waited outside the harbour for a week, traders said.',
      'Officials said nothing about kelp or ice.',
    ];
    texts.forEach((text, i) => {
      const input: ArticleInput = {
        id: `a${i}`,
        source: `/x/a${i}.txt`,
        text,
        collection: 'one',
        title: 'Harbour news',
        url: null,
        byline: null,
        publishedAt: null,
        contentHash: `hash-${i}`,
      };
      const sentences = splitSentences(text);
      store.writeArticle(input, sentences, chunkArticle(text, sentences, words, 12), null);
    });
    const retriever = new HybridRetriever(store);
    const query = { terms: ['kelp', 'harbour', 'said'], vector: null };
    const opts = { collection: 'one', index: null, k: 20, candidates: 20, postings: Number.POSITIVE_INFINITY };
    const all = retriever.retrieve(query, opts);
    // "kelp" alone is rare enough to be a candidate term; "harbour" and "said" only rank.
    const tiered = retriever.retrieve(query, { ...opts, candidatePostings: 3 });
    const kelpChunks = new Set(store.searchChunks('one', '"kelp"', 100).map((h) => h.id));
    expect(tiered.map((c) => c.id)).toEqual(all.filter((c) => kelpChunks.has(c.id)).map((c) => c.id));
    expect(tiered.length).toBeLessThan(all.length);
    store.close();
  });
});
