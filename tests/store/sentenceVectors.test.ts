import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { dequantize, quantize, SentenceVectors } from '../../src/store/sentenceVectors.ts';

function unit(seed: number, n = 384): Float32Array {
  const v = new Float32Array(n);
  let norm = 0;
  for (let i = 0; i < n; i++) norm += (v[i] = Math.sin(seed * 7.1 + i * 1.3) * Math.cos(i * seed)) ** 2;
  return v.map((x) => x / Math.sqrt(norm));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'quoth-sv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sentence vectors', () => {
  it('keep cosines within 0.01 in 388 bytes', () => {
    const a = unit(1);
    const b = unit(2);
    const qa = quantize(a);
    expect(qa.length).toBe(388);
    let exact = 0;
    let approx = 0;
    const da = dequantize(qa);
    for (let i = 0; i < a.length; i++) {
      exact += a[i]! * b[i]!;
      approx += da[i]! * b[i]!;
    }
    expect(Math.abs(exact - approx)).toBeLessThan(0.01);
  });

  it('go with their sentences, so a reused sentence id never reads a stale vector', () => {
    const store = LibraryStore.open(dir);
    const vectors = new SentenceVectors(store.db);
    const text = 'One sentence here. Another one there.';
    const sentences = [
      { start: 0, end: 18 },
      { start: 19, end: 37 },
    ];
    const chunks = [{ start: 0, end: 37, sentenceStart: 0, sentenceEnd: 2 }];
    const article = {
      id: 'a1',
      collection: 'default',
      source: 's',
      title: 'T',
      url: null,
      byline: null,
      publishedAt: null,
      contentHash: 'h',
      text,
    };
    const { rowid } = store.writeArticle(article, sentences, chunks, null);
    const ids = store.sentencesOfArticle(rowid).map((s) => s.id);
    vectors.put(ids, [unit(1), unit(2)]);
    expect(vectors.present(ids)).toEqual(new Set(ids));
    store.rewriteChunks(rowid, sentences, chunks);
    expect(vectors.stats().vectors).toBe(0);
    store.close();
  });
});
