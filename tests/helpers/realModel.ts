// The real default model (all-MiniLM-L6-v2, q8) as `npm run model:packaged` lays it out. Tests of it
// are skipped, with the reason in their name, on a developer machine without the folder; under CI
// (CI=true) a missing folder fails them instead, so CI can never pass by silently skipping.
import { describe, it, type SuiteFactory } from 'vitest';
import { DEFAULT_EMBEDDING_MODEL, loadCoreConfig, type CoreConfig } from '../../src/config.ts';
import { findPackagedModel } from '../../src/embed/packagedModel.ts';

/** The models dir holding the laid-out model, or null. */
export const REAL_MODELS_DIR = findPackagedModel();

const MISSING = 'the packaged model is not laid out; run `npm run model:packaged`';

function inCi(): boolean {
  const ci = process.env.CI?.toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

/** describe() when the model is there; otherwise a visible skip, or a failing test under CI. */
export function describeRealModel(name: string, factory: SuiteFactory): void {
  if (REAL_MODELS_DIR) {
    describe(name, factory);
  } else if (inCi()) {
    describe(name, () => {
      it('needs the real model', () => {
        throw new Error(`CI must run ${name}, but ${MISSING}.`);
      });
    });
  } else {
    // The default reporter shows only a count of skipped tests; this line says why.
    console.warn(`Skipping "${name}": ${MISSING}.`);
    describe.skip(`${name} — skipped: ${MISSING}`, factory);
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
