import type Database from 'better-sqlite3';
import { FTS_TOKENIZER } from './ftsTokenizer.ts';
import { sentenceTextTable } from './fullText.ts';

/** An indexed term of a collection's sentences (a Porter stem, diacritics removed) and how many sentences hold it. */
export interface VocabularyTerm {
  term: string;
  sentences: number;
}

/**
 * The terms of one collection's sentence index, for spelling correction (core/questionSpelling.ts):
 * read through FTS5's fts5vocab tables, so a question word is compared with exactly the terms a
 * search can match, and never with another collection's. Listing the terms reads the whole index,
 * so the list is kept per collection (grouped by length) until the collection is written.
 */
export class SentenceVocabulary {
  private readonly byCollection = new Map<string, Map<number, VocabularyTerm[]>>();
  private tokenizer: { insert: Database.Statement; tokens: Database.Statement; clear: Database.Statement } | null =
    null;

  constructor(
    private readonly db: Database.Database,
    private readonly sentenceText: (sentenceId: number) => string | null,
  ) {}

  /** The collection's terms of the given length (empty for a collection never indexed). */
  termsOfLength(collection: string, length: number): VocabularyTerm[] {
    let byLength = this.byCollection.get(collection);
    if (!byLength) {
      byLength = new Map();
      const table = this.vocabularyTable(collection, 'row');
      if (table) {
        const rows = this.db.prepare(`SELECT term, doc AS sentences FROM ${table}`).all() as VocabularyTerm[];
        for (const row of rows) {
          const n = [...row.term].length;
          const list = byLength.get(n) ?? [];
          list.push(row);
          byLength.set(n, list);
        }
      }
      this.byCollection.set(collection, byLength);
    }
    return byLength.get(length) ?? [];
  }

  /**
   * A word of the collection's text that the index holds as `term` ("Genghis" for "genghi"), or
   * null when none is found: the term is a stem, and a question must be rewritten with a word.
   */
  surfaceOf(collection: string, term: string): string | null {
    const table = this.vocabularyTable(collection, 'instance');
    if (!table) return null;
    const at = this.db.prepare(`SELECT doc, "offset" FROM ${table} WHERE term = ? LIMIT 1`).get(term) as
      | { doc: number; offset: number }
      | undefined;
    const text = at ? this.sentenceText(at.doc) : null;
    if (!at || !text) return null;
    const words = text.match(/[\p{L}\p{N}\p{Co}]+/gu) ?? [];
    // The offset counts the tokenizer's tokens, which the pattern reproduces for ordinary text;
    // the word is checked, and looked for among the others when the two disagree.
    const isTerm = (w: string) => this.tokens(w).join(' ') === term;
    const guess = words[at.offset];
    if (guess && isTerm(guess)) return guess;
    return words.find(isTerm) ?? null;
  }

  /** The terms the library's tokenizer makes of a text, in order. */
  tokens(text: string): string[] {
    if (!this.tokenizer) {
      this.db.exec(
        `CREATE VIRTUAL TABLE IF NOT EXISTS temp.spelling_fts USING fts5 (body, tokenize='${FTS_TOKENIZER}')`,
      );
      this.db.exec(
        `CREATE VIRTUAL TABLE IF NOT EXISTS temp.spelling_tokens USING fts5vocab(temp, spelling_fts, 'instance')`,
      );
      this.tokenizer = {
        insert: this.db.prepare('INSERT INTO temp.spelling_fts (rowid, body) VALUES (1, ?)'),
        tokens: this.db.prepare('SELECT term FROM temp.spelling_tokens ORDER BY "offset"').pluck(),
        clear: this.db.prepare('DELETE FROM temp.spelling_fts'),
      };
    }
    const { insert, tokens, clear } = this.tokenizer;
    return this.db.transaction(() => {
      clear.run();
      insert.run(text);
      const out = tokens.all() as string[];
      clear.run();
      return out;
    })();
  }

  /** Forgets a collection's terms; called on every write. */
  invalidate(collection: string | undefined): void {
    if (collection !== undefined) this.byCollection.delete(collection);
  }

  /** A temp fts5vocab table over the collection's sentence index; its name comes from the index's. */
  private vocabularyTable(collection: string, type: 'row' | 'instance'): string | null {
    const source = sentenceTextTable(this.db, collection);
    if (!source) return null;
    const name = `temp.vocab_${type}_${source}`;
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${name} USING fts5vocab(main, ${source}, '${type}')`);
    return name;
  }
}
