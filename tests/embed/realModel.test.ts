// Parity of Quoth's embedder, on the real default model through the real loader, with
// sentence-transformers (fp32, PyTorch). q8 quantization moves single components by up to ~17%.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_EMBEDDING_MODEL, loadEmbedder, type Embedder } from '../../src/embed/embedder.ts';
import { chunkArticle } from '../../src/text/chunkArticle.ts';
import { splitSentences } from '../../src/text/splitSentences.ts';
import { describeRealModel, dot, REAL_MODELS_DIR, REFERENCE } from '../helpers/realModel.ts';

describeRealModel('the real all-MiniLM-L6-v2 model', () => {
  let embedder: Embedder;

  beforeAll(async () => {
    const loaded = await loadEmbedder({
      model: DEFAULT_EMBEDDING_MODEL,
      modelsDir: REAL_MODELS_DIR!,
      dtype: 'q8',
      allowDownload: false,
    });
    if (!loaded.embedder) throw new Error(loaded.reason);
    embedder = loaded.embedder;
  });

  afterAll(async () => {
    await embedder?.dispose();
  });

  it('loads by its default id with 384 dimensions and the 256-piece window of sentence-transformers', () => {
    expect(embedder.modelId).toBe(DEFAULT_EMBEDDING_MODEL);
    expect(embedder.dimension).toBe(384);
    expect(embedder.maxTokens).toBe(256);
  });

  it('reproduces the sentence-transformers embedding within 18% per component', async () => {
    const [v] = await embedder.embed(['I love sentence transformers.']);
    for (const [i, expected] of REFERENCE) {
      expect(Math.abs(v![i]! - expected) / Math.abs(expected), `component ${i}: ${v![i]}`).toBeLessThanOrEqual(0.18);
    }
    expect(Math.sqrt(dot(v!, v!))).toBeCloseTo(1, 5);
  });

  it('puts near-synonyms close together and unrelated texts apart', async () => {
    const [hi, hello, strike] = await embedder.embed(['hi', 'hello', 'The union called a 48-hour rail strike.']);
    for (const v of [hi!, hello!, strike!]) expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    expect(dot(hi!, hello!)).toBeGreaterThan(0.8);
    expect(dot(hi!, strike!)).toBeLessThan(0.3);
  });

  it('chunks long text within the window and truncates a single over-long sentence to it', async () => {
    const sentence = 'The drivers asked for longer rest between their shifts on the regional line.';
    const text = Array.from({ length: 40 }, () => sentence).join(' ');
    expect(embedder.countTokens(text)).toBeGreaterThan(256);
    const budget = embedder.maxTokens - 2;
    const chunks = chunkArticle(text, splitSentences(text), (t) => embedder.countTokens(t), budget);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(embedder.countTokens(text.slice(c.start, c.end))).toBeLessThanOrEqual(budget);

    // One sentence with no boundary: the chunker keeps it whole and embed() reads its first 256 pieces.
    const runOn = Array.from({ length: 60 }, (_, i) => `clause ${i} of the agreement`).join(' and ');
    const [whole, longer] = await embedder.embed([runOn, `${runOn} and a tail the window never reaches`]);
    expect(dot(whole!, longer!)).toBeCloseTo(1, 5);
  });
});
