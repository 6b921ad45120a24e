import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RetrievalMode } from '../../src/shared/types.ts';
import { loadReuters, type ReutersStory } from '../data/datasets.ts';
import { gitDescribe } from '../lib/gitInfo.ts';
import { benchDir, repoRoot } from '../lib/paths.ts';
import { machineInfo, previousResult, writeResults } from '../lib/report.ts';
import { makeBenchModel, tempDir, TINY_MODEL_LABEL } from '../lib/tinyModel.ts';
import { cliAvailable, runColdStart, type ColdStartResult } from './coldStart.ts';
import { runEmbedOverhead, type EmbedOverheadResult } from './embedOverhead.ts';
import { runIngestEmbedCost } from './ingestEmbedCost.ts';
import { runFeedBench, type FeedBenchResult } from './feeds.ts';
import { runHnsw, type HnswRunResult } from './hnsw.ts';
import { benchMarkdown } from './report.ts';
import type { BenchResult, HnswPlan } from './result.ts';
import { type IngestOnceResult, questionsFor, runIngestOnce, runReuters, type ReutersRunResult } from './reuters.ts';

const PARTS = ['reuters', 'coldstart', 'embed', 'hnsw', 'feeds'] as const;
type Part = (typeof PARTS)[number];

/** Keeps the parts this run did not measure from the previous result (hnsw: runs with other settings). */
function mergeWithPrevious(result: BenchResult, previous: BenchResult | null): void {
  if (previous?.kind !== 'bench') return;
  const from = `${previous.startedAt}, commit ${previous.git.commit ?? 'unknown'}`;
  const measuredReuters = result.reuters !== null || result.coldStart !== null || result.embed !== null;
  const keep = <K extends 'reuters' | 'coldStart' | 'embed' | 'feeds'>(key: K) => {
    // `!= null`: results written before a part existed lack its key.
    if (result[key] === null && previous[key] != null) {
      (result as unknown as Record<K, unknown>)[key] = previous[key];
      result.carriedOver[key] = previous.carriedOver?.[key] ?? from;
    }
  };
  keep('reuters');
  keep('coldStart');
  keep('embed');
  keep('feeds');
  // A run that measured no Reuters part used no model and no quick setting: the kept figures' labels stay.
  if (!measuredReuters) {
    result.model = previous.model;
    result.quick = previous.quick;
  }
  if (previous.hnsw) {
    const key = (r: { requested: number; m: number; efConstruction: number }) =>
      `${r.requested}/${r.m}/${r.efConstruction}`;
    const fresh = new Set((result.hnsw?.runs ?? []).map(key));
    const kept = previous.hnsw.runs.filter((r) => !fresh.has(key(r)));
    if (kept.length > 0) {
      const runs = [...kept, ...(result.hnsw?.runs ?? [])].sort(
        (a, b) => a.requested - b.requested || a.m - b.m || b.efConstruction - a.efConstruction,
      );
      for (const r of kept) result.carriedOver[`hnsw ${key(r)}`] = previous.carriedOver?.[`hnsw ${key(r)}`] ?? from;
      result.hnsw = {
        plan: [
          ...previous.hnsw.plan.filter((p) => !fresh.has(`${p.n}/${p.m}/${p.efConstruction}`)),
          ...(result.hnsw?.plan ?? []),
        ],
        runs,
        efs: previous.hnsw.efs,
      };
    }
  }
}

const EFS = [16, 32, 64, 128, 256, 512];

/** Runs `bench.ts --phase ...` in a child process and reads the JSON it writes. */
function child<T>(args: string[], log: (line: string) => void): Promise<T> {
  const out = path.join(tempDir('phase'), 'result.json');
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', path.join(benchDir, 'bench.ts'), '--phase', ...args, '--out', out],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, LOG_LEVEL: 'silent' },
      },
    );
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`phase ${args[0]} exited with ${code}`));
      const value = JSON.parse(fs.readFileSync(out, 'utf8')) as T;
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
      log(`  phase ${args[0]} done`);
      resolve(value);
    });
  });
}

