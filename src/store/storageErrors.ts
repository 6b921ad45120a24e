import path from 'node:path';
import { QuothError } from '../shared/errors.ts';

/**
 * A write that failed because the disk is full, as one sentence for the user, or null for any other
 * failure. SQLite rolls the article's transaction back, so nothing half-written is left, and every
 * article committed before stays readable (the library opens read-only while it cannot be written).
 */
export function diskFullError(err: unknown, databaseFile: string): QuothError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (code !== 'SQLITE_FULL' && code !== 'ENOSPC') return null;
  return new QuothError(
    `The disk holding ${path.dirname(databaseFile)} is full: the articles stored before it filled are kept; ` +
      'free some space and run the same ingest again to add the rest.',
    'storage',
  );
}
