import type Database from 'better-sqlite3';
import { FTS_TOKENIZER } from './ftsTokenizer.ts';

/**
 * Which of a few sentences contain which query terms, found through a small in-memory FTS5 index
 * of just those sentences, built with the library's tokenizer so a term matches exactly as it
 * does in the library's index. Asking the library's sentences_fts instead ("MATCH term AND rowid
 * IN (…)") walks the whole doclist of the term, so a common word cost time in proportion to the
 * library (≈60 ms per question at 19k Reuters stories); this costs in proportion to the
 * candidates. The table lives in the connection's temp schema, which a read-only library can
 * write too, and is emptied after each use.
 */
export class ScratchMatcher {
  private statements: {
    insert: Database.Statement;
    match: Database.Statement;
    clear: Database.Statement;
  } | null = null;

  constructor(private readonly db: Database.Database) {}

  private prepared() {
    if (!this.statements) {
      this.db.exec(
        `CREATE VIRTUAL TABLE IF NOT EXISTS temp.scratch_fts USING fts5 (body, tokenize='${FTS_TOKENIZER}')`,
      );
      this.statements = {
        insert: this.db.prepare('INSERT INTO temp.scratch_fts (rowid, body) VALUES (?, ?)'),
        match: this.db.prepare('SELECT rowid AS id FROM temp.scratch_fts WHERE scratch_fts MATCH ?').pluck(),
        clear: this.db.prepare('DELETE FROM temp.scratch_fts'),
      };
    }
    return this.statements;
  }

  /** For each FTS5 expression, the ids of the sentences matching it. */
  match(expressions: string[], sentences: { id: number; text: string }[]): Map<string, number[]> {
    const { insert, match, clear } = this.prepared();
    const out = new Map<string, number[]>();
    this.db.transaction(() => {
      clear.run();
      for (const s of sentences) insert.run(s.id, s.text);
      for (const e of expressions) out.set(e, match.all(e) as number[]);
      clear.run();
    })();
    return out;
  }
}
