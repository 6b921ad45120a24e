// Feed subscriptions above the library: add / list / remove feeds per collection and poll them
// into articles. Adapters (CLI, console, Discord) call this and render what it returns.
import type Database from 'better-sqlite3';
import { QuothError, oneLine } from '../shared/errors.ts';
import type { FetchTestHooks } from '../ingest/fetchUrl.ts';
import { AnnouncementOutbox } from './announcementOutbox.ts';
import { fetchFeed } from './fetchFeed.ts';
import type { FeedLibrary } from './feedItems.ts';
import { type FeedPollContext, feedFetchOptions, pollFeed } from './feedPoll.ts';
import { FeedStore, type FeedRow } from './feedStore.ts';
import { parseFeedDocument, parseOpmlFeeds } from './parseFeed.ts';
import { type AddedFeed, type AnnouncedArticle, emptyReport, type FeedSummary, type PollReport } from './feedTypes.ts';
import { DEFAULT_INTERVAL_S } from './pollSchedule.ts';

export type { DroppedAnnouncement, PendingAnnouncement } from './announcementOutbox.ts';
export type { AddedFeed, AnnouncedArticle, FeedAnnouncement, FeedSummary, PollReport } from './feedTypes.ts';

export interface FeedServiceLibrary extends FeedLibrary {
  summarize(
    articleId: string,
    opts?: { collection?: string; sentences?: number },
  ): Promise<{ title: string; sentences: { text: string }[] }>;
}

export interface FeedServiceOptions {
  /** The library's own database handle (LibraryStore.db): feed tables live next to the articles. */
  db: Database.Database;
  /** New or edited items ingested per feed per poll; the rest wait for the next poll. */
  maxItemsPerPoll?: number;
  /** Feeds fetched at once during a poll. */
  concurrency?: number;
  /** Epoch milliseconds; tests pass a clock to check scheduling without waiting. */
  now?: () => number;
  /** Test-only: loopback addresses to treat as public, to test the private-address refusal. */
  fetchHooks?: FetchTestHooks;
}

