// A hub model laid out in the default models folder (by `npm run model:packaged` or an earlier
// download) is found when the data dir, and with it the default models dir, is elsewhere.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCoreConfig } from '../../src/config.ts';
import { loadEmbedder } from '../../src/embed/embedder.ts';
import { tinyModelDir } from '../helpers/tinyModel.ts';

const HUB_ID = 'quoth-test/tiny';
let scratch: string;
/** A models folder holding the tiny model as the hub id's cache folder. */
let laidOut: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'quoth-models-fallback-'));
  laidOut = path.join(scratch, 'default-models');
  await cp(tinyModelDir(), path.join(laidOut, ...HUB_ID.split('/')), { recursive: true });
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('models dir fallbacks', () => {
  it('are the default folders when MODELS_DIR is not set, and none when it is', () => {
    const config = loadCoreConfig({}, { dataDir: path.join(scratch, 'elsewhere') });
    expect(config.modelsDir).toBe(path.join(scratch, 'elsewhere', 'models'));
    expect(config.modelsDirFallbacks).toContain(path.resolve('embeddings', 'models'));
    expect(config.modelsDirFallbacks).not.toContain(path.resolve(config.modelsDir));
    expect(loadCoreConfig({ MODELS_DIR: path.join(scratch, 'mine') }).modelsDirFallbacks).toEqual([]);
    // The default data dir's models folder is itself the first place looked, not a fallback.
    expect(loadCoreConfig({}).modelsDirFallbacks).not.toContain(path.resolve('embeddings', 'models'));
  });

  it('loads a hub model from a fallback folder when the models dir lacks it', async () => {
    const options = { model: HUB_ID, modelsDir: path.join(scratch, 'empty'), allowDownload: false };
    const without = await loadEmbedder(options);
    expect(without.embedder).toBeNull();
    expect(without.reason).toContain('not available');

    const found = await loadEmbedder({ ...options, fallbackModelsDirs: [path.join(scratch, 'missing'), laidOut] });
    expect(found.reason).toBeNull();
    const [vector] = await found.embedder!.embed(['the fallback folder holds the model']);
    expect(vector!.length).toBe(found.embedder!.dimension);
    await found.embedder!.dispose();
  });

  it("prefers the models dir's own copy", async () => {
    // Its own copy is complete but broken: the load reads it (and fails) rather than the fallback.
    const own = path.join(scratch, 'own-models');
    const folder = path.join(own, ...HUB_ID.split('/'));
    await cp(tinyModelDir(), folder, { recursive: true });
    await writeFile(path.join(folder, 'onnx', 'model_quantized.onnx'), 'not an onnx graph');
    const loaded = await loadEmbedder({
      model: HUB_ID,
      modelsDir: own,
      fallbackModelsDirs: [laidOut],
      allowDownload: false,
    });
    expect(loaded.embedder).toBeNull();
    expect(loaded.reason).toContain(own);
  });
});
