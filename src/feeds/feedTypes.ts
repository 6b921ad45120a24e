// What FeedService returns; adapters (CLI --json, console, Discord) render these.

export interface AddedFeed {
  feedId: number;
  url: string;
  title: string;
  /** Entries in the feed when it was added. */
  items: number;
  /** How many of them the first poll takes at most (the per-poll cap); the rest come with later polls. */
  firstPollItems: number;
}

export interface FeedSummary {
  feedId: number;
  url: string;
  title: string;
  channelId: string | null;
  articles: number;
  lastPolledAt: string | null;
  lastError: string | null;
  nextPollAt: string;
}

export interface AnnouncedArticle {
  articleId: string;
  title: string;
  link: string | null;
  /** One extractive sentence of the article (a slice of its text), or '' when none could be picked. */
  summary: string;
}

export interface FeedAnnouncement {
  feedId: number;
  feedTitle: string;
  collection: string;
  channelId: string | null;
  articles: AnnouncedArticle[];
}

export interface PollReport {
  polled: number;
  /** Feeds that answered 304 Not Modified (nothing parsed). */
  notModified: number;
  /** Feed documents parsed. */
  parsed: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Stories removed from the library by hand and therefore not re-added. */
  skippedRemoved: number;
  failed: { feedId: number; url: string; error: string }[];
  announcements: FeedAnnouncement[];
}

export function emptyReport(): PollReport {
  return {
    polled: 0,
    notModified: 0,
    parsed: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    skippedRemoved: 0,
    failed: [],
    announcements: [],
  };
}
