import type Database from 'better-sqlite3';

/** The meta row every writer bumps after each completed write (ingest, remove, reindex, healing). */
export const GENERATION_KEY = 'generation';

/**
 * Moves the library's generation on. Readers that cache a view of the library (pool workers, other
 * processes on the same data directory) compare it before each request and reopen when it moved
 * (src/pool/generation.ts). Bumped by the library itself, so a `quoth ingest` into a running bot's
 * data directory reaches the bot's workers as its own `/add` does.
 */
export function bumpGeneration(db: Database.Database): boolean {
  try {
    db.prepare(
      `INSERT INTO meta (key, value) VALUES ('${GENERATION_KEY}', '1')
       ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`,
    ).run();
    return true;
  } catch {
    // A full disk or a lock held past the busy timeout: readers catch up at the next write's bump,
    // and the write itself (already committed or already failed) must not be reported otherwise.
    return false;
  }
}