/** The child side: one measurement, its result written as JSON to --out. */
export async function runPhase(argv: string[], log: (line: string) => void): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      mode: { type: 'string' },
      stories: { type: 'string' },
      stages: { type: 'string' },
      queries: { type: 'string' },
      data: { type: 'string' },
      files: { type: 'string' },
      model: { type: 'string' },
      n: { type: 'string' },
      m: { type: 'string' },
      efc: { type: 'string' },
      deadline: { type: 'string' },
      work: { type: 'string' },
      runs: { type: 'string' },
      texts: { type: 'string' },
    },
  });
  const phase = positionals[0];
  let result: unknown;
  if (phase === 'reuters') {
    const stories = loadReuters()!.slice(0, Number(values.stories));
    result = await runReuters({
      mode: values.mode as RetrievalMode,
      stories,
      stages: values.stages!.split(',').map(Number),
      queries: Number(values.queries),
      dataDir: values.data!,
      filesDir: values.files!,
      modelDir: values.model ?? null,
      log,
    });
  } else if (phase === 'ingest-once') {
    const stories = loadReuters()!.slice(0, Number(values.stories));
    result = await runIngestOnce({ stories, dataDir: values.data!, filesDir: values.files! });
  } else if (phase === 'hnsw') {
    result = await runHnsw({
      n: Number(values.n),
      m: Number(values.m),
      efConstruction: Number(values.efc),
      efs: EFS,
      queries: Number(values.queries),
      buildDeadlineSeconds: Number(values.deadline),
      dir: values.work!,
      log,
    });
  } else if (phase === 'embed') {
    const stories = loadReuters()!;
    const texts = stories.slice(0, Number(values.texts)).map((s) => s.body.replace(/\s+/g, ' ').trim().slice(0, 1000));
    const overhead = await runEmbedOverhead({ modelDir: values.model!, texts, runs: Number(values.runs), log });
    log(`Hybrid ingest against the bare embedding of its sentences: ${values.stories} stories`);
    const ingest = await runIngestEmbedCost({
      modelDir: values.model!,
      stories: stories.slice(0, Number(values.stories)),
      runs: 3,
      work: values.work!,
      log,
    });
    result = { ...overhead, ingest };
  } else if (phase === 'feeds') {
    result = await runFeedBench({
      dataDir: values.data!,
      bigFeedItems: 1000,
      feeds: 20,
      otherFeedItems: 50,
      sharedPerFeed: 5,
      unchangedRuns: 5,
      newItemRuns: 3,
      log,
    });
  } else {
    throw new Error(`unknown phase ${phase}`);
  }
  fs.writeFileSync(values.out!, JSON.stringify(result));
}

