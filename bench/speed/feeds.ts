// Feed polling at scale, on a real HTTP server on 127.0.0.1 and a real (lexical) library: 20 feeds,
// one of them with 1,000 items, each also carrying a few of its neighbour's stories, polled together
// the way the bot's scheduler polls them. Three polls, each checked as well as timed:
//  1. first poll: every story fetched, extracted and stored once (duplicates and lost counted
//     against the served canonical URLs);
//  2. unchanged feeds: each feed costs one conditional GET answered 304, nothing parsed, no page
//     fetched (counted by FeedService and, independently, from the server's own request log);
//  3. a few stories added to some feeds: only those are fetched and stored.
import fs from 'node:fs';
import { loadCoreConfig } from '../../src/config.ts';
import { QuothLibrary } from '../../src/core/library.ts';
import { openFeeds } from '../../src/feeds/openFeeds.ts';
import type { PollReport } from '../../src/feeds/feedService.ts';
import { FeedServer } from '../feeds/feedServer.ts';
import { FeedWorkload } from '../feeds/feedWorkload.ts';
import { median } from '../lib/stats.ts';

export interface FeedPollFigures {
  runs: number;
  /** Median wall time of one poll of all feeds, and that divided by the feeds polled. */
  medianMs: number;
  msPerFeed: number;
  /** Per run: what FeedService reported and what the server saw. */
  notModified: number[];
  parsed: number[];
  added: number[];
  /** Feed requests the server answered 304 / 200, and article pages it served, per run. */
  served304: number[];
  served200: number[];
  pageFetches: number[];
}

export interface FeedBenchResult {
  feeds: number;
  bigFeedItems: number;
  otherFeedItems: number;
  sharedPerFeed: number;
  maxItemsPerPoll: number;
  concurrency: number;
  first: {
    seconds: number;
    /** Feed entries seen (a shared story counts once per feed carrying it) and distinct stories served. */
    entries: number;
    stories: number;
    added: number;
    unchanged: number;
    failed: number;
    articles: number;
    duplicates: number;
    lost: number;
    pageFetches: number;
    storiesPerSecond: number;
    entriesPerSecond: number;
  };
  unchanged: FeedPollFigures;
  newItems: FeedPollFigures & { feedsChanged: number; storiesPerFeed: number };
  /** Articles in the library at the end and how many of the served stories are missing or doubled. */
  final: { articles: number; stories: number; duplicates: number; lost: number };
  peakRssMiB: number;
}

export interface FeedBenchOptions {
  dataDir: string;
  bigFeedItems: number;
  feeds: number;
  otherFeedItems: number;
  sharedPerFeed: number;
  unchangedRuns: number;
  newItemRuns: number;
  log: (line: string) => void;
}

const CONCURRENCY = 4;

