// A long lexical ingest splits articles on a second thread (src/core/splitThread.ts): what it
// stores must be exactly what splitting on the main thread gives.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SplitThread } from '../../src/core/splitThread.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { chunkArticle, estimateTokens } from '../../src/text/chunkArticle.ts';
import { splitSentences } from '../../src/text/splitSentences.ts';
import { makeTempDir, openTestLibrary, removeTempDirs } from '../helpers/library.ts';

afterAll(removeTempDirs);

describe('splitting on a second thread', () => {
  it('starts, and splits an article as the main thread does', async () => {
    const thread = new SplitThread(254);
    try {
      await thread.ready;
      const text = 'Mr. Hale left at 5 p.m. on Friday. He did not return.\n\nA heading\nThe vote was 7 to 2.';
      const sentences = splitSentences(text);
      expect(await thread.split(text)).toEqual({
        sentences,
        chunks: chunkArticle(text, sentences, estimateTokens, 254),
      });
    } finally {
      await thread.close();
    }
  });

  it('stores the same sentences and chunks as splitting in process, for every article of a long ingest', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'stories.jsonl');
    const lines: string[] = [];
    for (let i = 1; i <= 320; i++) {
      const text =
        `Dr. Ada Byrne of the U.S. harbour board said on Jan. ${1 + (i % 28)} that plan ${i} would go ahead. ` +
        `"It costs $${i}.5 million," she said. Work starts at 9 a.m. on Monday.\n\nCouncil rejects appeal\n` +
        `The appeal by residents of street ${i} was turned down after a two-hour hearing.`;
      lines.push(JSON.stringify({ title: `Harbour plan ${i}`, text }));
    }
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const { lib, dataDir } = await openTestLibrary({ dataDir: path.join(dir, 'data') });
    const report = await lib.ingest([file]);
    await lib.close();
    expect(report.added).toBe(320);

    const store = LibraryStore.open(dataDir);
    try {
      for (const rowid of store.allArticleRowids()) {
        const text = store.articleText(rowid);
        const sentences = splitSentences(text);
        const chunks = chunkArticle(text, sentences, estimateTokens, 254);
        const stored = store.sentencesOfArticle(rowid).map((s) => ({ start: s.start, end: s.end }));
        expect(stored).toEqual(sentences.map((s) => ({ start: s.start, end: s.end })));
        const storedChunks = store.db
          .prepare(
            'SELECT start, "end", sentence_start AS sentenceStart, sentence_end AS sentenceEnd FROM chunks WHERE article_rowid = ? ORDER BY idx',
          )
          .all(rowid);
        expect(storedChunks).toEqual(
          chunks.map(({ start, end, sentenceStart, sentenceEnd }) => ({ start, end, sentenceStart, sentenceEnd })),
        );
      }
    } finally {
      store.close();
    }
  });
});
