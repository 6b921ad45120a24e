import { describe, expect, it } from 'vitest';
import { chunkWithLangChain, langChainBm25, oramaSearch } from '../../bench/peers/peers.ts';

const articles = [
  {
    key: 'oil',
    text:
      'The 1973 oil crisis began in October 1973.\n\nOAPEC proclaimed an oil embargo against ' +
      'nations that supported Israel.\n\nBy March 1974 the price of oil had risen nearly fourfold.',
  },
  {
    key: 'rail',
    text:
      'The Valley Line strike stopped trains for three days.\n\nUnion ' +
      'members voted to accept the new pay offer on Friday.',
  },
];

describe('peer chunking', () => {
  it('locates every LangChain chunk verbatim in its article', async () => {
    const corpus = await chunkWithLangChain(articles, { chunkSize: 60, chunkOverlap: 10 });
    expect(corpus.unlocated).toBe(0);
    expect(corpus.chunks.length).toBeGreaterThan(articles.length);
    for (const c of corpus.chunks) {
      const text = articles.find((a) => a.key === c.article)!.text;
      expect(text.slice(c.start, c.end)).toBe(c.text);
    }
  });

  it('returns passages that point back into the article from BM25 and Orama', async () => {
    const chunking = { chunkSize: 60, chunkOverlap: 10 };
    const corpus = await chunkWithLangChain(articles, chunking);
    for (const peer of [langChainBm25(corpus, chunking, 2), await oramaSearch(corpus, chunking, { stemming: false })]) {
      const passages = await peer.retrieve('When did the union vote on the pay offer', 2);
      expect(passages.length).toBeGreaterThan(0);
      expect(passages[0]!.article).toBe('rail');
      expect(passages[0]!.text).toContain('pay offer');
    }
  });
});
