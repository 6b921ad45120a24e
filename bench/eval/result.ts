// The shape of a `npm run eval` result, shared by the runner and the report writer.
import type { gitDescribe } from '../lib/gitInfo.ts';
import type { machineInfo } from '../lib/report.ts';
import type { runAbstentionSweep } from './abstention.ts';
import type { runExtraction } from './extraction.ts';
import type { runSmall } from './small.ts';
import type { runSquad } from './squad.ts';
import type { runSummaries } from './summaries.ts';

export type EvalResult = {
  kind: 'eval';
  startedAt: string;
  seconds: number;
  quick: boolean;
  parts: string[];
  git: ReturnType<typeof gitDescribe>;
  machine: ReturnType<typeof machineInfo>;
  timings: Record<string, number>;
  squad: Awaited<ReturnType<typeof runSquad>>;
  abstention: Awaited<ReturnType<typeof runAbstentionSweep>>;
  summaries: Awaited<ReturnType<typeof runSummaries>> | null;
  small?: Awaited<ReturnType<typeof runSmall>>;
  /** Absent in results written before the extraction part existed. */
  extraction?: Awaited<ReturnType<typeof runExtraction>> | null;
  /** Parts not measured in this run but kept from an earlier one: part → that run's start. */
  carriedOver: Record<string, string>;
};