const DEFAULT_MAX_ITEMS_PER_POLL = 50;
const DEFAULT_CONCURRENCY = 4;
const COLLECTION_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export class FeedService {
  readonly store: FeedStore;
  /** Announcements owed to Discord, kept until the bot has posted them (announcementOutbox.ts). */
  readonly outbox: AnnouncementOutbox;
  private readonly maxItems: number;
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly hooks: FetchTestHooks;
  /** What each feed's poll (feedPoll.ts) works with. */
  private readonly pollContext: FeedPollContext;
  /** Polls run one at a time: two overlapping polls of one feed would ingest its new items twice over. */
  private pollQueue: Promise<unknown> = Promise.resolve();
  /** Told of each feed added, so a running scheduler polls it now rather than at its next tick. */
  private readonly addListeners = new Set<(feed: { feedId: number; collection: string }) => void>();

  constructor(
    private readonly lib: FeedServiceLibrary,
    opts: FeedServiceOptions,
  ) {
    this.store = new FeedStore(opts.db);
    this.outbox = new AnnouncementOutbox(this.store, (id, collection, link) => this.announce(id, collection, link));
    this.maxItems = opts.maxItemsPerPoll ?? DEFAULT_MAX_ITEMS_PER_POLL;
    this.concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
    this.now = opts.now ?? Date.now;
    this.hooks = opts.fetchHooks ?? {};
    this.pollContext = {
      lib,
      store: this.store,
      outbox: this.outbox,
      describe: (id, collection, link) => this.announce(id, collection, link),
      hooks: this.hooks,
      maxItems: this.maxItems,
      now: this.now,
    };
  }

  /**
   * Subscribes `collection` to a feed after fetching and parsing it once; it is due at once, and a
   * running scheduler (onFeedAdded) polls it right away. `items`: entries in the feed now, of which
   * the first poll takes up to `firstPollItems` new ones.
   */
  async add(url: string, opts: { collection?: string; channel?: string | null } = {}): Promise<AddedFeed> {
    const collection = collectionOf(opts.collection);
    let feedUrl: string;
    try {
      feedUrl = new URL(url.trim()).href;
    } catch {
      throw new QuothError(`"${url.trim().slice(0, 80)}" is not a valid URL.`);
    }
    const existing = this.store.feedByUrl(collection, feedUrl);
    if (existing) throw new QuothError(`This library already follows ${feedUrl} (feed ${existing.id}).`);
    const res = await fetchFeed(feedUrl, feedFetchOptions(this.lib.config, this.hooks, null));
    if (res.status !== 'ok') {
      throw new QuothError(`${feedUrl} answered 304 Not Modified to a first request.`, 'fetch_failed');
    }
    const feed = parseFeedDocument(res.body, res.finalUrl);
    const row = this.store.addFeed({
      collection,
      url: feedUrl,
      title: feed.title,
      channelId: opts.channel ?? null,
      intervalS: DEFAULT_INTERVAL_S,
      nextPollAt: this.now(),
    });
    for (const listener of this.addListeners) listener({ feedId: row.id, collection });
    const items = feed.entries.length;
    return { feedId: row.id, url: row.url, title: row.title, items, firstPollItems: Math.min(items, this.maxItems) };
  }

  /** Calls `listener` after each feed added; returns the function that stops it. */
  onFeedAdded(listener: (feed: { feedId: number; collection: string }) => void): () => void {
    this.addListeners.add(listener);
    return () => this.addListeners.delete(listener);
  }

  /** Subscribes to every feed of an OPML list; each failure is one line and does not stop the others. */
  async importOpml(
    opml: string,
    opts: { collection?: string; channel?: string | null } = {},
  ): Promise<{
    added: AddedFeed[];
    failed: { url: string; error: string }[];
  }> {
    const out = {
      added: [] as AddedFeed[],
      failed: [] as { url: string; error: string }[],
    };
    for (const { url } of parseOpmlFeeds(opml)) {
      try {
        out.added.push(await this.add(url, opts));
      } catch (err) {
        out.failed.push({ url, error: oneLine(err) });
      }
    }
    return out;
  }

  list(opts: { collection?: string } = {}): { feeds: FeedSummary[] } {
    return { feeds: this.store.feeds(collectionOf(opts.collection)).map((f) => this.summaryOf(f)) };
  }

  /** Unsubscribes; the feed's articles stay in the library. With a collection, only that collection's feed. */
  remove(feedId: number, opts: { collection?: string } = {}): { feedId: number; url: string; title: string } {
    const feed = this.store.feed(feedId);
    if (!feed || (opts.collection !== undefined && feed.collection !== opts.collection)) {
      throw new QuothError(`No feed ${feedId} in this library; \`feed list\` shows the ids.`, 'not_found');
    }
    this.store.removeFeed(feedId);
    return { feedId, url: feed.url, title: feed.title };
  }

  /** Call after an article is removed by hand, so polling never brings it back. */
  articleRemoved(articleId: string, opts: { collection?: string } = {}): void {
    this.store.tombstoneArticle(collectionOf(opts.collection), articleId);
  }

  /** Polls the due feeds (all with `force`), of one collection or all. */
  poll(opts: { collection?: string; force?: boolean } = {}): Promise<PollReport> {
    const run = this.pollQueue.then(() => this.pollNow(opts));
    this.pollQueue = run.catch(() => undefined);
    return run;
  }

  /** Milliseconds until the next feed is due (for a scheduler's timer), or null with no feeds. */
  msUntilNextPoll(opts: { collection?: string } = {}): number | null {
    const feeds = this.store.feeds(opts.collection === undefined ? undefined : collectionOf(opts.collection));
    if (feeds.length === 0) return null;
    return Math.max(0, Math.min(...feeds.map((f) => f.next_poll_at)) - this.now());
  }

  private async pollNow(opts: { collection?: string; force?: boolean }): Promise<PollReport> {
    const collection = opts.collection === undefined ? undefined : collectionOf(opts.collection);
    const now = this.now();
    const due = this.store.feeds(collection).filter((f) => opts.force || f.next_poll_at <= now);
    const report = emptyReport();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < due.length) await pollFeed(this.pollContext, due[next++]!, report);
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, due.length) }, worker));
    report.announcements.sort((a, b) => a.feedId - b.feedId);
    return report;
  }

  private async announce(articleId: string, collection: string, link: string | null): Promise<AnnouncedArticle> {
    const summary = await this.lib.summarize(articleId, { collection, sentences: 1 }).catch(() => null);
    return { articleId, title: summary?.title ?? '', link, summary: summary?.sentences[0]?.text ?? '' };
  }

  private summaryOf(f: FeedRow): FeedSummary {
    return {
      feedId: f.id,
      url: f.url,
      title: f.title,
      channelId: f.channel_id,
      articles: this.store.articleCount(f.id),
      lastPolledAt: f.last_polled_at,
      lastError: f.last_error,
      nextPollAt: new Date(f.next_poll_at).toISOString(),
    };
  }
}

function collectionOf(c: string | undefined): string {
  const collection = c ?? 'default';
  if (!COLLECTION_NAME.test(collection)) throw new QuothError(`"${collection}" is not a valid collection name.`);
  return collection;
}
