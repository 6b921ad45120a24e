import type Database from 'better-sqlite3';

/**
 * Sentence statistics of one collection (a Discord server's library), for the IDF weights of
 * sentence scoring. Never pooled across collections: one server's articles must not change another
 * server's answers. Cached per collection and dropped when that collection is written.
 */
export class CollectionStats {
  private readonly cache = new Map<string, { sentences: number | null; docFreq: Map<string, number> }>();

  constructor(private readonly db: Database.Database) {}

  private entry(collection: string): { sentences: number | null; docFreq: Map<string, number> } {
    let e = this.cache.get(collection);
    if (!e) this.cache.set(collection, (e = { sentences: null, docFreq: new Map() }));
    return e;
  }

  /** Number of sentences of the collection's articles. */
  sentenceCount(collection: string): number {
    const e = this.entry(collection);
    e.sentences ??= (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM sentences s JOIN articles a ON a.rowid = s.article_rowid
           WHERE a.collection = ?`,
        )
        .get(collection) as { n: number }
    ).n;
    return e.sentences;
  }

  /** Number of the collection's sentences matching an FTS5 expression (one term's phrase). */
  docFreq(collection: string, termMatch: string): number {
    const e = this.entry(collection);
    let n = e.docFreq.get(termMatch);
    if (n === undefined) {
      n = (
        this.db
          .prepare(
            `SELECT count(*) AS n FROM sentences_fts f JOIN sentences s ON s.id = f.rowid
             JOIN articles a ON a.rowid = s.article_rowid WHERE sentences_fts MATCH ? AND a.collection = ?`,
          )
          .get(termMatch, collection) as { n: number }
      ).n;
      e.docFreq.set(termMatch, n);
    }
    return n;
  }

  /** Forgets a collection's figures; called on every write that touches it. */
  invalidate(collection: string): void {
    this.cache.delete(collection);
  }

  /** The collection an article belongs to (for writes that know only the rowid). */
  collectionOfArticle(rowid: number): string | undefined {
    const row = this.db.prepare('SELECT collection FROM articles WHERE rowid = ?').get(rowid) as
      | { collection: string }
      | undefined;
    return row?.collection;
  }
}
