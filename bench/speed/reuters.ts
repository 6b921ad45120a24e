// Ingest throughput and query latency on Reuters-21578: the stories are written as text files
// (title line, blank line, body) into stage folders and ingested folder by folder, the way
// `quoth ingest FOLDER` does; after each stage (1k, 10k, all) ask and search latency is measured
// in-process, warm, over many different questions.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadCoreConfig } from '../../src/config.ts';
import { QuothLibrary } from '../../src/core/library.ts';
import type { RetrievalMode } from '../../src/shared/types.ts';
import { loadEmbedder } from '../../src/embed/embedder.ts';
import type { ReutersStory } from '../data/datasets.ts';
import { benchDir, repoRoot } from '../lib/paths.ts';
import { percentile, sample } from '../lib/stats.ts';

export interface Latency {
  queries: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export interface StageResult {
  /** Stories in the library after this stage. */
  stories: number;
  articles: number;
  chunks: number;
  ingestSeconds: number;
  ask: Latency;
  search: Latency;
  askAbstained: number;
}

export interface ReutersRunResult {
  mode: RetrievalMode;
  stories: number;
  added: number;
  unchanged: number;
  failed: number;
  chunks: number;
  vectors: number;
  ingestSeconds: number;
  articlesPerSecond: number;
  chunksPerSecond: number;
  peakRssMiB: number;
  databaseMiB: number;
  indexMiB: number;
  dataDirMiB: number;
  stages: StageResult[];
}

export interface ReutersRunOptions {
  mode: RetrievalMode;
  stories: ReutersStory[];
  /** Cumulative library sizes at which latency is measured; the last is all stories. */
  stages: number[];
  queries: number;
  dataDir: string;
  filesDir: string;
  modelDir: string | null;
  log: (line: string) => void;
}

function latency(ms: number[]): Latency {
  return {
    queries: ms.length,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    mean: ms.reduce((a, b) => a + b, 0) / ms.length,
  };
}

/** Questions about stories in the library: half from headlines, half from the opening words of a body. */
export function questionsFor(stories: ReutersStory[], count: number, seed: number): string[] {
  const picked = sample(stories, count, seed);
  return picked.map((s, i) => {
    const headline = s.title.toLowerCase().replace(/\s+/g, ' ').trim();
    if (i % 2 === 0 && headline.length > 8) return `What happened with ${headline}?`;
    const words = s.body.replace(/\s+/g, ' ').trim().split(' ').slice(0, 12).join(' ');
    return `${words}?`;
  });
}

export function writeStoryFiles(stories: ReutersStory[], dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const s of stories) {
    const head = s.title ? `${s.title}\n\n` : '';
    fs.writeFileSync(path.join(dir, `${s.newid}.txt`), `${head}${s.body}`);
  }
}

export function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(full) : fs.statSync(full).size;
  }
  return total;
}

const MiB = (bytes: number) => bytes / 2 ** 20;

export async function runReuters(opts: ReutersRunOptions): Promise<ReutersRunResult> {
  let embedder = null;
  if (opts.mode === 'hybrid') {
    const loaded = await loadEmbedder({
      model: opts.modelDir!,
      modelsDir: path.join(opts.modelDir!, 'cache'),
      allowDownload: false,
    });
    if (!loaded.embedder) throw new Error(`the bench model did not load: ${loaded.reason}`);
    embedder = loaded.embedder;
  }
  const library = await QuothLibrary.open(loadCoreConfig(process.env, { dataDir: opts.dataDir }), { embedder });
  if (library.mode !== opts.mode) throw new Error(`library is ${library.mode}, wanted ${opts.mode}`);

  // Files first, outside the timings.
  const bounds = [0, ...opts.stages];
  const stageDirs = opts.stages.map((_, i) => path.join(opts.filesDir, `stage-${i + 1}`));
  bounds.slice(1).forEach((end, i) => writeStoryFiles(opts.stories.slice(bounds[i], end), stageDirs[i]!));

  const stages: StageResult[] = [];
  let added = 0;
  let unchanged = 0;
  let failed = 0;
  let chunks = 0;
  let ingestSeconds = 0;
  for (const [i, dir] of stageDirs.entries()) {
    const t = performance.now();
    const report = await library.ingest([dir]);
    const took = (performance.now() - t) / 1000;
    ingestSeconds += took;
    added += report.added;
    unchanged += report.unchanged;
    failed += report.failed.length;
    chunks += report.chunks;
    const inLibrary = opts.stories.slice(0, opts.stages[i]);
    opts.log(`  ${opts.mode}: ${inLibrary.length} stories ingested (${took.toFixed(1)} s for this stage)`);

    const warm = questionsFor(inLibrary, 20, 1000 + i);
    for (const q of warm) {
      await library.ask(q);
      await library.search(q);
    }
    const questions = questionsFor(inLibrary, opts.queries, i + 1);
    const askMs: number[] = [];
    const searchMs: number[] = [];
    let abstained = 0;
    for (const q of questions) {
      let s = performance.now();
      const answer = await library.ask(q);
      askMs.push(performance.now() - s);
      abstained += Number(answer.abstained);
      s = performance.now();
      await library.search(q);
      searchMs.push(performance.now() - s);
    }
    const counts = library.stats();
    stages.push({
      stories: inLibrary.length,
      articles: counts.articles,
      chunks: counts.chunks,
      ingestSeconds: took,
      ask: latency(askMs),
      search: latency(searchMs),
      askAbstained: abstained / questions.length,
    });
  }
  const stats = library.stats();
  await library.close();
  return {
    mode: opts.mode,
    stories: opts.stories.length,
    added,
    unchanged,
    failed,
    chunks,
    vectors: stats.vectors,
    ingestSeconds,
    articlesPerSecond: opts.stories.length / ingestSeconds,
    chunksPerSecond: chunks / ingestSeconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    databaseMiB: MiB(stats.databaseBytes),
    indexMiB: MiB(stats.indexBytes),
    dataDirMiB: MiB(dirBytes(opts.dataDir)),
    stages,
  };
}

export interface IngestOnceResult {
  stories: number;
  added: number;
  seconds: number;
  articlesPerSecond: number;
  /** The CLI process's peak: the ingest is all it does. */
  peakRssMiB: number;
}

/**
 * `quoth ingest FOLDER` of every story in lexical mode, the CLI in a process of its own timed from
 * spawn to exit: the ingest rate and memory a user sees, apart from the staged run above, whose
 * process also answers questions between stages (their caches count in its peak RSS).
 */
export async function runIngestOnce(opts: {
  stories: ReutersStory[];
  dataDir: string;
  filesDir: string;
}): Promise<IngestOnceResult> {
  writeStoryFiles(opts.stories, opts.filesDir);
  const rssFile = `${opts.dataDir}.rss`;
  const env = { ...process.env, EMBEDDING_MODEL: 'none', QUOTH_BENCH_RSS_FILE: rssFile };
  const args = ['--require', path.join(benchDir, 'lib', 'peakRssAtExit.cjs'), path.join(repoRoot, 'bin', 'quoth.js')];
  const t = performance.now();
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [...args, '--data-dir', opts.dataDir, 'ingest', opts.filesDir, '--json'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`quoth ingest exited with ${code}`))));
  });
  const seconds = (performance.now() - t) / 1000;
  const peakRssMiB = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
  fs.rmSync(rssFile, { force: true });
  return {
    stories: opts.stories.length,
    added: (JSON.parse(out) as { added: number }).added,
    seconds,
    articlesPerSecond: opts.stories.length / seconds,
    peakRssMiB,
  };
}