export async function runBench(argv: string[], log: (line: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'hnsw-1m-deadline': { type: 'string' },
      'hnsw-n': { type: 'string' },
    },
  });
  const quick = values.quick ?? false;
  const only = new Set<Part>(values.only ? (values.only.split(',').map((s) => s.trim()) as Part[]) : PARTS);
  for (const p of only) if (!PARTS.includes(p)) throw new Error(`--only takes ${PARTS.join(', ')}; got "${p}"`);
  const started = new Date();
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const value = await work();
    timings[name] = Math.round((performance.now() - t) / 100) / 10;
    return value;
  };
  const skipped: string[] = [];
  const work = tempDir('bench');
  const result: BenchResult = {
    kind: 'bench',
    startedAt: started.toISOString(),
    seconds: 0,
    quick,
    parts: [...only],
    git: gitDescribe(),
    machine: machineInfo(),
    model: TINY_MODEL_LABEL,
    timings,
    reuters: null,
    coldStart: null,
    embed: null,
    hnsw: null,
    feeds: null,
    skipped,
    carriedOver: {},
  };
  try {
    const all: ReutersStory[] | null =
      only.has('reuters') || only.has('coldstart') || only.has('embed') ? loadReuters() : null;
    if (!all && (only.has('reuters') || only.has('coldstart') || only.has('embed'))) {
      log(
        'Reuters: ../shared/data/reuters-21578/reuters21578.jsonl is absent; ' +
          'skipping ingest, latency, cold start and embedding overhead.',
      );
      skipped.push('reuters-21578 absent: ingest, latency, cold start, embedding overhead');
    }
    const model = all ? await makeBenchModel(all.map((s) => s.body).join('\n')) : null;
    if (model) result.model = model.label;
    try {
      if (all && model) {
        const count = quick ? Math.min(2000, all.length) : all.length;
        const stages = quick
          ? [Math.min(1000, count), count]
          : [1000, 10000, count].filter((n, i, a) => n <= count && a.indexOf(n) === i);
        const queries = quick ? 100 : 300;
        const dataDirs: Partial<Record<RetrievalMode, string>> = {};
        if (only.has('reuters') || only.has('coldstart')) {
          const runs: ReutersRunResult[] = [];
          for (const mode of ['lexical', 'hybrid'] as RetrievalMode[]) {
            log(`Reuters ${mode}: ${count} stories`);
            const dataDir = path.join(work, `reuters-${mode}`);
            const args = [
              'reuters',
              '--mode',
              mode,
              '--stories',
              String(count),
              '--stages',
              stages.join(','),
              '--queries',
              String(queries),
              '--data',
              dataDir,
              '--files',
              path.join(work, `files-${mode}`),
            ];
            runs.push(
              await timed(`reuters-${mode}`, () =>
                child<ReutersRunResult>(mode === 'hybrid' ? [...args, '--model', model.dir] : args, log),
              ),
            );
            fs.rmSync(path.join(work, `files-${mode}`), { recursive: true, force: true });
            dataDirs[mode] = dataDir;
          }
          const ingestOnce: IngestOnceResult[] = [];
          if (only.has('reuters')) {
            for (let run = 0; run < 3; run++) {
              log(`Reuters lexical, one folder in a fresh process: run ${run + 1} of 3`);
              const dir = path.join(work, `once-${run}`);
              const args = ['ingest-once', '--stories', String(count), '--data', dir, '--files', `${dir}-files`];
              ingestOnce.push(await child<IngestOnceResult>(args, log));
              fs.rmSync(dir, { recursive: true, force: true });
              fs.rmSync(`${dir}-files`, { recursive: true, force: true });
            }
          }
          result.reuters = { corpusStories: all.length, runs, ingestOnce };
        }
        if (only.has('coldstart')) {
          if (!cliAvailable()) {
            log('Cold start: bin/quoth.js or src/cli/main.ts is missing; skipping.');
            skipped.push('cold start: CLI absent');
          } else {
            const cold: ColdStartResult[] = [];
            for (const mode of ['lexical', 'hybrid'] as RetrievalMode[]) {
              log(`Cold start ${mode}`);
              const questions = questionsFor(all.slice(0, count), quick ? 3 : 5, 77);
              cold.push(
                await timed(`coldstart-${mode}`, () =>
                  runColdStart({ mode, dataDir: dataDirs[mode]!, modelDir: model.dir, questions, log }),
                ),
              );
            }
            result.coldStart = cold;
          }
        }
        for (const dir of Object.values(dataDirs)) fs.rmSync(dir, { recursive: true, force: true });
        if (only.has('embed')) {
          log('Embedding pipeline overhead');
          result.embed = await timed('embed', () =>
            child<EmbedOverheadResult>(
              [
                'embed',
                '--model',
                model.dir,
                '--texts',
                quick ? '512' : '1024',
                '--runs',
                quick ? '3' : '5',
                '--stories',
                quick ? '100' : '300',
                '--work',
                work,
              ],
              log,
            ),
          );
        }
      }
    } finally {
      model?.remove();
    }

    if (only.has('hnsw')) {
      const deadline1m = Number(values['hnsw-1m-deadline'] ?? 300);
      const plan: HnswPlan[] = quick
        ? [{ n: 100_000, m: 16, efConstruction: 200, deadlineSeconds: 900, queries: 200 }]
        : [
            { n: 100_000, m: 16, efConstruction: 200, deadlineSeconds: 900, queries: 200 },
            { n: 100_000, m: 16, efConstruction: 100, deadlineSeconds: 900, queries: 200 },
            { n: 100_000, m: 32, efConstruction: 200, deadlineSeconds: 900, queries: 200 },
            // 1M: reduced construction effort and a time bound, so the full bench fits in ~20 minutes on 2 cores.
            { n: 1_000_000, m: 16, efConstruction: 100, deadlineSeconds: deadline1m, queries: 100 },
          ];
      const onlyN = values['hnsw-n'] ? Number(values['hnsw-n']) : null;
      const runs: HnswRunResult[] = [];
      for (const p of plan.filter((x) => onlyN === null || x.n === onlyN)) {
        log(`hnswlib: ${p.n} vectors, M ${p.m}, efConstruction ${p.efConstruction}`);
        runs.push(
          await timed(`hnsw-${p.n}-${p.m}-${p.efConstruction}`, () =>
            child<HnswRunResult>(
              [
                'hnsw',
                '--n',
                String(p.n),
                '--m',
                String(p.m),
                '--efc',
                String(p.efConstruction),
                '--deadline',
                String(p.deadlineSeconds),
                '--queries',
                String(p.queries),
                '--work',
                work,
              ],
              log,
            ),
          ),
        );
      }
      result.hnsw = { plan: plan.filter((x) => onlyN === null || x.n === onlyN), runs, efs: EFS };
    }
    if (only.has('feeds')) {
      log('Feeds: 20 feeds (one of 1,000 items) on a local HTTP server');
      result.feeds = await timed('feeds', () =>
        child<FeedBenchResult>(['feeds', '--data', path.join(work, 'feeds')], log),
      );
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  result.seconds = Math.round((performance.now() - t0) / 100) / 10;
  // A partial run (--only, --hnsw-n, or skipped data) keeps the earlier figures for what it did not measure.
  mergeWithPrevious(result, previousResult<BenchResult>('bench'));
  const markdown = benchMarkdown(result);
  const files = writeResults('bench', result, markdown);
  process.stdout.write(`${markdown}\n`);
  log(`Wrote ${files.json} and ${files.md}`);
}
