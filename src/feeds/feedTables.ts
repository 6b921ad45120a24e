// The feed tables in the library's own SQLite database: their SQL, created on open, and the rows
// read from them. feed_tombstones rows are read in place (key, article_id), so they have no type here.

export interface FeedRow {
  id: number;
  collection: string;
  url: string;
  title: string;
  channel_id: string | null;
  etag: string | null;
  last_modified: string | null;
  /** Seconds between polls, adapted to how often the feed changes. */
  interval_s: number;
  /** Epoch milliseconds. */
  next_poll_at: number;
  last_polled_at: string | null;
  last_error: string | null;
  failures: number;
  added_at: string;
}

export interface FeedItemRow {
  id: number;
  feed_id: number;
  collection: string;
  guid: string | null;
  link: string | null;
  canonical_url: string | null;
  /** Hash of the item as the feed shows it (title, link, content): a change means the item was edited. */
  item_hash: string;
  /** Hash of the item's normalized content text, to recognise one story under another guid and link. */
  content_hash: string | null;
  article_id: string;
}

export const FEED_SCHEMA = `
CREATE TABLE IF NOT EXISTS feeds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  collection TEXT NOT NULL,
  url TEXT NOT NULL,
  title TEXT NOT NULL,
  channel_id TEXT,
  etag TEXT,
  last_modified TEXT,
  interval_s INTEGER NOT NULL,
  next_poll_at INTEGER NOT NULL,
  last_polled_at TEXT,
  last_error TEXT,
  failures INTEGER NOT NULL DEFAULT 0,
  added_at TEXT NOT NULL,
  UNIQUE (collection, url)
);
CREATE TABLE IF NOT EXISTS feed_items (
  id INTEGER PRIMARY KEY,
  feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
  collection TEXT NOT NULL,
  guid TEXT,
  link TEXT,
  canonical_url TEXT,
  item_hash TEXT NOT NULL,
  content_hash TEXT,
  article_id TEXT NOT NULL,
  seen_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feed_items_feed ON feed_items (feed_id);
CREATE INDEX IF NOT EXISTS feed_items_guid ON feed_items (collection, guid);
CREATE INDEX IF NOT EXISTS feed_items_link ON feed_items (collection, link);
CREATE INDEX IF NOT EXISTS feed_items_canonical ON feed_items (collection, canonical_url);
CREATE INDEX IF NOT EXISTS feed_items_content ON feed_items (collection, content_hash);
CREATE INDEX IF NOT EXISTS feed_items_article ON feed_items (collection, article_id);
CREATE INDEX IF NOT EXISTS feed_items_item_hash ON feed_items (feed_id, item_hash);
CREATE TABLE IF NOT EXISTS feed_tombstones (
  collection TEXT NOT NULL,
  key TEXT NOT NULL,
  article_id TEXT NOT NULL,
  removed_at TEXT NOT NULL,
  PRIMARY KEY (collection, key)
);
`;
