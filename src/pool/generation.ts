import path from 'node:path';
import Database from 'better-sqlite3';
import { bumpGeneration, GENERATION_KEY } from '../store/generation.ts';

/** Where LibraryStore keeps the database inside a data directory. */
export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'quoth.db');
}

/**
 * A library generation counter kept in SQLite's meta table. Readers (pool workers, other processes
 * sharing the data directory) compare it before each request and reopen their view when it moved,
 * which drops stale caches (vector index in memory, document frequencies). A row rather than a
 * thread message so that another process's writes are seen too; PRAGMA data_version would also see
 * them, but it moves on every per-article commit in the middle of an ingest, before the writer has
 * saved the vector index file, and a reader reopening then would rebuild the index for nothing.
 */
export class GenerationCounter {
  private readonly db: Database.Database;
  private readonly read: Database.Statement<[], { value: string }>;

  /** `readonly` for workers; the writer's side opens read-write. The database must exist. */
  constructor(dataDir: string, opts: { readonly: boolean }) {
    this.db = new Database(databaseFile(dataDir), { readonly: opts.readonly, fileMustExist: true, timeout: 5000 });
    this.read = this.db.prepare(`SELECT value FROM meta WHERE key = '${GENERATION_KEY}'`);
  }

  current(): number {
    return Number(this.read.get()?.value ?? 0);
  }

  /** Called by the writer once a write is complete (indexes saved); returns the new generation. */
  bump(): number {
    bumpGeneration(this.db);
    return this.current();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
