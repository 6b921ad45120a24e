import type Database from 'better-sqlite3';
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
  /** Whether the database holds one collection only; any write may change it. */
  private soleCollection: string | null | undefined;
  constructor(private readonly db: Database.Database) {}

  private prepare(sql: string): Database.Statement {
    return prepared(this.db, sql);
  }

  private entry(collection: string): Entry {
    let e = this.cache.get(collection);
    if (!e) this.cache.set(collection, (e = { sentences: null, docFreq: new Map() }));
    return e;
  }

  /**
   * True when every article of the database is in this collection (the usual case: one library
   * per bot). Then counts need not join each match to its article to check its collection, which
   * for a common word is most of the cost.
   */
  isOnlyCollection(collection: string): boolean {
    if (this.soleCollection === undefined) {
      const rows = this.prepare('SELECT DISTINCT collection FROM articles LIMIT 2').pluck().all() as string[];
      this.soleCollection = rows.length === 1 ? rows[0]! : null;
    }
    return this.soleCollection === collection;
  }

  /** Number of sentences of the collection's articles. */
  sentenceCount(collection: string): number {
    const e = this.entry(collection);
    if (e.sentences === null) {
      const row = this.isOnlyCollection(collection)
        ? this.prepare('SELECT count(*) AS n FROM sentences').get()
        : this.prepare(
            `SELECT count(*) AS n FROM sentences s JOIN articles a ON a.rowid = s.article_rowid
             WHERE a.collection = ?`,
          ).get(collection);
      e.sentences = (row as { n: number }).n;
    }
    return e.sentences;
  }

  /** Number of the collection's sentences matching an FTS5 expression (one term's phrase). */
  docFreq(collection: string, termMatch: string): number {
    const e = this.entry(collection);
    let n = e.docFreq.get(termMatch);
    if (n === undefined) {
      const row = this.isOnlyCollection(collection)
        ? this.prepare('SELECT count(*) AS n FROM sentences_fts WHERE sentences_fts MATCH ?').get(termMatch)
        : this.prepare(
            `SELECT count(*) AS n FROM sentences_fts f JOIN sentences s ON s.id = f.rowid
             JOIN articles a ON a.rowid = s.article_rowid WHERE sentences_fts MATCH ? AND a.collection = ?`,
          ).get(termMatch, collection);
      n = (row as { n: number }).n;
      e.docFreq.set(termMatch, n);
    }
    return n;
  }

  /** Forgets a collection's figures; called on every write (which may also add or empty a collection). */
  invalidate(collection: string | undefined): void {
    if (collection !== undefined) this.cache.delete(collection);
    this.soleCollection = undefined;
  }

  /** The collection an article belongs to (for writes that know only the rowid). */
  collectionOfArticle(rowid: number): string | undefined {
    const row = this.prepare('SELECT collection FROM articles WHERE rowid = ?').get(rowid) as
      | { collection: string }
      | undefined;
    return row?.collection;
  }
}
