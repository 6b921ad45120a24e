import { describe, expect, it } from 'vitest';
import { markdownTable, ratio } from '../../bench/lib/report.ts';
import { median, percentile, sample } from '../../bench/lib/stats.ts';
import { DIMENSION, syntheticVectors } from '../../bench/speed/hnsw.ts';
import type { HnswRunResult } from '../../bench/speed/hnsw.ts';
import { feedMarkdown } from '../../bench/speed/feedReport.ts';
import type { FeedBenchResult, FeedPollFigures } from '../../bench/speed/feeds.ts';
import { efFor } from '../../bench/speed/report.ts';
import { questionsFor } from '../../bench/speed/reuters.ts';

describe('percentile', () => {
  it('interpolates between closest ranks like numpy', () => {
    const xs = [15, 20, 35, 40, 50];
    expect(percentile(xs, 0)).toBe(15);
    expect(percentile(xs, 100)).toBe(50);
    expect(percentile(xs, 50)).toBe(35);
    expect(percentile(xs, 40)).toBeCloseTo(29, 10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBeCloseTo(9.55, 10);
    expect(median([3, 1, 2, 4])).toBe(2.5);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });
});

describe('sample', () => {
  it('is deterministic for a seed and never repeats an item', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const a = sample(items, 10, 7);
    expect(sample(items, 10, 7)).toEqual(a);
    expect(new Set(a).size).toBe(10);
    expect(sample(items, 200, 1)).toHaveLength(100);
  });
});

describe('syntheticVectors', () => {
  it('makes unit vectors, the same for the same seed', () => {
    const v = syntheticVectors(5, 1);
    expect(v).toHaveLength(5 * DIMENSION);
    for (let r = 0; r < 5; r++) {
      let norm = 0;
      for (let d = 0; d < DIMENSION; d++) norm += v[r * DIMENSION + d]! ** 2;
      expect(norm).toBeCloseTo(1, 5);
    }
    expect(syntheticVectors(5, 1)).toEqual(v);
    expect(syntheticVectors(5, 2)).not.toEqual(v);
  });
});

describe('efFor', () => {
  it('finds the smallest ef reaching a recall target', () => {
    const run = {
      efs: [
        { ef: 16, recallAt10: 0.8, recallAt50: null, queriesPerSecond: 1 },
        { ef: 64, recallAt10: 0.96, recallAt50: 0.9, queriesPerSecond: 1 },
        { ef: 256, recallAt10: 0.99, recallAt50: 0.97, queriesPerSecond: 1 },
      ],
    } as HnswRunResult;
    expect(efFor(run, 0.95, 10)).toBe(64);
    expect(efFor(run, 0.95, 50)).toBe(256);
    expect(efFor(run, 0.999, 10)).toBeNull();
  });
});

describe('questionsFor', () => {
  it('asks about headlines and story openings', () => {
    const stories = [
      {
        newid: 1,
        title: 'BAHIA COCOA REVIEW',
        body: 'Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought.',
      },
      { newid: 2, title: '', body: 'The dry period means the temporao will be late this year.' },
    ];
    const qs = questionsFor(stories, 2, 3);
    expect(qs).toHaveLength(2);
    for (const q of qs) expect(q === 'What happened with bahia cocoa review?' || q.endsWith('?')).toBe(true);
  });
});

describe('report helpers', () => {
  it('renders markdown tables and ratios', () => {
    expect(
      markdownTable(
        ['a', 'b'],
        [
          ['x|y', 1.5],
          [null, Number.NaN],
        ],
      ),
    ).toBe('| a | b |\n| --- | ---: |\n| x\\|y | 1.5 |\n| – | – |');
    expect(ratio(0.8, 0.4)).toBe('2.00×');
    expect(ratio(0.8, 0)).toBe('–');
  });
});

describe('everyNth', () => {
  it('spells ordinals', async () => {
    const { everyNth } = await import('../../bench/eval/squad.ts');
    expect(everyNth(1, 'question')).toBe('every question');
    expect(everyNth(3, 'question')).toBe('every 3rd question');
    expect(everyNth(10, 'question')).toBe('every 10th question');
    expect(everyNth(12, 'item')).toBe('every 12th item');
    expect(everyNth(22, 'item')).toBe('every 22nd item');
  });

  it('writes the feed section: per-poll counts, a range where runs differed', () => {
    const poll = (over: Partial<FeedPollFigures>): FeedPollFigures => ({
      runs: 2,
      medianMs: 40,
      msPerFeed: 2,
      notModified: [20, 20],
      parsed: [0, 0],
      added: [0, 0],
      served304: [20, 20],
      served200: [0, 0],
      pageFetches: [0, 0],
      ...over,
    });
    const result: FeedBenchResult = {
      feeds: 20,
      bigFeedItems: 1000,
      otherFeedItems: 50,
      sharedPerFeed: 5,
      maxItemsPerPoll: 1005,
      concurrency: 4,
      first: {
        seconds: 40,
        entries: 2050,
        stories: 1950,
        added: 1950,
        unchanged: 100,
        failed: 0,
        articles: 1950,
        duplicates: 0,
        lost: 0,
        pageFetches: 1950,
        storiesPerSecond: 48.75,
        entriesPerSecond: 51.25,
      },
      unchanged: poll({ served304: [19, 20], served200: [1, 0], parsed: [1, 0] }),
      newItems: { ...poll({ added: [20, 20], parsed: [4, 4] }), feedsChanged: 4, storiesPerFeed: 5 },
      final: { articles: 1990, stories: 1990, duplicates: 0, lost: 0 },
      peakRssMiB: 500,
    };
    const md = feedMarkdown(result).join('\n');
    expect(md).toContain('## Feeds: 20 feeds polled together, one of 1,000 items');
    expect(md).toContain('| 1 run | 1,950 | 2,050 | 1,950 | 0 | 0 | 1,950 | 40.0 | 48.8 | 51.3 | 500 |');
    expect(md).toContain('| unchanged feeds | 2 | 40.0 | 2.00 | 19–20 / 20 | 0–1 | 0–1 | 0 | 0 |');
    expect(md).toContain('| 5 new stories in 4 feeds | 2 | 40.0 | 2.00 | 20 / 20 | 0 | 4 | 0 | 20 |');
    expect(md).toContain('1,990 articles for 1,990 stories served: 0 duplicates, 0 lost.');
  });
});
