// One interaction the fake dispatched, and everything the bot answered to it, for tests to await and inspect.
import type { BotReply, Rejection } from './fakeTypes.ts';

export class FakeInteraction {
  private waiters: (() => void)[] = [];
  ack: { type: number; flags: number; at: number } | null = null;
  replies: BotReply[] = [];
  /** Set when the fake refused a response to this interaction. */
  rejections: Rejection[] = [];
  original: Record<string, unknown> | null = null;
  deleted = false;
  /** Delivered over HTTP: settles once the bot's HTTP response has been taken as its callback. */
  httpResponse: Promise<void> | null = null;
  /** Delivered over HTTP: when its 200 response arrived (performance.now()), the moment Discord counts as the ack. */
  httpAnsweredAt: number | null = null;
  /** Delivered over HTTP: when its request was fully written to the endpoint's socket (performance.now()). */
  httpWrittenAt: number | null = null;

  constructor(
    readonly id: string,
    readonly token: string,
    readonly type: number,
    readonly payload: Record<string, unknown>,
    readonly sentAt: number,
  ) {}

  /** The first thing the user sees (a reply, an update, an edit of the deferred reply, a follow-up or choices). */
  reply(timeoutMs = 15_000): Promise<BotReply> {
    return this.nthReply(0, timeoutMs);
  }

  async nthReply(n: number, timeoutMs = 15_000): Promise<BotReply> {
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length <= n) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `No reply #${n + 1} to interaction ${this.id} within ${timeoutMs} ms (ack: ` +
            `${JSON.stringify(this.ack)}, rejections: ${JSON.stringify(this.rejections)})`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.replies[n]!;
  }

  /** Called by the fake when a reply arrives. */
  notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
