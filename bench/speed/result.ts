// The shape of a `npm run bench` result, shared by the runner and the report writer.
import type { gitDescribe } from '../lib/gitInfo.ts';
import type { machineInfo } from '../lib/report.ts';
import type { ColdStartResult } from './coldStart.ts';
import type { EmbedOverheadResult } from './embedOverhead.ts';
import type { FeedBenchResult } from './feeds.ts';
import type { HnswRunResult } from './hnsw.ts';
import type { IngestOnceResult, ReutersRunResult } from './reuters.ts';

export interface HnswPlan {
  n: number;
  m: number;
  efConstruction: number;
  deadlineSeconds: number;
  queries: number;
}

export interface BenchResult {
  kind: 'bench';
  startedAt: string;
  seconds: number;
  quick: boolean;
  parts: string[];
  git: ReturnType<typeof gitDescribe>;
  machine: ReturnType<typeof machineInfo>;
  model: string;
  timings: Record<string, number>;
  reuters: { corpusStories: number; runs: ReutersRunResult[]; ingestOnce?: IngestOnceResult[] } | null;
  coldStart: ColdStartResult[] | null;
  embed: EmbedOverheadResult | null;
  hnsw: { plan: HnswPlan[]; runs: HnswRunResult[]; efs: number[] } | null;
  /** Feed polling at scale (bench/speed/feeds.ts); absent from results written before it existed. */
  feeds: FeedBenchResult | null;
  skipped: string[];
  /** Parts (or hnsw runs) not measured in this run but kept from an earlier one: part → that run's start. */
  carriedOver: Record<string, string>;
}
