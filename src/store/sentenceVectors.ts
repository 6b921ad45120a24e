// Sentence embeddings, made at ingest and stored compactly, so that answering a question compares
// it with its candidate sentences without running the model on them (with all-MiniLM-L6-v2 that
// cost ~6 ms per sentence, 24 per question). A vector is kept as int8 with one float32 scale:
// 388 bytes for 384 dimensions instead of 1,536, and cosines move by well under 0.01.
import type Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sentence_vectors (
  sentence_id INTEGER PRIMARY KEY,
  vector BLOB NOT NULL
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
  constructor(private readonly db: Database.Database) {
    // A read-only library (full disk, read-only folder) has the table already, or has no vectors.
    if (!db.readonly) db.exec(SCHEMA);
  }

  /** Ids among `ids` that already have a vector. */
  present(ids: number[]): Set<number> {
    if (ids.length === 0) return new Set();
    const rows = this.db
      .prepare('SELECT sentence_id AS id FROM sentence_vectors WHERE sentence_id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids)) as { id: number }[];
    return new Set(rows.map((r) => r.id));
  }

  put(ids: number[], vectors: Float32Array[]): void {
    const ins = this.db.prepare('INSERT OR REPLACE INTO sentence_vectors (sentence_id, vector) VALUES (?, ?)');
    this.db.transaction(() => ids.forEach((id, i) => ins.run(id, quantize(vectors[i]!))))();
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
      .prepare('SELECT count(*) AS n, coalesce(sum(length(vector)), 0) AS bytes FROM sentence_vectors')
      .get() as { n: number; bytes: number };
    return { vectors: row.n, bytes: row.bytes };
  }
}
