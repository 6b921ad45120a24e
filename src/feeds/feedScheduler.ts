// Runs FeedService.poll when the next feed is due, for long-running hosts (the Discord bot, the
// console). One timer at a time, re-armed after each poll from the feeds' own schedules, so an idle
// library with rarely-changing feeds wakes up rarely.
import { oneLine } from '../shared/errors.ts';
import type { FeedService, PollReport } from './feedService.ts';

export interface FeedSchedulerOptions {
  /** Poll only this collection's feeds (the console's); all collections when absent (the bot's). */
  collection?: string;
  /** Called after every poll that polled at least one feed (announcements are in the report). */
  onReport: (report: PollReport) => void | Promise<void>;
  onError?: (message: string) => void;
  /**
   * Upper bound on one sleep (default 10 minutes), so feeds added to the database by another
   * process are picked up; feeds added through this FeedService wake the scheduler at once.
   */
  maxSleepMs?: number;
}

/**
 * Starts polling; returns a function that stops it and waits for a poll in progress (so do not
 * await it from inside onReport, which that poll is waiting on).
 */
export function startFeedPolling(feeds: FeedService, opts: FeedSchedulerOptions): () => Promise<void> {
  const maxSleep = opts.maxSleepMs ?? 10 * 60 * 1000;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const tick = async (): Promise<void> => {
    timer = null;
    try {
      const report = await feeds.poll({ collection: opts.collection });
      if (report.polled > 0 && !stopped) await opts.onReport(report);
    } catch (err) {
      opts.onError?.(oneLine(err));
    }
    arm();
  };

  const arm = (): void => {
    if (stopped) return;
    const wait = Math.min(feeds.msUntilNextPoll({ collection: opts.collection }) ?? maxSleep, maxSleep);
    timer = setTimeout(() => {
      running = tick();
    }, wait);
    // A pending poll must not keep a CLI process alive on its own.
    timer.unref();
  };

  // A feed added while the scheduler sleeps is due now: sleep no longer. During a poll there is no
  // timer; the poll re-arms when it ends and then finds the new feed due.
  const stopWaking = feeds.onFeedAdded((feed) => {
    if (!timer || (opts.collection !== undefined && feed.collection !== opts.collection)) return;
    clearTimeout(timer);
    arm();
  });

  arm();
  return async () => {
    stopped = true;
    stopWaking();
    if (timer) clearTimeout(timer);
    await running;
  };
}
