// hnswlib-node alone, on synthetic 384-dimension unit vectors: build time, memory, file size, load
// time, queries/s and recall against exact search at several ef values.
//
// The vectors are low-rank plus noise (a 32-dimension Gaussian latent through a fixed random
// 384×32 map, plus isotropic noise at 0.3, then normalized): nearest-neighbour cosines land near
// 0.6 as with sentence embeddings. Uniform random unit vectors would be the worst case for any
// graph index (no neighbourhood structure at all: recall@10 is 0.27 at ef 64 on 20k of them) and
// say nothing about embeddings.
import fs from 'node:fs';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { gaussian, median, seededRandom } from '../lib/stats.ts';

const { HierarchicalNSW, BruteforceSearch } = hnswlib;

export const DIMENSION = 384;
const LATENT = 32;
const NOISE = 0.3;

export interface HnswRunOptions {
  n: number;
  m: number;
  efConstruction: number;
  efs: number[];
  queries: number;
  /** Stop adding points after this many seconds (the figures then cover the points added). */
  buildDeadlineSeconds: number;
  dir: string;
  log: (line: string) => void;
}

export interface EfPoint {
  ef: number;
  recallAt10: number;
  /** Recall of the 50 nearest, the depth Quoth's hybrid retriever asks for; only for ef ≥ 50. */
  recallAt50: number | null;
  queriesPerSecond: number;
}

export interface HnswRunResult {
  requested: number;
  built: number;
  m: number;
  efConstruction: number;
  buildSeconds: number;
  insertsPerSecond: number;
  fileMiB: number;
  loadSeconds: number;
  /** Resident memory a fresh index takes when the file is loaded into it (the largest of three loads). */
  loadedRssMiB: number;
  queries: number;
  efs: EfPoint[];
  dataGenerationSeconds: number;
  exactSearchMsPerQuery: number;
}

/** Rows of unit vectors from the low-rank model; the same seed gives the same rows. */
export function syntheticVectors(count: number, seed: number): Float32Array {
  const mapRandom = gaussian(seededRandom(0x384));
  const map = new Float32Array(DIMENSION * LATENT);
  for (let i = 0; i < map.length; i++) map[i] = mapRandom() / Math.sqrt(LATENT);
  const g = gaussian(seededRandom(seed));
  const out = new Float32Array(count * DIMENSION);
  const z = new Float32Array(LATENT);
  for (let r = 0; r < count; r++) {
    for (let a = 0; a < LATENT; a++) z[a] = g();
    let norm = 0;
    const base = r * DIMENSION;
    for (let d = 0; d < DIMENSION; d++) {
      let x = NOISE * g();
      const row = d * LATENT;
      for (let a = 0; a < LATENT; a++) x += map[row + a]! * z[a]!;
      out[base + d] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    for (let d = 0; d < DIMENSION; d++) out[base + d]! /= norm;
  }
  return out;
}

const rowOf = (data: Float32Array, i: number) => Array.from(data.subarray(i * DIMENSION, (i + 1) * DIMENSION));
const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

export async function runHnsw(opts: HnswRunOptions): Promise<HnswRunResult> {
  let t = performance.now();
  const data = syntheticVectors(opts.n, 1);
  const queries = syntheticVectors(opts.queries, 2);
  const dataGenerationSeconds = (performance.now() - t) / 1000;
  opts.log(`  hnsw n=${opts.n} m=${opts.m} efC=${opts.efConstruction}: data in ${dataGenerationSeconds.toFixed(1)} s`);

  const index = new HierarchicalNSW('ip', DIMENSION);
  index.initIndex({ maxElements: opts.n, m: opts.m, efConstruction: opts.efConstruction, randomSeed: 42 });
  t = performance.now();
  const deadline = t + opts.buildDeadlineSeconds * 1000;
  let built = 0;
  for (; built < opts.n; built++) {
    if (built % 1000 === 0 && performance.now() > deadline) break;
    index.addPoint(rowOf(data, built), built);
    if (built > 0 && built % 100_000 === 0)
      opts.log(`    ${built} added, ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  const buildSeconds = (performance.now() - t) / 1000;
  opts.log(`    built ${built} in ${buildSeconds.toFixed(1)} s`);

  // Exact neighbours among the points actually added.
  const exact = new BruteforceSearch('ip', DIMENSION);
  exact.initIndex(built);
  for (let i = 0; i < built; i++) exact.addPoint(rowOf(data, i), i);
  t = performance.now();
  const truth = Array.from({ length: opts.queries }, (_, q) => exact.searchKnn(rowOf(queries, q), 50).neighbors);
  const exactSearchMsPerQuery = (performance.now() - t) / opts.queries;

  const queryRows = Array.from({ length: opts.queries }, (_, q) => rowOf(queries, q));
  const measure = (ix: InstanceType<typeof HierarchicalNSW>): EfPoint[] =>
    opts.efs.map((ef) => {
      ix.setEf(ef);
      const recall = (k: number) => {
        let hits = 0;
        queryRows.forEach((q, i) => {
          const want = new Set(truth[i]!.slice(0, k));
          for (const id of ix.searchKnn(q, k).neighbors) if (want.has(id)) hits++;
        });
        return hits / (opts.queries * k);
      };
      const recallAt10 = recall(10);
      const recallAt50 = ef >= 50 ? recall(50) : null;
      // Queries/s at k = 10: the median of three passes over the query set.
      const qps = [0, 1, 2].map(() => {
        const start = performance.now();
        for (const q of queryRows) ix.searchKnn(q, 10);
        return opts.queries / ((performance.now() - start) / 1000);
      });
      return { ef, recallAt10, recallAt50, queriesPerSecond: median(qps) };
    });
  const efs = measure(index);

  const file = path.join(opts.dir, `hnsw-${opts.n}-${opts.m}-${opts.efConstruction}.bin`);
  index.writeIndexSync(file);
  const fileMiB = fs.statSync(file).size / 2 ** 20;
  // Loading: a fresh index read from the file, three times; time is the median, memory the largest
  // growth (a load may reuse pages a collected earlier index gave back). The child runs with --expose-gc.
  const loads: number[] = [];
  let loadedRssMiB = 0;
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    const before = rssMiB();
    const start = performance.now();
    const loaded = new HierarchicalNSW('ip', DIMENSION);
    loaded.readIndexSync(file);
    loaded.setEf(64);
    loaded.searchKnn(queryRows[0]!, 10);
    loads.push((performance.now() - start) / 1000);
    loadedRssMiB = Math.max(loadedRssMiB, rssMiB() - before);
  }
  fs.rmSync(file, { force: true });
  return {
    requested: opts.n,
    built,
    m: opts.m,
    efConstruction: opts.efConstruction,
    buildSeconds,
    insertsPerSecond: built / buildSeconds,
    fileMiB,
    loadSeconds: median(loads),
    loadedRssMiB,
    queries: opts.queries,
    efs,
    dataGenerationSeconds,
    exactSearchMsPerQuery,
  };
}
