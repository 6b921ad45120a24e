import type { LibraryStore } from './libraryStore.ts';

/** Reads each article's text from the database once per request, however many spans quote it. */
export function articleTextCache(store: LibraryStore): (rowid: number) => string {
  const cache = new Map<number, string>();
  return (rowid) => {
    let text = cache.get(rowid);
    if (text === undefined) {
      text = store.articleText(rowid);
      cache.set(rowid, text);
    }
    return text;
  };
}
