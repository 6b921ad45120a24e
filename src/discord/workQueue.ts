/**
 * Runs CPU-bound core calls (ask, search, summarize) a few at a time, and lets the event loop handle
 * pending network I/O before each: a burst of interactions then gets every acknowledgement out
 * within Discord's 3 seconds, instead of later arrivals waiting behind a backlog of answers being
 * computed. In-process the calls are mostly synchronous SQLite and scoring work, so one at a time
 * (the default) finishes none later; with a worker pool the limit is a few per worker, so every
 * worker has its next call waiting while the main thread stays free for Discord.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency = 1) {}

  run<T>(work: () => Promise<T> | T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        // setImmediate fires after the poll phase, so sockets with data (new interactions, REST replies) go first.
        setImmediate(() => {
          Promise.resolve()
            .then(work)
            .then(resolve, reject)
            .finally(() => {
              this.running--;
              this.next();
            });
        });
      });
      this.next();
    });
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      this.running++;
      this.waiting.shift()!();
    }
  }

  /** Calls queued and not yet started. */
  get pending(): number {
    return this.waiting.length;
  }
}
