// How an edge (CLI, console, bot) gets a FeedService for an open library. The feed tables live in
// the library's own database file; they get their own connection so the library's store stays
// private to the core, and WAL lets the two connections work side by side.
import type { QuothLibrary } from '../core/library.ts';
import { LibraryStore } from '../store/libraryStore.ts';
import { FeedService, type FeedServiceLibrary, type FeedServiceOptions } from './feedService.ts';

export interface OpenFeeds {
  feeds: FeedService;
  /** Closes the feed connection (not the library). */
  close(): void;
}

/**
 * `through` is what polls ingest and summarize with when it is not `lib` itself: the bot's pooled
 * core, so that every article a poll adds moves the generation and the pool's workers see it.
 */
export function openFeeds(
  lib: QuothLibrary,
  opts: Omit<FeedServiceOptions, 'db'> = {},
  through: FeedServiceLibrary = lib,
): OpenFeeds {
  const store = LibraryStore.open(lib.config.dataDir);
  return { feeds: new FeedService(through, { ...opts, db: store.db }), close: () => store.close() };
}
