// The announcement outbox: each new story of a feed that announces in a channel, pending until the
// bot has posted it. A poll only finds new stories once (the next poll sees them stored), so an
// announcement that lived only in a poll's report was lost to a crash, a restart or a failed post;
// a row here outlives all three. Rows are deleted once Discord accepted the message or the bot gave
// up on it, so the table only ever holds what is still owed.
import type Database from 'better-sqlite3';

export interface OutboxRow {
  id: number;
  feed_id: number;
  /** One poll of one feed: its rows go out as one message, as a poll's report did. */
  batch: string;
  article_id: string;
  link: string | null;
  /** Null until the poll has summarized the story (a crash in between leaves it null). */
  title: string | null;
  summary: string | null;
  /** Epoch milliseconds. */
  created_at: number;
  /** Failed posts so far; a restart does not count. */
  attempts: number;
  /** Epoch milliseconds before which a failed batch is not tried again. */
  next_attempt_at: number;
  last_error: string | null;
}

/** A table of its own, created on open: databases from before the outbox gain it the first time they open. */
export const OUTBOX_SCHEMA = `
CREATE TABLE IF NOT EXISTS feed_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
  batch TEXT NOT NULL,
  article_id TEXT NOT NULL,
  link TEXT,
  title TEXT,
  summary TEXT,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS feed_outbox_feed ON feed_outbox (feed_id, batch);
`;

export class OutboxStore {
  constructor(readonly db: Database.Database) {
    db.exec(OUTBOX_SCHEMA);
  }

  /** Called inside the transaction that records the feed item, so a stored story is never left unowed. */
  add(feedId: number, batch: string, articleId: string, link: string | null, now: number): void {
    this.db
      .prepare('INSERT INTO feed_outbox (feed_id, batch, article_id, link, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(feedId, batch, articleId, link, now);
  }

  describe(batch: string, articleId: string, title: string, summary: string): void {
    this.db
      .prepare('UPDATE feed_outbox SET title = ?, summary = ? WHERE batch = ? AND article_id = ?')
      .run(title, summary, batch, articleId);
  }

  /** Pending rows, oldest batch first; with `dueAt`, only batches not waiting out a backoff. */
  pending(dueAt?: number): OutboxRow[] {
    return (
      dueAt === undefined
        ? this.db.prepare('SELECT * FROM feed_outbox ORDER BY id').all()
        : this.db.prepare('SELECT * FROM feed_outbox WHERE next_attempt_at <= ? ORDER BY id').all(dueAt)
    ) as OutboxRow[];
  }

  /** When the earliest batch that failed before is due again (epoch ms), or null when none did. */
  nextRetryAt(): number | null {
    const row = this.db.prepare('SELECT MIN(next_attempt_at) AS t FROM feed_outbox WHERE attempts > 0').get() as {
      t: number | null;
    };
    return row.t;
  }

  delete(ids: readonly number[]): void {
    const del = this.db.prepare('DELETE FROM feed_outbox WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) del.run(id);
    })();
  }

  failed(ids: readonly number[], error: string, nextAttemptAt: number): void {
    const update = this.db.prepare(
      'UPDATE feed_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?',
    );
    this.db.transaction(() => {
      for (const id of ids) update.run(error, nextAttemptAt, id);
    })();
  }

  deleteFeed(feedId: number): void {
    this.db.prepare('DELETE FROM feed_outbox WHERE feed_id = ?').run(feedId);
  }
}
