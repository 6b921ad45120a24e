// Feed polling inside the running bot: the scheduler polls the feeds when they are due, and each
// poll's new articles are announced in the channel their feed names, one message per feed per poll.
import type { Client } from 'discord.js';
import { startFeedPolling } from '../feeds/feedScheduler.ts';
import type { FeedAnnouncement, FeedService, PollReport } from '../feeds/feedService.ts';
import { oneLine } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import { formatAnnouncement } from './feeds.ts';
import { NO_MENTIONS } from './replies.ts';

export interface FeedPollingOptions {
  /** Longest sleep between looks at the schedule, so a feed added with /feed add is picked up (default 10 minutes). */
  maxSleepMs?: number;
}

/** Starts polling; the returned function stops it, waiting for a poll (and its announcements) in progress. */
export function startBotFeedPolling(
  client: Client,
  feeds: FeedService,
  log: Logger,
  opts: FeedPollingOptions = {},
): () => Promise<void> {
  return startFeedPolling(feeds, {
    maxSleepMs: opts.maxSleepMs,
    onError: (message) => log.warn({ err: message }, 'feed poll failed'),
    onReport: async (report) => {
      logReport(report, log);
      for (const a of report.announcements) if (a.channelId) await announce(client, a, log);
    },
  });
}

function logReport(report: PollReport, log: Logger): void {
  const { polled, added, updated, skippedRemoved, failed } = report;
  log.info({ polled, added, updated, skippedRemoved, failed: failed.length }, 'polled feeds');
  for (const f of failed) log.warn({ feedId: f.feedId, url: f.url, err: f.error }, 'feed item or feed failed');
}

/**
 * Posts one feed's new articles in its channel. A channel that is gone, or one the bot may not post
 * in, costs that announcement only (logged); the articles are in the library either way.
 */
export async function announce(client: Client, a: FeedAnnouncement, log: Logger): Promise<void> {
  try {
    const channel = await client.channels.fetch(a.channelId!);
    // A feed only ever announces inside the server that follows it.
    if (!channel || channel.isDMBased() || channel.guildId !== a.collection || !channel.isSendable()) {
      log.warn(
        { feedId: a.feedId, channelId: a.channelId },
        'feed announcement channel is not a channel of its server',
      );
      return;
    }
    await channel.send({ ...formatAnnouncement(a), allowedMentions: NO_MENTIONS });
  } catch (err) {
    log.warn({ feedId: a.feedId, channelId: a.channelId, err: oneLine(err) }, 'could not announce new feed articles');
  }
}
