// `quoth feed …`: feed subscriptions from the command line. FeedService does the work; this file
// maps its results onto the documented --json shapes and one line per feed for people.
import fs from 'node:fs';
import type { Command } from 'commander';
import type { QuothLibrary } from '../core/library.ts';
import type { FeedService, FeedSummary, PollReport } from '../feeds/feedService.ts';
import { QuothError } from '../shared/errors.ts';
import { print } from './render.ts';

type WithLibrary = <T>(
  open: { withoutModel?: boolean },
  work: (lib: QuothLibrary, collection: string) => Promise<T>,
) => Promise<T>;

interface JsonOption {
  json?: boolean;
}

/** Thrown after the output is printed, to exit non-zero (main.ts turns it into the exit code). */
type ExitWith = (code: number) => Error;

export function feedIdOf(raw: string): number {
  const id = raw.trim();
  if (!/^\d{1,15}$/.test(id)) throw new QuothError(`"${id.slice(0, 40)}" is not a feed id; \`feed list\` shows them.`);
  return Number(id);
}

export function feedListJson(feeds: FeedSummary[]) {
  return {
    feeds: feeds.map((f) => ({
      feedId: f.feedId,
      url: f.url,
      title: f.title,
      articles: f.articles,
      lastPolledAt: f.lastPolledAt,
      lastError: f.lastError,
    })),
  };
}

export function renderFeedList(feeds: FeedSummary[], addHint = '`quoth feed add URL`'): string {
  if (feeds.length === 0) return `No feeds yet. Follow one with ${addHint}.\n`;
  return feeds
    .map(
      (f) =>
        `${f.feedId}  ${f.title} <${f.url}>  ${f.articles} article${f.articles === 1 ? '' : 's'}, ` +
        `last polled ${f.lastPolledAt ?? 'never'}${f.lastError ? ` — failing: ${f.lastError}` : ''}\n`,
    )
    .join('');
}

export function pollJson(r: PollReport) {
  return {
    polled: r.polled,
    added: r.added,
    updated: r.updated,
    unchanged: r.unchanged,
    failed: r.failed.map((f) => ({ feedId: f.feedId, error: f.error })),
  };
}

export function renderPoll(r: PollReport): string {
  const lines = [
    `Polled ${r.polled} feed${r.polled === 1 ? '' : 's'}: added ${r.added}, updated ${r.updated}, ` +
      `unchanged ${r.unchanged}, failed ${r.failed.length}.`,
  ];
  for (const a of r.announcements)
    for (const article of a.articles) lines.push(`  added ${article.articleId} ${article.title} (${a.feedTitle})`);
  for (const f of r.failed) lines.push(`  failed: feed ${f.feedId}: ${f.error}`);
  return `${lines.join('\n')}\n`;
}

function readOpml(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new QuothError(`Cannot read the OPML file ${file}.`, 'not_found');
  }
}

function channelOf(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (!/^\d{1,25}$/.test(raw.trim())) throw new QuothError(`"${raw.slice(0, 40)}" is not a Discord channel id.`);
  return raw.trim();
}

export function addFeedCommands(program: Command, withLibrary: WithLibrary, exitWith: ExitWith): void {
  /** Feed commands that fetch no articles never embed, so they skip loading the model. */
  const withFeeds = <T>(
    open: { withoutModel?: boolean },
    work: (feeds: FeedService, collection: string) => Promise<T>,
  ): Promise<T> =>
    withLibrary(open, async (lib, collection) => {
      // Loaded on use so that the CLI's other commands start without the feed parser.
      const { openFeeds } = await import('../feeds/openFeeds.ts');
      const opened = openFeeds(lib);
      try {
        return await work(opened.feeds, collection);
      } finally {
        opened.close();
      }
    });

  const feed = program
    .command('feed')
    .description('follow RSS/Atom/JSON feeds: their new stories are ingested on `feed poll`');

  feed
    .command('add')
    .description('follow a feed (fetched once now to check it; its stories arrive with the next poll)')
    .argument('<url>', 'the feed URL')
    .option('--channel <id>', 'Discord channel the bot announces new stories in')
    .action(async (url: string, opts: JsonOption & { channel?: string }) => {
      const channel = channelOf(opts.channel);
      const added = await withFeeds({ withoutModel: true }, (feeds, collection) =>
        feeds.add(url, { collection, channel }),
      );
      const { feedId, title } = added;
      // No scheduler runs here: the stories come with the next `feed poll` (or the running bot's).
      print(opts.json, { feedId, url: added.url, title }, `Following feed ${feedId}: ${title} <${added.url}>\n`);
    });

  feed
    .command('import')
    .description('follow every feed of an OPML subscription list')
    .argument('<file>', 'the .opml file')
    .action(async (file: string, opts: JsonOption) => {
      const opml = readOpml(file);
      const result = await withFeeds({ withoutModel: true }, (feeds, collection) =>
        feeds.importOpml(opml, { collection }),
      );
      const lines = [`Imported ${result.added.length} feeds, failed ${result.failed.length}.`];
      for (const a of result.added) lines.push(`  following feed ${a.feedId}: ${a.title} <${a.url}>`);
      for (const f of result.failed) lines.push(`  failed: ${f.error}`);
      const added = result.added.map(({ feedId, url, title }) => ({ feedId, url, title }));
      print(opts.json, { added, failed: result.failed }, `${lines.join('\n')}\n`);
      if (result.failed.length) throw exitWith(1);
    });

  feed
    .command('list')
    .description('the feeds this collection follows, with their last poll and error')
    .action(async (opts: JsonOption) => {
      const { feeds } = await withFeeds({ withoutModel: true }, async (f, collection) => f.list({ collection }));
      print(opts.json, feedListJson(feeds), renderFeedList(feeds));
    });

  feed
    .command('remove')
    .description('stop following a feed (its articles stay in the library)')
    .argument('<feedId>', 'the feed id (see quoth feed list)')
    .action(async (raw: string, opts: JsonOption) => {
      const feedId = feedIdOf(raw);
      const removed = await withFeeds({ withoutModel: true }, async (feeds, collection) =>
        feeds.remove(feedId, { collection }),
      );
      print(opts.json, { removed }, `Stopped following feed ${removed.feedId}: ${removed.title}\n`);
    });

  feed
    .command('poll')
    .description('fetch the feeds that are due (all with --force) and ingest their new stories')
    .option('--force', 'poll every feed now, due or not')
    .action(async (opts: JsonOption & { force?: boolean }) => {
      const report = await withFeeds({}, (feeds, collection) => feeds.poll({ collection, force: opts.force }));
      print(opts.json, pollJson(report), renderPoll(report));
      if (report.failed.length) {
        if (opts.json) for (const f of report.failed) process.stderr.write(`quoth: feed ${f.feedId}: ${f.error}\n`);
        throw exitWith(1);
      }
    });

  for (const command of feed.commands) command.option('--json', 'print one JSON object');
}
