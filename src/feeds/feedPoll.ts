// One poll of one feed: a conditional fetch, its entries taken in order up to the per-poll cap, the
// stories it added described for their announcement, and the feed's row given its next poll time.
import { oneLine } from '../shared/errors.ts';
import type { FetchTestHooks } from '../ingest/fetchUrl.ts';
import type { AnnouncementOutbox, DescribeArticle } from './announcementOutbox.ts';
import { type FeedFetchOptions, fetchFeed } from './fetchFeed.ts';
import { processEntry, type FeedLibrary, type ItemOutcome } from './feedItems.ts';
import type { FeedRow, FeedStore } from './feedStore.ts';
import { parseFeedDocument } from './parseFeed.ts';
import type { AnnouncedArticle, PollReport } from './feedTypes.ts';
import { nextSchedule, type PollOutcome } from './pollSchedule.ts';

/** What a poll works with, held by FeedService. */
export interface FeedPollContext {
  lib: FeedLibrary;
  store: FeedStore;
  outbox: AnnouncementOutbox;
  /** Titles and summarizes a story added, for its announcement. */
  describe: DescribeArticle;
  hooks: FetchTestHooks;
  /** New or edited items ingested per poll; the rest wait for the next poll. */
  maxItems: number;
  now: () => number;
}

/** Polls `feed` and adds what it found to `report`. */
export async function pollFeed(ctx: FeedPollContext, feed: FeedRow, report: PollReport): Promise<void> {
  // Only a feed with a channel owes announcements; its poll's stories go out as one message.
  const batch = feed.channel_id ? ctx.outbox.begin() : null;
  try {
    await pollFeedInto(ctx, feed, report, batch);
  } finally {
    if (batch) ctx.outbox.end(batch);
  }
}

/** How a feed is fetched: the library's limits, and the feed's validators for a conditional GET. */
export function feedFetchOptions(
  config: FeedLibrary['config'],
  hooks: FetchTestHooks,
  feed: FeedRow | null,
): FeedFetchOptions {
  return {
    timeoutMs: config.fetchTimeoutMs,
    maxBytes: config.maxArticleBytes,
    allowPrivate: config.allowPrivateUrls,
    treatAsPublic: hooks.treatAsPublic,
    etag: feed?.etag ?? null,
    lastModified: feed?.last_modified ?? null,
  };
}

async function pollFeedInto(
  ctx: FeedPollContext,
  feed: FeedRow,
  report: PollReport,
  batch: string | null,
): Promise<void> {
  const { store } = ctx;
  report.polled++;
  const polledAt = new Date(ctx.now()).toISOString();
  let outcome: PollOutcome = 'unchanged';
  let fields: Partial<FeedRow> = {};
  const announced: AnnouncedArticle[] = [];
  try {
    const res = await fetchFeed(feed.url, feedFetchOptions(ctx.lib.config, ctx.hooks, feed));
    if (res.status === 'not_modified') {
      report.notModified++;
    } else {
      const parsed = parseFeedDocument(res.body, res.finalUrl);
      report.parsed++;
      const itemCtx = {
        lib: ctx.lib,
        store,
        collection: feed.collection,
        feedId: feed.id,
        feedUrl: feed.url,
        hooks: ctx.hooks,
        announceBatch: batch,
      };
      let ingested = 0;
      let capped = false;
      let itemFailed = false;
      for (const entry of parsed.entries) {
        if (ingested >= ctx.maxItems) {
          capped = true;
          break;
        }
        let item: ItemOutcome;
        try {
          item = await processEntry(itemCtx, entry);
        } catch (err) {
          report.failed.push({ feedId: feed.id, url: entry.link ?? feed.url, error: oneLine(err) });
          itemFailed = true;
          continue;
        }
        if (item.fetched) ingested++;
        if (item.kind === 'removed') report.skippedRemoved++;
        else report[item.kind]++;
        if (item.kind === 'added') {
          const article = await ctx.describe(item.articleId, feed.collection, entry.link);
          if (batch) store.outbox.describe(batch, article.articleId, article.title, article.summary);
          announced.push(article);
        }
        if (item.kind === 'added' || item.kind === 'updated') outcome = 'changed';
      }
      if (capped) outcome = 'capped';
      // Items left by the cap or failed must be seen again: no validators, so no 304 next time.
      const revisit = capped || itemFailed;
      fields = {
        title: parsed.title,
        etag: revisit ? null : res.etag,
        last_modified: revisit ? null : res.lastModified,
      };
    }
    fields = { ...fields, last_error: null };
  } catch (err) {
    outcome = 'failed';
    const error = oneLine(err);
    fields = { last_error: error };
    report.failed.push({ feedId: feed.id, url: feed.url, error });
  }
  const schedule = nextSchedule({ intervalS: feed.interval_s, failures: feed.failures }, outcome, ctx.now());
  // The feed may have been removed while it was being polled.
  if (store.feed(feed.id)) {
    store.updateFeed(feed.id, {
      ...fields,
      last_polled_at: polledAt,
      interval_s: schedule.intervalS,
      failures: schedule.failures,
      next_poll_at: schedule.nextPollAt,
    });
  }
  if (announced.length > 0) {
    report.announcements.push({
      feedId: feed.id,
      feedTitle: fields.title ?? feed.title,
      collection: feed.collection,
      channelId: feed.channel_id,
      articles: announced,
    });
  }
}
