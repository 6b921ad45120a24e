// Feeds in the console: the /feed commands, and background polling while the console is open, with
// one line whenever a poll brings in new stories.
import { feedIdOf, renderFeedList, renderPoll } from '../cli/feedCommands.ts';
import { DEFAULT_COLLECTION, type QuothLibrary } from '../core/library.ts';
import { startFeedPolling } from '../feeds/feedScheduler.ts';
import { firstPollNote } from '../feeds/firstPoll.ts';
import type { FeedService, PollReport } from '../feeds/feedService.ts';
import { openFeeds } from '../feeds/openFeeds.ts';

export const FEED_HELP = `  /feed add URL            follow an RSS/Atom/JSON feed (its stories arrive in the background)
  /feed list               the feeds followed, with their last poll and error
  /feed remove FEED_ID     stop following a feed (its articles stay)
  /feed poll               poll every feed now
`;
const USAGE = 'Usage: /feed add URL | /feed list | /feed remove FEED_ID | /feed poll\n';

/** One line for a background poll that added stories; nothing for a quiet one. */
export function backgroundPollLine(r: PollReport): string | null {
  if (r.added === 0) return null;
  const feeds = [...new Set(r.announcements.map((a) => a.feedTitle))].join(', ');
  return `[feeds] ${r.added} new ${r.added === 1 ? 'story' : 'stories'} from ${feeds || 'your feeds'}.\n`;
}

export class ConsoleFeeds {
  readonly feeds: FeedService;
  private readonly closeFeeds: () => void;
  private stopPolling: (() => Promise<void>) | null = null;

  constructor(
    lib: QuothLibrary,
    private readonly out: (s: string) => void,
  ) {
    const opened = openFeeds(lib);
    this.feeds = opened.feeds;
    this.closeFeeds = opened.close;
  }

  /** Starts background polling (again): the scheduler sleeps until the next feed is due or a feed is added. */
  async startPolling(): Promise<void> {
    await this.stopPolling?.();
    // The console is the default collection's; Discord servers' feeds in a shared data directory are the bot's.
    this.stopPolling = startFeedPolling(this.feeds, {
      collection: DEFAULT_COLLECTION,
      onReport: (r) => {
        const line = backgroundPollLine(r);
        if (line) this.out(line);
      },
      onError: (message) => this.out(`[feeds] polling failed: ${message}\n`),
    });
  }

  /** Runs one `/feed …` line; QuothErrors propagate to the console's one-line error. */
  async run(rest: string): Promise<void> {
    const [sub = '', ...args] = rest.split(/\s+/).filter(Boolean);
    switch (sub.toLowerCase()) {
      case 'add': {
        if (args.length !== 1) return this.out('Usage: /feed add URL\n');
        const added = await this.feeds.add(args[0]!);
        // The background scheduler is woken by the add and polls the feed now.
        this.out(`Following feed ${added.feedId}: ${added.title} <${added.url}>; ${firstPollNote(added)}\n`);
        return;
      }
      case 'list':
        return this.out(renderFeedList(this.feeds.list().feeds, '/feed add URL'));
      case 'remove': {
        if (args.length !== 1) return this.out('Usage: /feed remove FEED_ID — /feed list shows the ids.\n');
        const removed = this.feeds.remove(feedIdOf(args[0]!), { collection: DEFAULT_COLLECTION });
        return this.out(`Stopped following feed ${removed.feedId}: ${removed.title}\n`);
      }
      case 'poll':
        return this.out(renderPoll(await this.feeds.poll({ collection: DEFAULT_COLLECTION, force: true })));
      default:
        return this.out(USAGE);
    }
  }

  /** Waits for a poll in progress (it may be ingesting), then closes the feed connection. */
  async close(): Promise<void> {
    await this.stopPolling?.();
    this.stopPolling = null;
    this.closeFeeds();
  }
}
