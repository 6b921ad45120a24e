// What `quoth repair` can still read from a damaged database: the articles rows, one by one, so a
// damaged page costs the rows on it and not the whole table. Sentences, chunks, full-text indexes
// and vectors are all derived from an article's text and are made again by storing it anew.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { ArticleInput } from './schema.ts';

export interface SalvagedArticle extends ArticleInput {
  addedAt: string;
}

export interface Salvage {
  articles: SalvagedArticle[];
  /** Rowids that could not be read (or held a row that made no sense). */
  unreadable: number;
}

/** After this many unreadable rowids in a row, with no readable maximum, the table is taken to end. */
const GIVE_UP_AFTER = 1000;

/** Moves the database (and its WAL and shared-memory files) aside as `<file>.damaged-<time>`. */
export function moveAside(file: string): string {
  const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
  }
  return aside;
}

export function salvageArticles(file: string): Salvage {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return { articles: [], unreadable: 0 };
  }
  try {
    let max = -1;
    try {
      max = (db.prepare('SELECT max(rowid) AS m FROM articles').get() as { m: number | null }).m ?? 0;
    } catch {
      // The table's rightmost page is damaged: walk rowids until a long run reads nothing.
    }
    let row: Database.Statement;
    try {
      row = db.prepare(
        `SELECT id, collection, source, title, url, byline, published_at, added_at, content_hash, text
         FROM articles WHERE rowid = ?`,
      );
    } catch {
      return { articles: [], unreadable: 0 };
    }
    const articles: SalvagedArticle[] = [];
    let unreadable = 0;
    let misses = 0;
    for (let rowid = 1; max >= 0 ? rowid <= max : misses < GIVE_UP_AFTER; rowid++) {
      try {
        const r = row.get(rowid) as Record<string, unknown> | undefined;
        if (r === undefined) {
          misses++;
          continue;
        }
        const article = articleOf(r);
        if (article) articles.push(article);
        else unreadable++;
        misses = 0;
      } catch {
        unreadable++;
        misses++;
      }
    }
    return { articles, unreadable };
  } finally {
    db.close();
  }
}

function articleOf(r: Record<string, unknown>): SalvagedArticle | null {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const [id, collection, source, title, text, hash] = [r.id, r.collection, r.source, r.title, r.text, r.content_hash];
  if (![id, collection, source, title, text, hash].every((v) => typeof v === 'string' && v !== '')) return null;
  return {
    id: id as string,
    collection: collection as string,
    source: source as string,
    title: title as string,
    text: text as string,
    contentHash: hash as string,
    url: str(r.url),
    byline: str(r.byline),
    publishedAt: str(r.published_at),
    addedAt: str(r.added_at) ?? new Date().toISOString(),
  };
}
