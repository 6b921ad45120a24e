// Feed polling inside the running bot: the scheduler polls the feeds when they are due, and each
// poll's new articles are announced in the channel their feed names, one message per feed per poll.
// The announcements wait in the feed store's outbox until Discord has accepted them, so what a
// crash, a restart or a failed post left unsent goes out on start-up or at the next attempt.
import type { Client } from 'discord.js';
import { startFeedPolling } from '../feeds/feedScheduler.ts';
import type { FeedService, PollReport } from '../feeds/feedService.ts';
import type { Logger } from '../shared/log.ts';
import { AnnouncementSender, type SenderOptions } from './announcementSender.ts';

export interface FeedPollingOptions {
  /** Longest sleep between looks at the schedule, so a feed added with /feed add is picked up (default 10 minutes). */
  maxSleepMs?: number;
  /** Retries of announcements Discord failed to take (tests shorten the waits). */
  announcements?: SenderOptions;
}

/**
 * Starts polling and posts what an earlier process left pending; the returned function stops both,
 * waiting for a poll (and its announcements) in progress.
 */
export function startBotFeedPolling(
  client: Client,
  feeds: FeedService,
  log: Logger,
  opts: FeedPollingOptions = {},
): () => Promise<void> {
  const sender = new AnnouncementSender(client, feeds.outbox, log, opts.announcements);
  void sender.deliver({ all: true });
  const stopPolling = startFeedPolling(feeds, {
    maxSleepMs: opts.maxSleepMs,
    onError: (message) => log.warn({ err: message }, 'feed poll failed'),
    onReport: async (report) => {
      logReport(report, log);
      await sender.deliver();
    },
  });
  return async () => {
    // Polling first: a poll in progress still announces what it found, then retries stop.
    await stopPolling();
    await sender.stop();
  };
}

function logReport(report: PollReport, log: Logger): void {
  const { polled, added, updated, skippedRemoved, failed } = report;
  log.info({ polled, added, updated, skippedRemoved, failed: failed.length }, 'polled feeds');
  for (const f of failed) log.warn({ feedId: f.feedId, url: f.url, err: f.error }, 'feed item or feed failed');
}
