import { markdownTable, type Cell } from '../lib/report.ts';
import type { BenchResult } from './result.ts';
import type { HnswRunResult } from './hnsw.ts';
import type { IngestOnceResult } from './reuters.ts';
import { feedMarkdown } from './feedReport.ts';

const f = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
const int = (x: number) => Math.round(x).toLocaleString('en-US');

/** The smallest ef whose recall reaches the target, or null. */
export function efFor(run: HnswRunResult, target: number, at: 10 | 50): number | null {
  const hit = run.efs.find((p) => (at === 10 ? p.recallAt10 : (p.recallAt50 ?? 0)) >= target);
  return hit ? hit.ef : null;
}

export function benchMarkdown(r: BenchResult): string {
  const out = [
    `# Quoth bench${r.quick ? ' (quick)' : ''}`,
    '',
    `${r.startedAt}, ${r.seconds} s; commit ` +
      `${r.git.commit ?? 'unknown'}${r.git.dirty ? ' with uncommitted changes in src/' : ''}; ` +
      `Node ${r.machine.node}, ${r.machine.cpus} × ${r.machine.cpuModel}, ` +
      `${r.machine.memoryGiB} GiB, load average at start ${r.machine.loadAverage.join(' ')} ` +
      '(a shared machine: other work running at the same time slows every figure; compare figures within one run).',
    '',
    r.model.startsWith('generated')
      ? `"hybrid" here means Quoth with the ${r.model}: the code path and vector sizes of a real model, ` +
        'not its speed — a real MiniLM costs far more per text in the model call.'
      : `"hybrid" here means Quoth with ${r.model}.`,
  ];
  if (r.skipped.length) out.push('', `Skipped: ${r.skipped.join('; ')}.`);
  const carried = Object.entries(r.carriedOver ?? {});
  if (carried.length)
    out.push(
      '',
      `Not measured in this run, kept from earlier runs: ${carried.map(([part, at]) => `${part} (${at})`).join('; ')}.`,
    );

  if (r.reuters) {
    const runs = r.reuters.runs;
    out.push(
      '',
      `## Ingest: Reuters-21578 (${int(runs[0]?.stories ?? 0)} of ${int(r.reuters.corpusStories)} stories with a body)`,
      '',
      'Stories written as text files (headline, blank line, body) into one folder per stage (1k, ' +
        '10k, all) and ingested folder by folder with `ingest([folder])`, as `quoth ingest FOLDER` ' +
        "does; timed once per mode over all stories, in a child process of its own (peak RSS is that process's). " +
        '"unchanged": exact duplicates (same headline and body) that Quoth stores once.',
      '',
      markdownTable(
        [
          'Mode',
          'stories',
          'added',
          'unchanged',
          'chunks',
          'vectors',
          'ingest s',
          'articles/s',
          'chunks/s',
          'peak RSS MiB',
          'database MiB',
          'index MiB',
          'data dir MiB',
        ],
        runs.map((x) => [
          x.mode,
          int(x.stories),
          int(x.added),
          int(x.unchanged),
          int(x.chunks),
          int(x.vectors),
          f(x.ingestSeconds),
          f(x.articlesPerSecond),
          f(x.chunksPerSecond),
          int(x.peakRssMiB),
          f(x.databaseMiB),
          f(x.indexMiB),
          f(x.dataDirMiB),
        ]),
      ),
      ...ingestOnceLines(r.reuters.ingestOnce),
      '',
      '## Query latency (warm, in-process)',
      '',
      `After each ingest stage: 20 warm-up questions, then ${runs[0]?.stages[0]?.ask.queries ?? 0} ` +
        `different questions (half "What happened with <headline>?", half the opening words of ` +
        `a story), each through \`ask\` (3 quotes) and \`search\` (5 results). Milliseconds.`,
      '',
      markdownTable(
        [
          'Mode',
          'stories',
          'chunks',
          'ask p50',
          'ask p95',
          'ask p99',
          'search p50',
          'search p95',
          'search p99',
          'ask abstained',
        ],
        runs.flatMap((x) =>
          x.stages.map((s): Cell[] => [
            x.mode,
            int(s.stories),
            int(s.chunks),
            f(s.ask.p50),
            f(s.ask.p95),
            f(s.ask.p99),
            f(s.search.p50),
            f(s.search.p95),
            f(s.search.p99),
            `${(s.askAbstained * 100).toFixed(0)}%`,
          ]),
        ),
      ),
    );
  }

  if (r.coldStart) {
    out.push(
      '',
      '## Cold start: process start to first answer, full library on disk',
      '',
      `\`node bin/quoth.js --data-dir DIR ask "<question>" --json\`, spawned fresh each time, timed ` +
        `to exit. "--help" is the same process start without opening the library (Node, tsx, CLI imports).`,
      '',
      markdownTable(
        ['Mode', 'median s', 'runs (s)', 'quoth --help median s', 'answered'],
        r.coldStart.map((c) => [
          c.mode,
          f(c.medianSeconds, 2),
          c.runs.map((x) => x.toFixed(2)).join(', '),
          f(c.helpMedianSeconds, 2),
          `${c.answered}/${c.runs.length}`,
        ]),
      ),
    );
  }

  if (r.embed) {
    const e = r.embed;
    out.push(
      '',
      '## Embedding pipeline overhead',
      '',
      `${e.texts} Reuters texts (first 1,000 characters of each story, mean ${int(e.meanChars)} ` +
        `characters), batches of ${e.batchSize} sorted by length as ` +
        `Quoth makes them; median of ${e.runs} runs after a warm-up. ` +
        `The bare path runs the same ONNX file in an onnxruntime-node InferenceSession (the copy ` +
        `transformers.js depends on) on the same token tensors; its ` +
        `vectors match Quoth's to ${e.maxDifference.toExponential(1)}.`,
      '',
      markdownTable(
        ['Path', 'seconds', 'texts/s'],
        [
          [
            "Quoth's embedder.embed() (tokenize + model + pool + normalize)",
            f(e.quothSeconds, 3),
            int(e.texts / e.quothSeconds),
          ],
          ['tokenizer alone (transformers.js)', f(e.tokenizeSeconds, 3), int(e.texts / e.tokenizeSeconds)],
          ['bare InferenceSession.run', f(e.sessionSeconds, 3), int(e.texts / e.sessionSeconds)],
          [
            'bare session + mean pooling + L2 in plain JS',
            f(e.sessionAndPoolingSeconds, 3),
            int(e.texts / e.sessionAndPoolingSeconds),
          ],
        ],
      ),
      '',
      `Quoth / (tokenizer + bare session + pooling) = ${f(e.ratioToBareWithTokenizer, 2)}×; ` +
        `Quoth / (bare session + pooling) = ${f(e.ratioToBareSession, 2)}×. ` +
        (r.model.startsWith('generated')
          ? 'The generated model is one table lookup, so this is the pipeline cost at its most visible.'
          : `Both paths ran the ${r.model} on the same texts.`),
    );
    if (e.ingest) {
      const g = e.ingest;
      out.push(
        '',
        `Whole ingests (issue 7: hybrid ingest ≤ 1.3× the bare cost of embedding the same texts): ` +
          `${int(g.stories)} Reuters stories ingested as files into a fresh library, median of ${g.runs} runs ` +
          `alternated with the bare path, which embeds the ${int(g.sentences)} texts the ingest embedded (each ` +
          `stored sentence after its article's title and alone), batched as Quoth batches them.`,
        '',
        markdownTable(
          ['Path', 'seconds'],
          [
            ['hybrid ingest (read, split, chunk, embed, store, index)', f(g.hybridIngestSeconds, 2)],
            ['bare tokenizer + session + pooling on the same texts', f(g.bareEmbedSeconds, 2)],
            ['lexical ingest of the same files (no embedding)', f(g.lexicalIngestSeconds, 2)],
          ],
        ),
        '',
        `Hybrid ingest / bare embedding = ${f(g.ratio, 2)}×.`,
      );
    }
  }

  if (r.hnsw) {
    const h = r.hnsw;
    out.push(
      '',
      '## Vector index alone: hnswlib-node, synthetic 384-dimension unit vectors',
      '',
      'Low-rank vectors (32-dimension Gaussian latent through a fixed random map, plus noise, ' +
        'normalized; nearest-neighbour cosine ≈ 0.6 like sentence embeddings), inner-product space as Quoth uses. ' +
        'Recall against exact search (hnswlib BruteforceSearch) for held-out ' +
        'queries; queries/s single-threaded at k = 10, median of 3 passes. ' +
        'Quoth asks the index for 50 neighbours (hybrid depth) with ef = ' +
        'max(efSearch, 50), so recall@50 is the figure that matters to it.',
      '',
      markdownTable(
        [
          'vectors built',
          'M',
          'efConstruction',
          'build s',
          'inserts/s',
          'file MiB',
          'load s',
          'loaded RSS MiB',
          'ef for recall@10 ≥ 0.95',
          'ef for recall@50 ≥ 0.95',
        ],
        h.runs.map((x) => [
          x.built === x.requested ? int(x.built) : `${int(x.built)} of ${int(x.requested)} (time bound)`,
          x.m,
          x.efConstruction,
          f(x.buildSeconds),
          int(x.insertsPerSecond),
          int(x.fileMiB),
          f(x.loadSeconds, 2),
          int(x.loadedRssMiB),
          efFor(x, 0.95, 10) ?? '> max',
          efFor(x, 0.95, 50) ?? '> max',
        ]),
      ),
      '',
      markdownTable(
        ['vectors', 'M / efC', ...h.efs.map((ef) => `ef ${ef}: R@10 / R@50 / QPS`)],
        h.runs.map((x) => [
          int(x.built),
          `${x.m} / ${x.efConstruction}`,
          ...x.efs.map(
            (p) =>
              `${p.recallAt10.toFixed(3)} / ${p.recallAt50 === null ? '–' : p.recallAt50.toFixed(3)} ` +
              `/ ${int(p.queriesPerSecond)}`,
          ),
        ]),
      ),
    );
    const partial = h.runs.filter((x) => x.built < x.requested);
    for (const x of partial) {
      out.push(
        '',
        `The ${int(x.requested)}-vector build stopped at its time bound after ${int(x.built)} vectors ` +
          `(${f(x.buildSeconds)} s); at that rate the whole build would take about ` +
          `${f(x.requested / x.insertsPerSecond / 60)} minutes (inserts slow down as the graph grows, ` +
          `so this is a lower bound). ` +
          `Run \`npm run bench -- --only hnsw --hnsw-1m-deadline 3600\` for the full build.`,
      );
    }
  }
  if (r.feeds) out.push(...feedMarkdown(r.feeds));
  return out.join('\n');
}

/** The lexical ingest of every story from one folder in a fresh process (`quoth ingest`'s way), median of its runs. */
function ingestOnceLines(runs: IngestOnceResult[] | undefined): string[] {
  if (!runs?.length) return [];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const seconds = median(runs.map((x) => x.seconds));
  return [
    '',
    `Lexical, all ${int(runs[0]!.stories)} stories from one folder in a fresh process (as \`quoth ingest FOLDER\` runs; ` +
      `the process above also answers questions between stages), ${runs.length} runs: median ` +
      `**${f(seconds)} s (${f(runs[0]!.stories / seconds)} stories/s), peak RSS ${int(median(runs.map((x) => x.peakRssMiB)))} MiB** ` +
      `(runs: ${runs.map((x) => `${f(x.seconds)} s / ${int(x.peakRssMiB)} MiB`).join(', ')}).`,
  ];
}
