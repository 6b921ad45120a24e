// One bench:discord round: N /ask interactions sent at once through the fake Discord, timed from
// dispatch to acknowledgement and to the final reply.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type FakeDiscord, type FakeInteraction, snowflake } from '../tests/discord/fake/fakeDiscord.ts';
import { percentile, round } from './lib/stats.ts';

/** Discord's acknowledgement window. */
const ACK_WINDOW_MS = 3000;

export interface Round {
  n: number;
  answered: number;
  abstained: number;
  missedAckWindow: number;
  unanswered: number;
  errors: number;
  ackMs: { p50: number; p95: number; p99: number; max: number };
  /** The load generator building and signing the N interactions before the clock starts (0 with --sign-in-loop). */
  stagingMs: number;
  /** The fake's event-loop delay during the round (after dispatch): how late it saw what arrived. */
  generatorLagMs: { p50: number; p99: number; max: number };
  /** The load generator dispatching the N interactions (and with --sign-in-loop building and signing them). */
  sendLoopMs: number;
  writtenToAckMs: { p50: number; p95: number; p99: number; max: number } | null;
  replyMs: { p50: number; p95: number; p99: number; max: number };
  wallMs: number;
}

export async function runRound(
  fake: FakeDiscord,
  guildId: string,
  questions: string[],
  opts: { sendSlice: number; signInLoop: boolean },
): Promise<Round> {
  const n = questions.length;
  const requests = questions.map((q, i) => ({
    guildId,
    user: { id: snowflake(), username: `user${i}` },
    name: 'ask',
    options: [{ name: 'question', type: 3, value: q }],
  }));
  // The fake and the generator time everything on their own event loop, so its delays are in every figure.
  const lag = monitorEventLoopDelay({ resolution: 5 });
  const staging = performance.now();
  const staged = opts.signInLoop ? [] : fake.stageCommands(requests);
  const stagingMs = performance.now() - staging;
  const started = performance.now();
  const interactions: FakeInteraction[] = [];
  for (const [i, request] of requests.entries()) {
    if (opts.sendSlice > 0 && i > 0 && i % opts.sendSlice === 0) await new Promise((resolve) => setImmediate(resolve));
    interactions.push(opts.signInLoop ? fake.sendCommand(request) : fake.sendStaged(staged[i]!));
  }
  const sendLoopMs = performance.now() - started;
  lag.enable();
  const deadlineMs = 30_000 + n * 100;
  const settled = await Promise.allSettled(interactions.map((i) => i.reply(deadlineMs)));
  const wallMs = performance.now() - started;
  lag.disable();
  // Over HTTP the acknowledgement is the endpoint's response; the fake then hands it to its callback route.
  const ackAt = (i: FakeInteraction): number | undefined => (i.ack ? (i.httpAnsweredAt ?? i.ack.at) : undefined);
  const acks = interactions.filter((i) => ackAt(i) !== undefined).map((i) => ackAt(i)! - i.sentAt);
  const replies = interactions.filter((i) => i.replies[0]).map((i) => i.replies[0]!.at - i.sentAt);
  const stats = (xs: number[]) => ({
    p50: round(percentile(xs, 50), 0),
    p95: round(percentile(xs, 95), 0),
    p99: round(percentile(xs, 99), 0),
    max: round(Math.max(...xs), 0),
  });
  // Over HTTP: from the request fully written to its response, the endpoint's side of the acknowledgement.
  const writtenToAck = interactions
    .filter((i) => i.httpWrittenAt !== null && i.httpAnsweredAt !== null)
    .map((i) => i.httpAnsweredAt! - i.httpWrittenAt!);
  const okReplies = settled
    .filter((s) => s.status === 'fulfilled' && !s.value.ephemeral)
    .map((s) => (s as PromiseFulfilledResult<{ embeds: { description?: string }[] }>).value);
  return {
    n,
    answered: okReplies.filter((r) => r.embeds[0]?.description !== 'Not found in the articles.').length,
    abstained: okReplies.filter((r) => r.embeds[0]?.description === 'Not found in the articles.').length,
    missedAckWindow: interactions.filter(
      (i) => !i.ack || ackAt(i)! - i.sentAt > ACK_WINDOW_MS || i.rejections.some((r) => r.code === 10062),
    ).length,
    unanswered: settled.filter((s) => s.status === 'rejected').length,
    errors: interactions.filter((i) => i.rejections.length > 0 || i.replies[0]?.ephemeral).length,
    ackMs: stats(acks),
    stagingMs: Math.round(stagingMs),
    sendLoopMs: Math.round(sendLoopMs),
    generatorLagMs: {
      p50: round(lag.percentile(50) / 1e6, 0),
      p99: round(lag.percentile(99) / 1e6, 0),
      max: round(lag.max / 1e6, 0),
    },
    writtenToAckMs: writtenToAck.length ? stats(writtenToAck) : null,
    replyMs: stats(replies),
    wallMs: Math.round(wallMs),
  };
}
