// Vectors made by one model are garbage to another: reopening with a different model must fall back
// to lexical answers with a clear reason, until reindex() re-embeds everything.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyModel } from '../../scripts/makeTinyModel.ts';
import type { QuothLibrary } from '../../src/core/library.ts';
import { loadEmbedder } from '../../src/embed/embedder.ts';
import { expectVerbatim, makeTempDir, openTestLibrary, removeTempDirs, SAMPLES_DIR } from '../helpers/library.ts';
import { tinyModelDir } from '../helpers/tinyModel.ts';

const QUESTION = 'How many passengers use the Valley Line on a weekday?';

afterAll(removeTempDirs);

describe('model mismatch', () => {
  let dataDir: string;
  let otherModelDir: string;
  let chunks: number;
  let reindexResult: Awaited<ReturnType<QuothLibrary['reindex']>> | undefined;

  beforeAll(async () => {
    otherModelDir = path.join(await makeTempDir('quoth-model-32-'), 'tiny-32');
    const samplesText = (
      await Promise.all(
        ['valley-line-rail-strike.txt', 'harbor-city-flood-wall.md'].map((n) =>
          readFile(path.join(SAMPLES_DIR, n), 'utf8'),
        ),
      )
    ).join('\n');
    await writeTinyModel(otherModelDir, { dimension: 32, vocabularyText: samplesText });

    let lib: QuothLibrary;
    ({ lib, dataDir } = await openTestLibrary({ model: 'tiny' }));
    await lib.ingest([SAMPLES_DIR]);
    expect(lib.stats()).toMatchObject({ mode: 'hybrid', dimension: 64 });
    chunks = lib.stats().chunks;
    await lib.close();
  });

  it('the other tiny model loads through the real loader with 32 dimensions', async () => {
    const { embedder, reason } = await loadEmbedder({
      model: otherModelDir,
      modelsDir: path.join(dataDir, 'models'),
      allowDownload: false,
    });
    expect(reason).toBeNull();
    expect(embedder!.dimension).toBe(32);
    await embedder!.dispose();
  });

  it(
    'reopened with another model, the library answers lexically ' +
      'and says why, naming both models and `quoth reindex`',
    async () => {
      const { lib } = await openTestLibrary({ model: { dir: otherModelDir }, dataDir });
      try {
        expect(lib.mode).toBe('lexical');
        const reason = lib.lexicalReason!;
        expect(reason).toContain(tinyModelDir());
        expect(reason).toContain(otherModelDir);
        expect(reason).toContain('64 dimensions');
        expect(reason).toContain('32 dimensions');
        expect(reason).toContain('quoth reindex');
        expect(reason).not.toContain('\n');
        expect(lib.stats()).toMatchObject({ mode: 'lexical', lexicalReason: reason, vectors: chunks });

        // Lexical answers still work, and are still verbatim.
        const result = await lib.ask(QUESTION);
        expect(result.mode).toBe('lexical');
        expect(result.quotes[0]!.text).toContain('About 58,000 passengers');
        for (const q of result.quotes) expectVerbatim(lib, q.articleId, q);
        expect((await lib.search(QUESTION)).mode).toBe('lexical');
      } finally {
        await lib.close();
      }
    },
  );

  it(
    'an ingest while mismatched adds the article without ' + 'mixing 32-dimension vectors into the 64-dimension set',
    async () => {
      const { lib } = await openTestLibrary({ model: { dir: otherModelDir }, dataDir });
      try {
        const report = await lib.ingestText({
          text: 'Ferry Times\n\nThe ferry to Elsmere now leaves at dawn. It returns at dusk.',
          source: 'note:ferry',
        });
        expect(report).toMatchObject({ added: 1, mode: 'lexical' });
        expect(lib.mode).toBe('lexical');
        // The new chunks wait, unembedded, for reindex; the 64-dimension vectors are untouched.
        expect(lib.stats()).toMatchObject({ chunks: chunks + report.chunks, vectors: chunks });
      } finally {
        await lib.close();
      }
    },
  );

  it('reindex() re-embeds everything with the loaded model and returns to hybrid', async () => {
    const { lib } = await openTestLibrary({ model: { dir: otherModelDir }, dataDir });
    try {
      const result = await lib.reindex();
      reindexResult = result;
      expect(result.mode).toBe('hybrid');
      expect(result.articles).toBe(7);
      expect(lib.mode).toBe('hybrid');
      expect(lib.lexicalReason).toBeNull();
      expect(lib.stats()).toMatchObject({
        mode: 'hybrid',
        dimension: 32,
        vectors: result.chunks,
        chunks: result.chunks,
      });
      const answer = await lib.ask(QUESTION);
      expect(answer.mode).toBe('hybrid');
      expect(answer.quotes[0]!.text).toContain('About 58,000 passengers');
    } finally {
      await lib.close();
    }
    const sidecar = JSON.parse(await readFile(path.join(dataDir, 'vectors-default.hnsw.json'), 'utf8')) as {
      model: string;
      dimension: number;
    };
    expect(sidecar).toMatchObject({ model: otherModelDir, dimension: 32 });
  });

  // Known bug (src/core/library.ts, reindex): the pending batch is built with `ids: chunkIds`, and
  // flushEmbeddings() splices that same array empty, so `vectors += chunkIds.length` adds 0 and
  // `quoth reindex` always reports 0 vectors (the vectors themselves are written).
  it('reindex() reports the number of vectors it wrote', () => {
    expect(reindexResult).toBeDefined();
    expect(reindexResult!.vectors).toBe(reindexResult!.chunks);
  });

  it('after reindex the new model reopens hybrid, and the old one is now the mismatch', async () => {
    const again = await openTestLibrary({ model: { dir: otherModelDir }, dataDir });
    expect(again.lib.mode).toBe('hybrid');
    await again.lib.close();

    const old = await openTestLibrary({ model: 'tiny', dataDir });
    expect(old.lib.mode).toBe('lexical');
    expect(old.lib.lexicalReason).toContain(`${otherModelDir} (32 dimensions)`);
    await old.lib.close();
  });

  it('without any model the library is lexical with its own reason, and the vectors stay for later', async () => {
    const none = await openTestLibrary({ model: 'lexical', dataDir });
    expect(none.lib.mode).toBe('lexical');
    expect(none.lib.lexicalReason).toMatch(/EMBEDDING_MODEL is "none"/);
    await none.lib.close();
    const back = await openTestLibrary({ model: { dir: otherModelDir }, dataDir });
    expect(back.lib.mode).toBe('hybrid');
    expect(back.lib.stats().vectors).toBe(back.lib.stats().chunks);
    await back.lib.close();
  });
});
