// Acknowledging before discord.js builds an interaction: the router tells from the raw payload
// that a command will start with a deferral (InteractionRouter.deferralFor), the deferral goes out
// at once, and the interaction is built and routed later. The command's own deferReply then sends
// nothing: it gets the early deferral's outcome, as if it had sent it itself.
import { isDeepStrictEqual } from 'node:util';
import type { RequestData, RouteLike } from 'discord.js';

/** POST /interactions/{id}/{token}/callback, the initial response; group 1 is the interaction id. */
export const CALLBACK_ROUTE = /^\/interactions\/(\d+)\/[^/]+\/callback$/;

/**
 * Runs jobs one per turn of the event loop (setImmediate runs after the poll phase), so the
 * interactions that arrive meanwhile are read and acknowledged between any two of them.
 */
export class Later {
  private readonly jobs: (() => void)[] = [];
  private emptied: (() => void)[] = [];

  /** `onError` gets what a job throws: thrown from setImmediate, it would end the process. */
  constructor(private readonly onError: (err: unknown) => void) {}

  push(job: () => void): void {
    this.jobs.push(job);
    if (this.jobs.length === 1) setImmediate(() => this.runOne());
  }

  /** Resolves once every job pushed so far has run. */
  drained(): Promise<void> {
    return this.jobs.length ? new Promise((resolve) => this.emptied.push(resolve)) : Promise.resolve();
  }

  private runOne(): void {
    try {
      this.jobs.shift()!();
    } catch (err) {
      this.onError(err);
    } finally {
      if (this.jobs.length) setImmediate(() => this.runOne());
      else for (const resolve of this.emptied.splice(0)) resolve();
    }
  }
}

/** Deferrals already sent for interactions whose command has yet to call deferReply. */
export class EarlyDeferrals {
  private readonly sent = new Map<string, { body: unknown; outcome: Promise<unknown> }>();

  /** `outcome` settles like the REST call deferReply would have made (resolves once Discord has it). */
  add(interactionId: string, body: unknown, outcome: Promise<unknown>): void {
    // Nobody may ever wait for it (the command failed before deferReply); a rejection must not crash.
    outcome.catch(() => undefined);
    this.sent.set(interactionId, { body, outcome });
  }

  /**
   * The early outcome when `route` is the callback of an interaction deferred early, else null
   * (the request is sent as usual). Throws if the command responds otherwise than promised: a bug
   * (Discord would refuse a second response), which tests/discord/interactions/earlyAck.e2e.test.ts
   * guards.
   */
  take(route: RouteLike, data: RequestData | undefined): Promise<unknown> | null {
    const id = CALLBACK_ROUTE.exec(route)?.[1];
    const early = id === undefined ? undefined : this.sent.get(id);
    if (!early) return null;
    this.sent.delete(id!);
    if (!isDeepStrictEqual(data?.body, early.body)) {
      throw new Error(`the command's response differs from its early acknowledgement: ${JSON.stringify(data?.body)}`);
    }
    return early.outcome;
  }
}
