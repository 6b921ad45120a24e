// The real default model (all-MiniLM-L6-v2, q8, and fp32 with --fp32) as `npm run model:packaged` lays it out. Tests of it
// are skipped, with the reason in their name, on a developer machine without the folder; under CI
// (CI=true) a missing folder fails them instead, so CI can never pass by silently skipping.
import { describe, it, type SuiteFactory } from 'vitest';
import { DEFAULT_EMBEDDING_MODEL, loadCoreConfig, type CoreConfig } from '../../src/config.ts';
import { findPackagedModel, modelFolderComplete, packagedModelFolder } from '../../src/embed/packagedModel.ts';

/** The models dir holding the laid-out model, or null. */
export const REAL_MODELS_DIR = findPackagedModel();

const MISSING = {
  q8: 'the packaged model is not laid out; run `npm run model:packaged`',
  fp32: 'the packaged fp32 model is not laid out; run `npm run model:packaged -- --fp32`',
};

function laidOut(dtype: 'q8' | 'fp32'): boolean {
  return REAL_MODELS_DIR !== null && modelFolderComplete(packagedModelFolder(REAL_MODELS_DIR), dtype);
}

function inCi(): boolean {
  const ci = process.env.CI?.toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

/** describe() when the model (graph of that dtype) is there; otherwise a visible skip, or a failing test under CI. */
export function describeRealModel(name: string, factory: SuiteFactory, dtype: 'q8' | 'fp32' = 'q8'): void {
  if (laidOut(dtype)) {
    describe(name, factory);
  } else if (inCi()) {
    describe(name, () => {
      it('needs the real model', () => {
        throw new Error(`CI must run ${name}, but ${MISSING[dtype]}.`);
      });
    });
  } else {
    // The default reporter shows only a count of skipped tests; this line says why.
    console.warn(`Skipping "${name}": ${MISSING[dtype]}.`);
    describe.skip(`${name} — skipped: ${MISSING[dtype]}`, factory);
  }
}

/** A core configuration with the default model id, resolved offline from the packaged folder. */
export function realModelConfig(dataDir: string): CoreConfig {
  return loadCoreConfig(
    {},
    {
      dataDir,
      embeddingModel: DEFAULT_EMBEDDING_MODEL,
      embeddingDtype: 'q8',
      modelsDir: REAL_MODELS_DIR ?? '',
      allowModelDownload: false,
      logLevel: 'silent',
    },
  );
}

/** sentence-transformers/all-MiniLM-L6-v2, fp32, model.encode("I love sentence transformers."). */
export const REFERENCE: [number, number][] = [
  [0, -0.0803190097],
  [1, -0.0171345081],
  [382, 0.0478825271],
  [383, -0.056189958],
];

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
