// Feed subscriptions, the items seen in them and the stories removed by hand, in the library's own
// SQLite database (its own tables, feedTables.ts, created on open). Items map to article ids of the
// library; an item whose article is gone is a removed story, kept in feed_tombstones so polling
// never re-adds it.
import type Database from 'better-sqlite3';
import { FEED_SCHEMA, type FeedItemRow, type FeedRow } from './feedTables.ts';
import { OutboxStore } from './outboxStore.ts';

export type { FeedItemRow, FeedRow } from './feedTables.ts';

/** The ways one story is recognised: any one of them equal means the same story. */
export interface StoryKeys {
  guid: string | null;
  link: string | null;
  canonicalUrl: string | null;
  contentHash: string | null;
}

/** A guid with a scheme (http:, urn:, tag:) names one story everywhere; a bare one is only unique in its feed. */
const GLOBAL_ID = /^[a-z][a-z\d+.-]*:\S/i;

export class FeedStore {
  readonly outbox: OutboxStore;

  constructor(readonly db: Database.Database) {
    db.exec(FEED_SCHEMA);
    this.outbox = new OutboxStore(db);
  }

  addFeed(f: {
    collection: string;
    url: string;
    title: string;
    channelId: string | null;
    intervalS: number;
    nextPollAt: number;
  }): FeedRow {
    const info = this.db
      .prepare(
        `INSERT INTO feeds (collection, url, title, channel_id, interval_s, next_poll_at, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(f.collection, f.url, f.title, f.channelId, f.intervalS, f.nextPollAt, new Date().toISOString());
    return this.feed(Number(info.lastInsertRowid))!;
  }

  feed(id: number): FeedRow | undefined {
    return this.db.prepare('SELECT * FROM feeds WHERE id = ?').get(id) as FeedRow | undefined;
  }

  feedByUrl(collection: string, url: string): FeedRow | undefined {
    return this.db.prepare('SELECT * FROM feeds WHERE collection = ? AND url = ?').get(collection, url) as
      | FeedRow
      | undefined;
  }

  /** All feeds, or one collection's, oldest first. */
  feeds(collection?: string): FeedRow[] {
    return (
      collection === undefined
        ? this.db.prepare('SELECT * FROM feeds ORDER BY id').all()
        : this.db.prepare('SELECT * FROM feeds WHERE collection = ? ORDER BY id').all(collection)
    ) as FeedRow[];
  }

  /** Deletes the feed, its item rows and its pending announcements (explicitly: foreign_keys may be off). */
  removeFeed(id: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM feed_items WHERE feed_id = ?').run(id);
      this.outbox.deleteFeed(id);
      this.db.prepare('DELETE FROM feeds WHERE id = ?').run(id);
    })();
  }

  updateFeed(id: number, fields: Partial<Omit<FeedRow, 'id' | 'collection' | 'url' | 'added_at'>>): void {
    const keys = Object.keys(fields);
    if (keys.length === 0) return;
    const set = keys.map((k) => `${k} = @${k}`).join(', ');
    this.db.prepare(`UPDATE feeds SET ${set} WHERE id = @id`).run({ ...fields, id });
  }

  /** Articles of the feed that are still in the library (the join skips removed ones). */
  articleCount(feedId: number): number {
    const row = this.db
      .prepare(
        `SELECT COUNT(DISTINCT fi.article_id) AS n FROM feed_items fi
         JOIN articles a ON a.collection = fi.collection AND a.id = fi.article_id WHERE fi.feed_id = ?`,
      )
      .get(feedId) as { n: number };
    return row.n;
  }

  /**
   * Items of `collection` that are the same story as `keys`, this feed's own rows first. A guid only
   * identifies a story across feeds when it is a URL, URN or tag URI: bare guids ("1234") are post
   * numbers that two feeds may both use. `itemHash` finds this feed's own item when it has no other key.
   */
  matchingItems(collection: string, feedId: number, keys: StoryKeys, itemHash: string | null = null): FeedItemRow[] {
    const clauses: string[] = [];
    const params: (string | number)[] = [];
    // Each term carries the collection so SQLite looks each key up in its own index (a multi-index
    // OR); `collection = ? AND (a OR b …)` scanned every item of the collection for every entry.
    const add = (clause: string, ...values: (string | number | null)[]): void => {
      if (values[0] === null || values[0] === undefined) return;
      clauses.push(`(collection = ? AND ${clause})`);
      params.push(collection, ...(values as (string | number)[]));
    };
    // `+feed_id`: look the guid up by (collection, guid), not by scanning the feed's items.
    if (keys.guid !== null && GLOBAL_ID.test(keys.guid)) add('guid = ?', keys.guid);
    else add('guid = ? AND +feed_id = ?', keys.guid, feedId);
    add('link = ?', keys.link);
    add('canonical_url = ?', keys.link);
    add('canonical_url = ?', keys.canonicalUrl);
    add('link = ?', keys.canonicalUrl);
    add('content_hash = ?', keys.contentHash);
    add('item_hash = ? AND feed_id = ?', itemHash, feedId);
    if (clauses.length === 0) return [];
    return this.db
      .prepare(`SELECT * FROM feed_items WHERE ${clauses.join(' OR ')} ORDER BY (feed_id = ?) DESC, id`)
      .all(...params, feedId) as FeedItemRow[];
  }

  /**
   * Records (or refreshes) this feed's row for a story, and with `announce` its pending announcement
   * in the same transaction: once the item is seen the next poll will not find the story new again.
   */
  saveItem(
    feedId: number,
    collection: string,
    keys: StoryKeys,
    itemHash: string,
    articleId: string,
    existingId?: number,
    announce?: { batch: string; link: string | null },
  ): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      if (existingId !== undefined) {
        this.db
          .prepare(
            `UPDATE feed_items SET guid = ?, link = ?, canonical_url = COALESCE(?, canonical_url), item_hash = ?,
             content_hash = COALESCE(?, content_hash), article_id = ?, seen_at = ? WHERE id = ?`,
          )
          .run(keys.guid, keys.link, keys.canonicalUrl, itemHash, keys.contentHash, articleId, now, existingId);
      } else {
        this.db
          .prepare(
            `INSERT INTO feed_items
             (feed_id, collection, guid, link, canonical_url, item_hash, content_hash, article_id, seen_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(feedId, collection, keys.guid, keys.link, keys.canonicalUrl, itemHash, keys.contentHash, articleId, now);
      }
      if (announce) this.outbox.add(feedId, announce.batch, articleId, announce.link, Date.now());
    })();
  }

  /** Tombstones every key of every item that maps to the removed article. */
  tombstoneArticle(collection: string, articleId: string): void {
    const items = this.db
      .prepare('SELECT * FROM feed_items WHERE collection = ? AND article_id = ?')
      .all(collection, articleId) as FeedItemRow[];
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO feed_tombstones (collection, key, article_id, removed_at) VALUES (?, ?, ?, ?)',
    );
    const now = new Date().toISOString();
    this.db.transaction(() => {
      for (const item of items) for (const key of tombstoneKeys(item)) insert.run(collection, key, articleId, now);
    })();
  }

  /** The tombstone matching any of the story's keys. */
  tombstone(collection: string, keys: StoryKeys): { key: string; article_id: string } | undefined {
    const candidates = tombstoneKeys({
      guid: keys.guid,
      link: keys.link,
      canonical_url: keys.canonicalUrl,
      content_hash: keys.contentHash,
    });
    const find = this.db.prepare('SELECT key, article_id FROM feed_tombstones WHERE collection = ? AND key = ?');
    for (const key of candidates) {
      const row = find.get(collection, key) as { key: string; article_id: string } | undefined;
      if (row) return row;
    }
    return undefined;
  }

  /** Adds a story's keys to a removed article's tombstones (a link found to lead to it). */
  extendTombstone(collection: string, articleId: string, keys: StoryKeys): void {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO feed_tombstones (collection, key, article_id, removed_at) VALUES (?, ?, ?, ?)',
    );
    const row = { guid: keys.guid, link: keys.link, canonical_url: keys.canonicalUrl, content_hash: keys.contentHash };
    for (const key of tombstoneKeys(row)) insert.run(collection, key, articleId, new Date().toISOString());
  }

  /** Lifts the tombstones of an article re-added by hand. */
  liftTombstones(collection: string, articleId: string): void {
    this.db.prepare('DELETE FROM feed_tombstones WHERE collection = ? AND article_id = ?').run(collection, articleId);
  }

  /** The id of the stored article whose source is `source` (the library keys URL articles by canonical URL). */
  articleIdBySource(collection: string, source: string): string | null {
    const row = this.db
      .prepare('SELECT id FROM articles WHERE collection = ? AND source = ?')
      .get(collection, source) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** The id of the stored article with this content hash (see QuothLibrary's storeArticle). */
  articleIdByContentHash(collection: string, hash: string): string | null {
    const row = this.db
      .prepare('SELECT id FROM articles WHERE collection = ? AND content_hash = ?')
      .get(collection, hash) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** Whether any feed's item refers to the article (one stored by a feed, not by hand or by an interrupted poll). */
  articleHasItems(collection: string, articleId: string): boolean {
    const row = this.db.prepare('SELECT 1 FROM feed_items WHERE collection = ? AND article_id = ?');
    return row.get(collection, articleId) !== undefined;
  }

  articleExists(collection: string, articleId: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM articles WHERE collection = ? AND id = ?').get(collection, articleId) !== undefined
    );
  }
}

function tombstoneKeys(item: Pick<FeedItemRow, 'guid' | 'link' | 'canonical_url' | 'content_hash'>): string[] {
  const keys: string[] = [];
  if (item.guid && GLOBAL_ID.test(item.guid)) keys.push(`guid:${item.guid}`);
  // Links and canonical URLs share a key space: one story's link is often another feed's canonical URL.
  if (item.link) keys.push(`url:${item.link}`);
  if (item.canonical_url) keys.push(`url:${item.canonical_url}`);
  if (item.content_hash) keys.push(`content:${item.content_hash}`);
  return [...new Set(keys)];
}
