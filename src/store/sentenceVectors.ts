// Sentence embeddings, made at ingest and stored compactly, so that answering a question compares
// it with its candidate sentences without running the model on them (with all-MiniLM-L6-v2 that
// cost ~6 ms per sentence, 24 per question). A vector is kept as int8 with one float32 scale:
// 388 bytes for 384 dimensions instead of 1,536, and cosines move by well under 0.01. Each sentence
// has two: `vector` read alone (chunk vectors are made from it, the answer test reads its cosine)
// and `titled` read after its article's title (see embed/sentenceText.ts).
import type Database from 'better-sqlite3';
import type { SentenceRow } from './schema.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sentence_vectors (
  sentence_id INTEGER PRIMARY KEY,
  vector BLOB NOT NULL,
  titled BLOB
);
-- sentences.id is a plain INTEGER PRIMARY KEY, so ids are reused after deletes: a vector must go
-- with its sentence or it would be read for the next sentence given that id.
CREATE TRIGGER IF NOT EXISTS sentence_vectors_follow_sentences AFTER DELETE ON sentences BEGIN
  DELETE FROM sentence_vectors WHERE sentence_id = old.id;
END;
`;

const SCALE_BYTES = 4;

export function quantize(v: Float32Array): Buffer {
  let max = 0;
  for (const x of v) max = Math.max(max, Math.abs(x));
  const scale = max > 0 ? max / 127 : 1;
  const out = Buffer.alloc(SCALE_BYTES + v.length);
  out.writeFloatLE(scale, 0);
  for (let i = 0; i < v.length; i++) out.writeInt8(Math.round(v[i]! / scale), SCALE_BYTES + i);
  return out;
}

export function dequantize(b: Buffer): Float32Array {
  const scale = b.readFloatLE(0);
  const v = new Float32Array(b.length - SCALE_BYTES);
  for (let i = 0; i < v.length; i++) v[i] = b.readInt8(SCALE_BYTES + i) * scale;
  return v;
}

export class SentenceVectors {
  /** False in a read-only library made before titled vectors were stored: it has none to read. */
  private hasTitled: boolean;

  constructor(private readonly db: Database.Database) {
    // A read-only library (full disk, read-only folder) has the table already, or has no vectors.
    if (!db.readonly) db.exec(SCHEMA);
    const columns = db.prepare("SELECT name FROM pragma_table_info('sentence_vectors')").all() as { name: string }[];
    this.hasTitled = columns.some((c) => c.name === 'titled');
    // Libraries made before the titled reading was stored get the column; the healer fills it.
    if (!this.hasTitled && columns.length > 0 && !db.readonly) {
      db.exec('ALTER TABLE sentence_vectors ADD COLUMN titled BLOB');
      this.hasTitled = true;
    }
    // Every open asks how many sentences lack the titled reading (normally none): without this
    // index that count read all 230,000 vectors of 19,000 stories (60 ms).
    if (this.hasTitled && !db.readonly)
      db.exec(
        'CREATE INDEX IF NOT EXISTS sentence_vectors_untitled ON sentence_vectors (sentence_id) WHERE titled IS NULL',
      );
  }

  /** Ids among `ids` that already have a vector. */
  present(ids: number[]): Set<number> {
    if (ids.length === 0) return new Set();
    const rows = this.db
      .prepare('SELECT sentence_id AS id FROM sentence_vectors WHERE sentence_id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids)) as { id: number }[];
    return new Set(rows.map((r) => r.id));
  }

  /** Stores each sentence's plain vector and, when given, its titled one. */
  put(ids: number[], vectors: Float32Array[], titled?: Float32Array[]): void {
    const ins = this.db.prepare(
      'INSERT INTO sentence_vectors (sentence_id, vector, titled) VALUES (?, ?, ?) ' +
        'ON CONFLICT (sentence_id) DO UPDATE SET vector = excluded.vector, titled = coalesce(excluded.titled, titled)',
    );
    this.db.transaction(() =>
      ids.forEach((id, i) => ins.run(id, quantize(vectors[i]!), titled ? quantize(titled[i]!) : null)),
    )();
  }

  /** Adds titled vectors to sentences that have their plain one. */
  putTitled(ids: number[], titled: Float32Array[]): void {
    const upd = this.db.prepare('UPDATE sentence_vectors SET titled = ? WHERE sentence_id = ?');
    this.db.transaction(() => ids.forEach((id, i) => upd.run(quantize(titled[i]!), id)))();
  }

  /** Titled vectors of the given sentences that have one. */
  getTitled(ids: number[]): Map<number, Float32Array> {
    const out = new Map<number, Float32Array>();
    if (ids.length === 0 || !this.hasTitled) return out;
    const rows = this.db
      .prepare(
        'SELECT sentence_id AS id, titled FROM sentence_vectors ' +
          'WHERE titled IS NOT NULL AND sentence_id IN (SELECT value FROM json_each(?))',
      )
      .all(JSON.stringify(ids)) as { id: number; titled: Buffer }[];
    for (const r of rows) out.set(r.id, dequantize(r.titled));
    return out;
  }

  /** How many sentences have a plain vector but no titled one (see embedTitledWhereMissing). */
  missingTitledCount(): number {
    if (!this.hasTitled) return 0;
    return (this.db.prepare('SELECT count(*) AS n FROM sentence_vectors WHERE titled IS NULL').get() as { n: number })
      .n;
  }

  /** Up to `limit` of those sentences, in id order. */
  missingTitled(limit: number): SentenceRow[] {
    return this.db
      .prepare(
        'SELECT s.id, s.article_rowid, s.idx, s.start, s."end" FROM sentence_vectors v ' +
          'JOIN sentences s ON s.id = v.sentence_id WHERE v.titled IS NULL ORDER BY v.sentence_id LIMIT ?',
      )
      .all(limit) as SentenceRow[];
  }

  get(ids: number[]): Map<number, Float32Array> {
    const out = new Map<number, Float32Array>();
    if (ids.length === 0) return out;
    const rows = this.db
      .prepare(
        'SELECT sentence_id AS id, vector FROM sentence_vectors WHERE sentence_id IN (SELECT value FROM json_each(?))',
      )
      .all(JSON.stringify(ids)) as { id: number; vector: Buffer }[];
    for (const r of rows) out.set(r.id, dequantize(r.vector));
    return out;
  }

  /** After a model change: vectors of another model must not be compared with the new one's. */
  clear(): void {
    this.db.prepare('DELETE FROM sentence_vectors').run();
  }

  stats(): { vectors: number; bytes: number } {
    const row = this.db
      .prepare(
        'SELECT count(*) AS n, coalesce(sum(length(vector) + coalesce(length(titled), 0)), 0) AS bytes FROM sentence_vectors',
      )
      .get() as { n: number; bytes: number };
    return { vectors: row.n, bytes: row.bytes };
  }
}
