/**
 * Runs CPU-bound core calls (ask, search, summarize) one at a time, and lets the event loop handle
 * pending network I/O before each: a burst of interactions then gets every acknowledgement out
 * within Discord's 3 seconds, instead of later arrivals waiting behind a backlog of answers being
 * computed. The calls are mostly synchronous SQLite and scoring work, so running them concurrently
 * would not finish any sooner on the same thread.
 */
export class WorkQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  run<T>(work: () => Promise<T> | T): Promise<T> {
    this.waiting++;
    // setImmediate fires after the poll phase, so sockets with data (new interactions, REST replies) go first.
    const result = this.tail
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        this.waiting--;
        return work();
      });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Calls queued and not yet started. */
  get pending(): number {
    return this.waiting;
  }
}
