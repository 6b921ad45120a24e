// What the fake Discord knows and records, shared by its gateway (fakeGateway.ts) and its REST
// routes. FakeDiscord extends it with its servers and the test API, so tests read these records on
// the fake itself, and the parts get one object to read and write instead of the whole fake.
import { EventEmitter } from 'node:events';
import type { FakeInteraction } from './fakeInteraction.ts';
import { type FakeDiscordOptions, type Rejection, snowflake } from './fakeTypes.ts';

export class FakeDiscordState extends EventEmitter {
  readonly applicationId = snowflake();
  readonly botUser = {
    id: this.applicationId,
    username: 'Quoth',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: true,
  };
  readonly channelIds = new Map<string, string>();
  readonly interactions = new Map<string, FakeInteraction>();
  /** Every message payload the bot sent (replies, updates, edits, follow-ups), accepted or not. */
  readonly messages: { method: string; path: string; body: Record<string, unknown> }[] = [];
  readonly rejections: Rejection[] = [];
  /** Requests to routes the fake does not implement. */
  readonly unexpected: string[] = [];
  readonly registeredCommands = new Map<string, Record<string, unknown>[]>();
  /** Messages the bot posted in channels itself (POST /channels/{id}/messages), accepted by the fake. */
  readonly channelMessages: { channelId: string; body: Record<string, unknown> }[] = [];
  /**
   * Answers for the next channel message posts, one each, in order, instead of taking them: an
   * outage (500 "500: Internal Server Error", code 0, which discord.js retries 3 times on its own
   * before giving up) or a refusal (403 50001 Missing Access, 403 50013 Missing Permissions).
   */
  readonly channelPostFailures: { status: number; code: number; message: string }[] = [];
  identifies = 0;
  resumes = 0;
  /** While true, heartbeats go unanswered until the client opens a new connection (a zombie connection). */
  dropHeartbeatAcks = false;
  /** Set by HttpDelivery (httpDelivery.ts): interactions then go by signed POST instead of the gateway. */
  deliver: ((payload: Record<string, unknown>, interaction: FakeInteraction, staged?: unknown) => void) | null = null;
  /** Set by HttpDelivery: what a burst prepares before its first interaction goes out (body and signature). */
  stageDelivery: ((payload: Record<string, unknown>) => unknown) | null = null;

  /** Files "uploaded" to the fake CDN (FakeDiscord.serveAttachment), by URL path. */
  readonly attachmentsByPath = new Map<string, { body: Buffer; contentType: string }>();
  /** Messages of interaction responses, by id: a later click on one sees its edits. */
  readonly messagesById = new Map<string, Record<string, unknown>>();
  /** One id per command name, kept across registrations as Discord keeps it. */
  private readonly commandIds = new Map<string, string>();
  /** The port the servers listen on, known once FakeDiscord.start has them listening. */
  protected port = 0;

  protected constructor(readonly opts: Required<FakeDiscordOptions>) {
    super();
    for (const g of opts.guilds) this.channelIds.set(g.id, snowflake());
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What DISCORD_API_URL is set to. */
  get apiUrl(): string {
    return `${this.origin}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  commandId(name: string): string {
    let id = this.commandIds.get(name);
    if (!id) this.commandIds.set(name, (id = snowflake()));
    return id;
  }

  /** The interaction a REST route of its responses names: by id (callback) or by token (webhook). */
  interactionOfRoute(route: string[]): FakeInteraction | undefined {
    if (route[0] === 'interactions') return this.interactions.get(route[1]!);
    if (route[0] === 'webhooks') return [...this.interactions.values()].find((i) => i.token === route[2]);
    return undefined;
  }
}
