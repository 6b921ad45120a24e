// The feed section of the bench report (bench/speed/feeds.ts measures it).
import { markdownTable } from '../lib/report.ts';
import type { FeedBenchResult, FeedPollFigures } from './feeds.ts';

const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const int = (x: number) => Math.round(x).toLocaleString('en-US');
/** "20" when every run gave the same count, else "19–20": a per-run count that varied shows as a range. */
const counts = (xs: number[]) => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? int(lo) : `${int(lo)}–${int(hi)}`;
};

function pollRow(label: string, p: FeedPollFigures): (string | number)[] {
  return [
    label,
    p.runs,
    f(p.medianMs),
    f(p.msPerFeed, 2),
    `${counts(p.served304)} / ${counts(p.notModified)}`,
    counts(p.served200),
    counts(p.parsed),
    counts(p.pageFetches),
    counts(p.added),
  ];
}

export function feedMarkdown(r: FeedBenchResult): string[] {
  const first = r.first;
  const others = r.feeds - 1;
  return [
    '',
    `## Feeds: ${r.feeds} feeds polled together, one of ${int(r.bigFeedItems)} items`,
    '',
    `A real HTTP server on 127.0.0.1 serves ${r.feeds} feeds (RSS and Atom alternately) with ETags: one feed of ` +
      `${int(r.bigFeedItems)} stories, ${others} of ${r.otherFeedItems}, and each feed also carries ` +
      `${r.sharedPerFeed} of its neighbour's stories under its own guids (one story in two feeds), plus an ` +
      'article page per story. `FeedService.poll` polls all feeds, ' +
      `${r.concurrency} at a time, into a lexical library (real SQLite), fetching and extracting each new ` +
      `story's page like \`/add\`; the per-poll item cap is raised to ${int(r.maxItemsPerPoll)} so the big feed ` +
      'is taken in one poll. Duplicates and lost stories are counted from the library against the ' +
      "canonical URLs served; 304s, feed documents parsed and page fetches come from both FeedService's " +
      "report and the server's own request log. In a child process of its own.",
    '',
    markdownTable(
      [
        'first poll',
        'stories served',
        'feed entries',
        'stored',
        'duplicates',
        'lost',
        'pages fetched',
        's',
        'stories/s',
        'entries/s',
        'peak RSS MiB',
      ],
      [
        [
          `1 run`,
          int(first.stories),
          int(first.entries),
          int(first.articles),
          int(first.duplicates),
          int(first.lost),
          int(first.pageFetches),
          f(first.seconds),
          f(first.storiesPerSecond),
          f(first.entriesPerSecond),
          int(r.peakRssMiB),
        ],
      ],
    ),
    '',
    markdownTable(
      [
        'next polls',
        'runs',
        'median ms per poll',
        'ms per feed',
        '304 (server / FeedService)',
        '200 (server)',
        'parsed (FeedService)',
        'pages fetched',
        'stories added',
      ],
      [
        pollRow('unchanged feeds', r.unchanged),
        pollRow(`${r.newItems.storiesPerFeed} new stories in ${r.newItems.feedsChanged} feeds`, r.newItems),
      ],
    ),
    '',
    `Counts are per poll (a range when runs differed). After all polls the library holds ${int(r.final.articles)} ` +
      `articles for ${int(r.final.stories)} stories served: ${int(r.final.duplicates)} duplicates, ` +
      `${int(r.final.lost)} lost.`,
  ];
}