export async function runFeedBench(opts: FeedBenchOptions): Promise<FeedBenchResult> {
  const server = await new FeedServer().start();
  const lib = await QuothLibrary.open(
    loadCoreConfig(process.env, { dataDir: opts.dataDir, allowPrivateUrls: true, fetchTimeoutMs: 30_000 }),
    { embedder: null },
  );
  // The cap is raised to the big feed's size (its own stories and its neighbour's it carries) so the
  // first poll takes all of it at once; with the default (50) that takes 21 polls, and the scale test
  // checks that the cap loses nothing.
  const maxItemsPerPoll = opts.bigFeedItems + opts.sharedPerFeed;
  const { feeds, close } = openFeeds(lib, { maxItemsPerPoll, concurrency: CONCURRENCY });
  try {
    const sizes = [opts.bigFeedItems, ...Array<number>(opts.feeds - 1).fill(opts.otherFeedItems)];
    const workload = new FeedWorkload(server, {
      storiesPerFeed: sizes,
      sharedPerFeed: opts.sharedPerFeed,
      mixFormats: true,
      etags: true,
    });
    for (let f = 0; f < workload.feedCount; f++) await feeds.add(workload.feedUrl(f));

    const served = () => {
      const log = server.log.splice(0);
      const feedLog = log.filter((r) => r.path.startsWith('/feed'));
      return {
        served304: feedLog.filter((r) => r.status === 304).length,
        served200: feedLog.filter((r) => r.status === 200).length,
        pageFetches: log.filter((r) => r.path.startsWith('/news/')).length,
      };
    };
    const check = () => {
      const urls = lib.list().map((a) => a.url ?? '');
      const distinct = new Set(urls);
      return {
        articles: urls.length,
        stories: workload.expectedUrls.size,
        duplicates: urls.length - distinct.size,
        lost: [...workload.expectedUrls].filter((u) => !distinct.has(u)).length,
      };
    };
    const timedPoll = async (): Promise<{ ms: number; report: PollReport }> => {
      const t = performance.now();
      const report = await feeds.poll({ force: true });
      return { ms: performance.now() - t, report };
    };

    server.log.length = 0;
    opts.log(`  feeds: first poll of ${workload.feedCount} feeds, ${workload.expectedUrls.size} stories`);
    const first = await timedPoll();
    const firstServed = served();
    const firstCheck = check();
    const entries = first.report.added + first.report.updated + first.report.unchanged;
    const seconds = first.ms / 1000;

    const figures = (runs: { ms: number; report: PollReport; served: ReturnType<typeof served> }[]) => {
      const medianMs = median(runs.map((r) => r.ms));
      return {
        runs: runs.length,
        medianMs,
        msPerFeed: medianMs / workload.feedCount,
        notModified: runs.map((r) => r.report.notModified),
        parsed: runs.map((r) => r.report.parsed),
        added: runs.map((r) => r.report.added),
        served304: runs.map((r) => r.served.served304),
        served200: runs.map((r) => r.served.served200),
        pageFetches: runs.map((r) => r.served.pageFetches),
      };
    };

    opts.log(`  feeds: ${opts.unchangedRuns} polls of unchanged feeds`);
    const unchangedRuns = [];
    for (let i = 0; i < opts.unchangedRuns; i++) {
      const run = await timedPoll();
      unchangedRuns.push({ ...run, served: served() });
    }

    const feedsChanged = Math.min(4, workload.feedCount);
    const storiesPerFeed = 5;
    opts.log(`  feeds: ${opts.newItemRuns} polls after adding ${storiesPerFeed} stories to ${feedsChanged} feeds`);
    const newRuns = [];
    for (let i = 0; i < opts.newItemRuns; i++) {
      // Spread over the feeds, the big one included, so each run changes different feeds.
      for (let k = 0; k < feedsChanged; k++) {
        workload.addStories(
          (i + k * Math.floor(workload.feedCount / feedsChanged)) % workload.feedCount,
          storiesPerFeed,
        );
      }
      const run = await timedPoll();
      newRuns.push({ ...run, served: served() });
    }

    return {
      feeds: workload.feedCount,
      bigFeedItems: opts.bigFeedItems,
      otherFeedItems: opts.otherFeedItems,
      sharedPerFeed: opts.sharedPerFeed,
      maxItemsPerPoll,
      concurrency: CONCURRENCY,
      first: {
        seconds,
        entries,
        stories: firstCheck.stories,
        added: first.report.added,
        unchanged: first.report.unchanged,
        failed: first.report.failed.length,
        articles: firstCheck.articles,
        duplicates: firstCheck.duplicates,
        lost: firstCheck.lost,
        pageFetches: firstServed.pageFetches,
        storiesPerSecond: first.report.added / seconds,
        entriesPerSecond: entries / seconds,
      },
      unchanged: figures(unchangedRuns),
      newItems: { ...figures(newRuns), feedsChanged, storiesPerFeed },
      final: check(),
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    close();
    await lib.close();
    await server.stop();
    fs.rmSync(opts.dataDir, { recursive: true, force: true });
  }
}
