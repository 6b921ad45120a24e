// What the bot reads from and acknowledges to the announcement outbox (outboxStore.ts): pending
// stories grouped back into the message of the poll that found them. Delivery policy (what counts as
// a permanent failure, how long to keep trying) is the sender's; this only keeps the books.
import crypto from 'node:crypto';
import type { FeedStore } from './feedStore.ts';
import type { AnnouncedArticle, FeedAnnouncement } from './feedTypes.ts';
import type { OutboxRow } from './outboxStore.ts';

export interface PendingAnnouncement extends FeedAnnouncement {
  channelId: string;
  /** Outbox rows this message settles. */
  ids: number[];
  /** Failed posts of this message so far. */
  attempts: number;
}

/** Pending rows that can no longer be announced, deleted while reading; the sender logs them. */
export interface DroppedAnnouncement {
  feedId: number;
  articles: number;
  reason: string;
}

export type DescribeArticle = (articleId: string, collection: string, link: string | null) => Promise<AnnouncedArticle>;

export class AnnouncementOutbox {
  /** Batches of polls still running: their message waits for the poll's last story. */
  private readonly open = new Set<string>();

  constructor(
    private readonly store: FeedStore,
    private readonly describe: DescribeArticle,
  ) {}

  /** A poll of a feed that announces starts a batch; its stories join it as they are stored. */
  begin(): string {
    const batch = crypto.randomUUID();
    this.open.add(batch);
    return batch;
  }

  end(batch: string): void {
    this.open.delete(batch);
  }

  /**
   * The pending messages, oldest first; with `dueAt` (epoch ms) only those not waiting out a
   * backoff. A story the poll stored but could not summarize before the process ended is
   * summarized now; one removed from the library since is not announced.
   */
  async pending(opts: { dueAt?: number } = {}): Promise<{
    announcements: PendingAnnouncement[];
    dropped: DroppedAnnouncement[];
  }> {
    const batches = new Map<string, OutboxRow[]>();
    for (const row of this.store.outbox.pending(opts.dueAt)) {
      if (this.open.has(row.batch)) continue;
      const rows = batches.get(row.batch);
      if (rows) rows.push(row);
      else batches.set(row.batch, [row]);
    }
    const announcements: PendingAnnouncement[] = [];
    const dropped: DroppedAnnouncement[] = [];
    const drop = (rows: OutboxRow[], reason: string): void => {
      this.store.outbox.delete(rows.map((r) => r.id));
      dropped.push({ feedId: rows[0]!.feed_id, articles: rows.length, reason });
    };
    for (const rows of batches.values()) {
      const feed = this.store.feed(rows[0]!.feed_id);
      if (!feed) {
        drop(rows, 'the feed was removed');
        continue;
      }
      if (!feed.channel_id) {
        drop(rows, 'the feed has no announcement channel');
        continue;
      }
      const kept = rows.filter((r) => this.store.articleExists(feed.collection, r.article_id));
      if (kept.length < rows.length)
        drop(
          rows.filter((r) => !kept.includes(r)),
          'the story was removed',
        );
      if (kept.length === 0) continue;
      const articles: AnnouncedArticle[] = [];
      for (const r of kept) {
        if (r.title !== null) {
          articles.push({ articleId: r.article_id, title: r.title, link: r.link, summary: r.summary ?? '' });
          continue;
        }
        const article = await this.describe(r.article_id, feed.collection, r.link);
        this.store.outbox.describe(r.batch, r.article_id, article.title, article.summary);
        articles.push(article);
      }
      announcements.push({
        feedId: feed.id,
        feedTitle: feed.title,
        collection: feed.collection,
        channelId: feed.channel_id,
        articles,
        ids: kept.map((r) => r.id),
        attempts: Math.max(...kept.map((r) => r.attempts)),
      });
    }
    return { announcements, dropped };
  }

  /** Discord accepted the message: it is owed no more. */
  sent(a: PendingAnnouncement): void {
    this.store.outbox.delete(a.ids);
  }

  /** Given up on (a permanent failure, or too many transient ones). */
  drop(a: PendingAnnouncement): void {
    this.store.outbox.delete(a.ids);
  }

  /** A transient failure: counted, and not tried again before `retryAt` (epoch ms) unless the bot restarts. */
  failed(a: PendingAnnouncement, error: string, retryAt: number): void {
    this.store.outbox.failed(a.ids, error, retryAt);
  }

  /** When the earliest message that failed before is due again (epoch ms), or null when none did. */
  nextRetryAt(): number | null {
    return this.store.outbox.nextRetryAt();
  }
}
