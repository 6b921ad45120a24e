// Lexical ask/search latency against library size (issue 11): Reuters libraries of 1k, 10k and all
// stories are ingested once into a folder (`--prepare DIR`), then each run (`--measure DIR`) opens
// them in a fresh process and times many different questions, so old and new code can be compared
// on the very same libraries (check out or stash the code, run --measure again).
//   npx tsx bench/speed/askScale.ts --prepare /tmp/askscale
//   npx tsx bench/speed/askScale.ts --measure /tmp/askscale --runs 3 --queries 200
// --hybrid opens the libraries with the configured model (EMBEDDING_MODEL, MODELS_DIR), so a
// library ingested in hybrid mode is timed with the question's embedding included; --sizes picks
// which lib-N folders to time (e.g. --sizes 19043).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCoreConfig } from '../../src/config.ts';
import { QuothLibrary } from '../../src/core/library.ts';
import { loadReuters } from '../data/datasets.ts';
import { median, percentile, sample } from '../lib/stats.ts';
import { questionsFor, writeStoryFiles } from './reuters.ts';

const SIZES = [1000, 10000, 19043];

let hybrid = false;
const open = (dataDir: string) =>
  QuothLibrary.open(loadCoreConfig(process.env, { dataDir }), hybrid ? {} : { embedder: null });

async function prepare(root: string): Promise<void> {
  const stories = loadReuters();
  if (!stories) throw new Error('Reuters data is absent');
  const lib = path.join(root, 'work');
  let done = 0;
  for (const size of SIZES) {
    const end = Math.min(size, stories.length);
    const files = path.join(root, `files-${end}`);
    writeStoryFiles(stories.slice(done, end), files);
    const library = await open(lib);
    const t = performance.now();
    await library.ingest([files]);
    await library.close();
    console.log(`${end} stories: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    fs.cpSync(lib, path.join(root, `lib-${size}`), { recursive: true });
    fs.rmSync(files, { recursive: true, force: true });
    done = end;
  }
}

async function measure(root: string, runs: number, queries: number, sizes: number[]): Promise<void> {
  const stories = loadReuters()!;
  console.log('size\top\tp50 ms\tp95 ms\t(median of runs; each run p50/p95 listed)');
  for (const size of sizes) {
    const library = await open(path.join(root, `lib-${size}`));
    if (hybrid && library.mode !== 'hybrid') throw new Error(`lib-${size} is not a hybrid library here`);
    const inLibrary = stories.slice(0, size);
    for (const q of questionsFor(inLibrary, 20, 999)) {
      await library.ask(q);
      await library.search(q);
    }
    const figures = { ask: [] as number[][], search: [] as number[][] };
    // Quality at scale: how often the first quote and the first search hit come from the story the
    // question was made from (questionsFor samples the stories with the same seed).
    const sourceOf = new Map(library.list().map((a) => [a.articleId, path.basename(a.source)]));
    let abstained = 0;
    let askOwn = 0;
    let searchOwn = 0;
    for (let r = 0; r < runs; r++) {
      // A new question set per run: a run must not profit from the previous run's caches.
      const questions = questionsFor(inLibrary, queries, 1 + r);
      const own = sample(inLibrary, queries, 1 + r).map((st) => `${st.newid}.txt`);
      const ask: number[] = [];
      const search: number[] = [];
      for (const [i, q] of questions.entries()) {
        let t = performance.now();
        const answer = await library.ask(q);
        ask.push(performance.now() - t);
        t = performance.now();
        const found = await library.search(q);
        search.push(performance.now() - t);
        abstained += Number(answer.abstained);
        askOwn += Number(sourceOf.get(answer.quotes[0]?.articleId ?? '') === own[i]);
        searchOwn += Number(sourceOf.get(found.results[0]?.articleId ?? '') === own[i]);
      }
      figures.ask.push([percentile(ask, 50), percentile(ask, 95)]);
      figures.search.push([percentile(search, 50), percentile(search, 95)]);
    }
    await library.close();
    for (const op of ['ask', 'search'] as const) {
      const p50 = median(figures[op].map((f) => f[0]!));
      const p95 = median(figures[op].map((f) => f[1]!));
      const each = figures[op].map((f) => `${f[0]!.toFixed(1)}/${f[1]!.toFixed(1)}`).join(' ');
      console.log(`${size}\t${op}\t${p50.toFixed(1)}\t${p95.toFixed(1)}\t${each}`);
    }
    const share = (n: number) => (n / (runs * queries)).toFixed(3);
    console.log(
      `${size}\tquality\tabstained ${share(abstained)}, own story first: ask ${share(askOwn)}, search ${share(searchOwn)}`,
    );
  }
}

const { values } = parseArgs({
  options: {
    prepare: { type: 'string' },
    measure: { type: 'string' },
    runs: { type: 'string', default: '3' },
    queries: { type: 'string', default: '200' },
    hybrid: { type: 'boolean', default: false },
    sizes: { type: 'string' },
  },
});
hybrid = values.hybrid ?? false;
const sizes = values.sizes ? values.sizes.split(',').map(Number) : SIZES;
if (values.prepare) await prepare(values.prepare);
if (values.measure) await measure(values.measure, Number(values.runs), Number(values.queries), sizes);
