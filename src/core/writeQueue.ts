// The library's writes, one at a time: two ingests of one source must not race on its row. A write
// is refused once the library is closed or when its database could only be opened read-only.
import { QuothError } from '../shared/errors.ts';
import { bumpGeneration } from '../store/generation.ts';
import type { LibraryStore } from '../store/libraryStore.ts';

export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private isClosed = false;

  constructor(private readonly store: LibraryStore) {}

  get closed(): boolean {
    return this.isClosed;
  }

  /** Runs `work` after the writes queued before it, failed or not. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.isClosed) return Promise.reject(new QuothError('The library is closed.', 'storage'));
    if (this.store.db.readonly) {
      const why = `${this.store.file} is open read-only (the data directory cannot be written: full disk?)`;
      return Promise.reject(new QuothError(`Cannot change the library: ${why}.`, 'storage'));
    }
    // Readers caching a view (pool workers, other processes) reopen at the next generation, even
    // after a failed write: part of it may have committed.
    const run = this.tail.then(work, work).finally(() => bumpGeneration(this.store.db));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Refuses further writes and waits for the queued ones to end. */
  async close(): Promise<void> {
    this.isClosed = true;
    await this.tail.catch(() => undefined);
  }
}
