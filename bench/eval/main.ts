import { parseArgs } from 'node:util';
import { machineInfo, previousResult, writeResults } from '../lib/report.ts';
import { gitDescribe } from '../lib/gitInfo.ts';
import { runAbstentionSweep } from './abstention.ts';
import { runExtraction } from './extraction.ts';
import { evalMarkdown } from './report.ts';
import type { EvalResult } from './result.ts';
import { runSmall } from './small.ts';
import { runSquad } from './squad.ts';
import { runSummaries } from './summaries.ts';

const PARTS = ['squad', 'abstention', 'summaries', 'small', 'extraction'] as const;
type Part = (typeof PARTS)[number];

export async function runEval(argv: string[], log: (line: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
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

  const squad = only.has('squad') ? await timed('squad', () => runSquad({ every: quick ? 10 : 1, log })) : null;
  const abstention = only.has('abstention')
    ? await timed('abstention', () => runAbstentionSweep({ every: quick ? 10 : 3, log }))
    : null;
  const small = only.has('small') ? await timed('small', () => runSmall({ every: quick ? 10 : 1, log })) : null;
  const summaries = only.has('summaries')
    ? await timed('summaries', () => runSummaries({ limit: quick ? 60 : null, sweep: true, log }))
    : null;
  const extraction = only.has('extraction') ? await timed('extraction', () => runExtraction({ log })) : null;

  const result: EvalResult = {
    kind: 'eval',
    startedAt: started.toISOString(),
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    quick,
    parts: [...only],
    git: gitDescribe(),
    machine: machineInfo(),
    timings,
    squad,
    abstention,
    summaries,
    small,
    extraction,
    carriedOver: {},
  };
  // A run of some parts (--only) keeps the earlier figures of the others.
  const previous = previousResult<EvalResult>('eval');
  if (previous?.kind === 'eval') {
    for (const key of ['squad', 'abstention', 'summaries', 'small', 'extraction'] as const) {
      if (result[key] === null && previous[key] !== null && previous[key] !== undefined) {
        (result as unknown as Record<string, unknown>)[key] = previous[key];
        result.carriedOver[key] =
          previous.carriedOver?.[key] ?? `${previous.startedAt}, commit ${previous.git.commit ?? 'unknown'}`;
      }
    }
  }
  const markdown = evalMarkdown(result);
  const files = writeResults('eval', result, markdown);
  process.stdout.write(`${markdown}\n`);
  log(`Wrote ${files.json} and ${files.md}`);
}
