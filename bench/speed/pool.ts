// Micro-benchmark (not a test): N concurrent asks answered in-process (one thread, as the bot does
// today) against the same asks through the worker pool, on a library of generated articles.
// Usage: tsx bench/speed/pool.ts [--articles 400] [--asks 200] [--runs 5] [--workers 1,2]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCoreConfig } from '../../src/config.ts';
import { QuothLibrary } from '../../src/core/library.ts';
import { WorkerPool } from '../../src/pool/workerPool.ts';
import { median, percentile, seededRandom } from '../lib/stats.ts';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '400' },
    asks: { type: 'string', default: '200' },
    runs: { type: 'string', default: '5' },
    workers: { type: 'string', default: '1,2' },
  },
});
const ARTICLES = Number(values.articles);
const ASKS = Number(values.asks);
const RUNS = Number(values.runs);
const WORKERS = values.workers.split(',').map(Number);

/** Pseudo-words from syllables: a vocabulary big enough that BM25 has real work to do. */
function vocabulary(random: () => number, size: number): string[] {
  const syllables = 'ka lo mer ta vin so dra pel qui ron ste bal nu fer gal'.split(' ');
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(random() * 3);
    words.add(Array.from({ length: n }, () => syllables[Math.floor(random() * syllables.length)]).join(''));
  }
  return [...words];
}

function generate(dir: string): string[] {
  const random = seededRandom(11);
  const words = vocabulary(random, 3000);
  const pick = (): string => words[Math.floor(random() ** 2 * words.length)]!;
  const questions: string[] = [];
  for (let a = 0; a < ARTICLES; a++) {
    const sentences = Array.from({ length: 25 }, () => {
      const s = Array.from({ length: 10 + Math.floor(random() * 12) }, pick);
      return `${s[0]![0]!.toUpperCase()}${s.join(' ').slice(1)}.`;
    });
    fs.writeFileSync(path.join(dir, `a${a}.txt`), `Report ${a} ${pick()}\n\n${sentences.join(' ')}\n`);
    const s = sentences[Math.floor(random() * sentences.length)]!.replace('.', '').split(' ');
    questions.push(`What about ${s.slice(2, 8).join(' ')}?`);
  }
  return questions;
}

type Run = { wall: number; p50: number };

async function timeRun(ask: (q: string) => Promise<unknown>, questions: string[]): Promise<Run> {
  const t0 = performance.now();
  const latencies = await Promise.all(
    questions.map(async (q) => {
      await ask(q);
      return performance.now() - t0;
    }),
  );
  return { wall: performance.now() - t0, p50: percentile(latencies, 50) };
}

/** Median latency of asks sent one by one: the pool's own cost per call (clone, hop, generation check). */
async function oneAtATime(ask: (q: string) => Promise<unknown>, questions: string[]): Promise<number> {
  const latencies: number[] = [];
  for (const q of questions) {
    const t0 = performance.now();
    await ask(q);
    latencies.push(performance.now() - t0);
  }
  return median(latencies);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quoth-poolbench-'));
try {
  const sources = path.join(dataDir, 'articles');
  fs.mkdirSync(sources);
  const allQuestions = generate(sources);
  const questions = Array.from({ length: ASKS }, (_, i) => allQuestions[i % allQuestions.length]!);
  const config = loadCoreConfig({}, { dataDir, embeddingModel: 'none', logLevel: 'silent' });
  const lib = await QuothLibrary.open(config);
  const report = await lib.ingest([sources]);
  console.log(`# Pool micro-benchmark\n\n${report.added} generated articles, ${report.chunks} chunks, lexical mode;`);
  console.log(`${ASKS} concurrent asks per run, ${RUNS} runs each, median shown; ${os.availableParallelism()} cores,`);
  console.log(
    `load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}.\n`,
  );
  await timeRun((q) => lib.ask(q), questions.slice(0, 20));
  const sequential = questions.slice(0, 100);
  const soloLocal = await oneAtATime((q) => lib.ask(q), sequential);
  const soloPool = await WorkerPool.start({ config, workers: 1 });
  await oneAtATime((q) => soloPool.ask(q), sequential.slice(0, 20));
  const soloPooled = await oneAtATime((q) => soloPool.ask(q), sequential);
  await soloPool.close();
  console.log(
    `\nOne ask at a time (${sequential.length}), median ms: in-process ${soloLocal.toFixed(2)}, ` +
      `pool of 1 ${soloPooled.toFixed(2)}.\n`,
  );
  console.log('| where | wall ms | asks/s | answer p50 ms |\n| --- | ---: | ---: | ---: |');
  const row = (name: string, runs: Run[]): void => {
    const wall = median(runs.map((r) => r.wall));
    const p50 = median(runs.map((r) => r.p50));
    console.log(`| ${name} | ${wall.toFixed(0)} | ${((ASKS / wall) * 1000).toFixed(0)} | ${p50.toFixed(0)} |`);
  };
  const local = [];
  for (let r = 0; r < RUNS; r++) local.push(await timeRun((q) => lib.ask(q), questions));
  row('in-process (main thread)', local);
  for (const workers of WORKERS) {
    const pool = await WorkerPool.start({ config, workers });
    await timeRun((q) => pool.ask(q), questions.slice(0, 20 * workers));
    const runs = [];
    for (let r = 0; r < RUNS; r++) runs.push(await timeRun((q) => pool.ask(q), questions));
    row(`pool, ${workers} worker${workers === 1 ? '' : 's'}`, runs);
    await pool.close();
  }
  await lib.close();
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
