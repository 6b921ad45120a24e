import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const benchDir = path.join(repoRoot, 'bench');
export const resultsDir = path.join(benchDir, 'results');

/** The shared measurement data lives beside the repository, never inside it; QUOTH_BENCH_DATA overrides. */
export const dataRoot = process.env.QUOTH_BENCH_DATA
  ? path.resolve(process.env.QUOTH_BENCH_DATA)
  : path.resolve(repoRoot, '..', 'shared', 'data');

export function dataFile(...parts: string[]): string {
  return path.join(dataRoot, ...parts);
}
