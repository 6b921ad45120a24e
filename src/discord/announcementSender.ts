// Posts the feed announcements the outbox holds and settles each with what Discord answered. Delivery
// is at-least-once: a message is settled only after Discord accepted it, so a crash between the two
// posts it again on the next start. A refusal that will not change (4xx: unknown channel, missing
// access or permissions, a refused message) drops it; a failure that may pass (5xx after discord.js's
// own retries, a network error or timeout, 429, 401) keeps it for a later attempt with backoff.
import type { Client } from 'discord.js';
import type { AnnouncementOutbox, PendingAnnouncement } from '../feeds/announcementOutbox.ts';
import { oneLine } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import { formatAnnouncement } from './feeds.ts';
import { NO_MENTIONS } from './replies.ts';

export interface SenderOptions {
  /** Wait before the first retry (default a minute), doubled with each failure up to `retryMaxMs`. */
  retryBaseMs?: number;
  /** Longest wait between retries (default an hour). */
  retryMaxMs?: number;
  /** Failed posts after which a message is given up (default 10: about four hours with the default waits). */
  maxAttempts?: number;
}

type PostResult = { ok: true } | { ok: false; permanent: boolean; error: string };

const NOT_OF_ITS_SERVER = 'feed announcement channel is not a channel of its server';

export class AnnouncementSender {
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly maxAttempts: number;
  /** Deliveries run one at a time (two would post a message twice); requests made meanwhile share one run. */
  private tail: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private queuedAll = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly client: Client,
    private readonly outbox: AnnouncementOutbox,
    private readonly log: Logger,
    opts: SenderOptions = {},
  ) {
    this.retryBaseMs = opts.retryBaseMs ?? 60_000;
    this.retryMaxMs = opts.retryMaxMs ?? 60 * 60_000;
    this.maxAttempts = opts.maxAttempts ?? 10;
  }

  /**
   * Posts what is due; with `all`, also what waits out a backoff (at start-up: a restart is a fresh
   * chance, and the backoff was for the process that failed). Never rejects.
   */
  deliver(opts: { all?: boolean } = {}): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.queuedAll ||= opts.all === true;
    if (this.queued) return this.queued;
    const run = this.tail.then(() => {
      this.queued = null;
      const all = this.queuedAll;
      this.queuedAll = false;
      return this.deliverNow(all).catch((err) => {
        this.log.error({ err: oneLine(err) }, 'feed announcements could not be read from the outbox');
      });
    });
    this.queued = run;
    this.tail = run;
    return run;
  }

  /** Stops retrying and waits for a delivery in progress; what is still pending waits for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.tail;
  }

  private async deliverNow(all: boolean): Promise<void> {
    if (this.stopped) return;
    const { announcements, dropped } = await this.outbox.pending(all ? {} : { dueAt: Date.now() });
    for (const d of dropped) {
      this.log.warn(
        { feedId: d.feedId, articles: d.articles, reason: d.reason },
        'dropped a pending feed announcement',
      );
    }
    for (const a of announcements) {
      if (this.stopped) break;
      const result = await post(this.client, a);
      if (result.ok) this.outbox.sent(a);
      else this.settleFailure(a, result);
    }
    this.arm();
  }

  private settleFailure(a: PendingAnnouncement, result: { permanent: boolean; error: string }): void {
    const where = { feedId: a.feedId, channelId: a.channelId, articles: a.articles.length, err: result.error };
    const attempts = a.attempts + 1;
    if (result.permanent || attempts >= this.maxAttempts) {
      this.outbox.drop(a);
      const why = result.permanent ? 'Discord refused it' : `it failed ${attempts} times`;
      this.log.warn(where, result.error === NOT_OF_ITS_SERVER ? result.error : `dropped a feed announcement: ${why}`);
      return;
    }
    const waitMs = Math.min(this.retryBaseMs * 2 ** (attempts - 1), this.retryMaxMs);
    this.outbox.failed(a, result.error, Date.now() + waitMs);
    this.log.warn({ ...where, attempts, retryInMs: waitMs }, 'could not announce new feed articles; will retry');
  }

  /** Wakes up for the earliest retry; new stories need no timer, each poll delivers after it. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const at = this.outbox.nextRetryAt();
    if (this.stopped || at === null) return;
    this.timer = setTimeout(() => void this.deliver(), Math.max(0, at - Date.now()));
    // A pending retry must not keep a stopping process alive.
    this.timer.unref();
  }
}

/** Posts one feed's message in its channel, which must be a channel of the server that follows the feed. */
async function post(client: Client, a: PendingAnnouncement): Promise<PostResult> {
  try {
    const channel = await client.channels.fetch(a.channelId);
    if (!channel || channel.isDMBased() || channel.guildId !== a.collection || !channel.isSendable()) {
      return { ok: false, permanent: true, error: NOT_OF_ITS_SERVER };
    }
    await channel.send({ ...formatAnnouncement(a), allowedMentions: NO_MENTIONS });
    return { ok: true };
  } catch (err) {
    const status = statusOf(err);
    // HTTPError's message is the bare status text ("Internal Server Error"): the number says more.
    const error = status === null ? oneLine(err) : `HTTP ${status}: ${oneLine(err)}`;
    return { ok: false, permanent: isPermanent(status), error };
  }
}

/**
 * discord.js throws DiscordAPIError (4xx, with Discord's code) and HTTPError (5xx, after its own
 * retries), both with `status`; network errors and timeouts have none. 401 is the bot's token, not
 * the message: kept, for when the operator fixes it; 408 and 429 may pass.
 */
function isPermanent(status: number | null): boolean {
  return status !== null && status >= 400 && status < 500 && ![401, 408, 429].includes(status);
}

function statusOf(err: unknown): number | null {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}
