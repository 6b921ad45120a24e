import type Database from 'better-sqlite3';
import { countSentenceMatches, countSentences } from './fullText.ts';
import { prepared } from './statements.ts';

interface Entry {
  sentences: number | null;
  docFreq: Map<string, number>;
}

/**
 * Sentence statistics of one collection (a Discord server's library), for the IDF weights of
 * sentence scoring. Never pooled across collections: one server's articles must not change another
 * server's answers. Cached per collection and dropped when that collection is written.
 */
export class CollectionStats {
  private readonly cache = new Map<string, Entry>();
  constructor(private readonly db: Database.Database) {}

  private prepare(sql: string): Database.Statement {
    return prepared(this.db, sql);
  }

  private entry(collection: string): Entry {
    let e = this.cache.get(collection);
    if (!e) this.cache.set(collection, (e = { sentences: null, docFreq: new Map() }));
    return e;
  }

  /** Number of sentences of the collection's articles. */
  sentenceCount(collection: string): number {
    const e = this.entry(collection);
    e.sentences ??= countSentences(this.db, collection);
    return e.sentences;
  }

  /** Number of the collection's sentences matching an FTS5 expression (one term's phrase). */
  docFreq(collection: string, termMatch: string): number {
    const e = this.entry(collection);
    let n = e.docFreq.get(termMatch);
    if (n === undefined) {
      n = countSentenceMatches(this.db, collection, termMatch);
      e.docFreq.set(termMatch, n);
    }
    return n;
  }

  /** Forgets a collection's figures; called on every write (which may also add or empty a collection). */
  invalidate(collection: string | undefined): void {
    if (collection !== undefined) this.cache.delete(collection);
  }

  /** The collection an article belongs to (for writes that know only the rowid). */
  collectionOfArticle(rowid: number): string | undefined {
    const row = this.prepare('SELECT collection FROM articles WHERE rowid = ?').get(rowid) as
      | { collection: string }
      | undefined;
    return row?.collection;
  }
}
