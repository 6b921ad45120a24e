// How an edge (CLI, console, bot) gets a FeedService for an open library. The feed tables live in
// the library's own database file; they get their own connection so the library's store stays
// private to the core, and WAL lets the two connections work side by side.
import type { QuothLibrary } from '../core/library.ts';
import { LibraryStore } from '../store/libraryStore.ts';
import { FeedService, type FeedServiceOptions } from './feedService.ts';

export interface OpenFeeds {
  feeds: FeedService;
  /** Closes the feed connection (not the library). */
  close(): void;
}

export function openFeeds(lib: QuothLibrary, opts: Omit<FeedServiceOptions, 'db'> = {}): OpenFeeds {
  const store = LibraryStore.open(lib.config.dataDir);
  return { feeds: new FeedService(lib, { ...opts, db: store.db }), close: () => store.close() };
}
