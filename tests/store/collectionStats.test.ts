import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LibraryStore, type ArticleInput } from '../../src/store/libraryStore.ts';
import { chunkArticle } from '../../src/text/chunkArticle.ts';
import { splitSentences } from '../../src/text/splitSentences.ts';
import { makeTempDir, removeTempDirs } from '../helpers/library.ts';

const words = (t: string) => t.split(/\s+/).filter(Boolean).length;

function write(store: LibraryStore, id: string, text: string, collection = 'one') {
  const input: ArticleInput = {
    id,
    source: `/x/${id}.txt`,
    text,
    collection,
    title: 'A title',
    url: null,
    byline: null,
    publishedAt: null,
    contentHash: `hash-of-${text}`,
  };
  const sentences = splitSentences(text);
  return store.writeArticle(input, sentences, chunkArticle(text, sentences, words, 12), null);
}

afterAll(removeTempDirs);

describe('cached collection statistics', () => {
  let store: LibraryStore;
  beforeEach(async () => {
    store = LibraryStore.open(await makeTempDir());
  });

  it('a write changes the counts at once, though they were cached before it', () => {
    write(store, 'a', 'The ferry leaves at dawn. Kelp soup is served on board.');
    expect(store.stats.docFreq('one', '"kelp"')).toBe(1);
    expect(store.stats.sentenceCount('one')).toBe(2);
    const b = write(store, 'b', 'Kelp grows near the pier. The pier is old. Nobody fishes there.');
    expect(store.stats.docFreq('one', '"kelp"')).toBe(2);
    expect(store.stats.sentenceCount('one')).toBe(5);
    store.deleteArticle(b.rowid);
    expect(store.stats.docFreq('one', '"kelp"')).toBe(1);
    expect(store.stats.sentenceCount('one')).toBe(2);
  });

  it('counts and searches each collection on its own as collections come and go', () => {
    write(store, 'a', 'The ferry leaves at dawn. Kelp soup is served on board.');
    expect(store.searchChunks('one', '"kelp"', 10)).toHaveLength(1);
    const b = write(store, 'b', 'Lentil stew is served at noon. Kelp is not.', 'two');
    expect(store.searchChunks('one', '"lentil"', 10)).toEqual([]);
    expect(store.stats.docFreq('one', '"lentil"')).toBe(0);
    expect(store.stats.docFreq('one', '"kelp"')).toBe(1);
    expect(store.stats.sentenceCount('one')).toBe(2);
    expect(store.stats.docFreq('two', '"lentil"')).toBe(1);
    store.deleteArticle(b.rowid);
    expect(store.stats.docFreq('two', '"lentil"')).toBe(0);
    expect(store.stats.sentenceCount('two')).toBe(0);
    expect(store.searchChunks('one', '"kelp"', 10)).toHaveLength(1);
  });

  it('matches candidate sentences through the library tokenizer (stems, case, diacritics)', () => {
    const found = store.matchSentences(
      ['"sail"', '"cafe"', '"kelp"'],
      [
        { id: 7, text: 'Mr. Okafor SAILED the route.' },
        { id: 9, text: 'They met at the Café by the pier.' },
      ],
    );
    expect(found.get('"sail"')).toEqual([7]);
    expect(found.get('"cafe"')).toEqual([9]);
    expect(found.get('"kelp"')).toEqual([]);
    // The scratch index is emptied after each use.
    expect(store.matchSentences(['"sail"'], [{ id: 3, text: 'No boats.' }]).get('"sail"')).toEqual([]);
  });
});
