// A small Discord on 127.0.0.1 for end-to-end tests with the real discord.js client: one HTTP server
// for the REST API (and a CDN for attachments) plus a WebSocket gateway on the same port.
//
// It enforces the Discord rules a bot can break, answering the way Discord does:
// - an interaction must be acknowledged within 3 seconds of its dispatch (else 10062 Unknown interaction),
//   and only once (else 40060);
// - follow-ups and edits need an acknowledged interaction (else 10015 Unknown Webhook);
// - message content/embed/component and autocomplete-choice limits (else 50035 Invalid Form Body),
//   and no empty messages (50006);
// - the bot token on authenticated routes (401) and in IDENTIFY (close 4004);
// - messages the bot posts in a channel itself (POST /channels/{id}/messages): the same limits, and
//   only in a channel of one of its servers (else 10003 Unknown Channel); tests can make the next
//   posts fail (channelPostFailures) like an outage or a missing permission would.
// Every refusal is recorded in `rejections`, every message payload in `messages`, so tests can assert on them.
//
// Its parts: what it knows and records (fakeState.ts), the gateway (fakeGateway.ts), the interactions
// it dispatches (interactionPayloads.ts), its REST routes (restRoutes.ts, interactionRoutes.ts) and the
// messages they return (fakeMessages.ts). This file starts them and is what tests drive.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { FakeGateway } from './fakeGateway.ts';
import { FakeInteraction } from './fakeInteraction.ts';
import { FakeDiscordState } from './fakeState.ts';
import {
  type Attachment,
  type AutocompleteRequest,
  type BotReply,
  type CommandRequest,
  type FakeDiscordOptions,
  type FakeUser,
  type MessageCommandRequest,
  type StagedCommand,
  snowflake,
} from './fakeTypes.ts';
import {
  autocompletePayload,
  buttonClickPayload,
  commandPayload,
  messageCommandPayload,
} from './interactionPayloads.ts';
import { takeHttpResponse } from './interactionRoutes.ts';
import { onRequest } from './restRoutes.ts';

export { FakeInteraction } from './fakeInteraction.ts';
export * from './fakeTypes.ts';

export class FakeDiscord extends FakeDiscordState {
  private readonly server: http.Server;
  private readonly gateway: FakeGateway;

  private constructor(opts: Required<FakeDiscordOptions>) {
    super(opts);
    this.server = http.createServer((req, res) => void onRequest(this, req, res));
    this.gateway = new FakeGateway(this, this.server);
  }

  static async start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    const fake = new FakeDiscord({ heartbeatIntervalMs: 1000, ackWindowMs: 3000, ...options });
    fake.server.listen(0, '127.0.0.1');
    await once(fake.server, 'listening');
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** Resolves once a client has identified (or resumed) and received every guild. */
  async waitForSession(timeoutMs = 20_000): Promise<void> {
    if (this.gateway.connected) return;
    await once(this, 'session', { signal: AbortSignal.timeout(timeoutMs) });
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ------------------------------------------------------------------ test API

  /** A file "uploaded" to the fake CDN, as the resolved attachment of an interaction. */
  serveAttachment(filename: string, body: string | Buffer, contentType: string): Attachment {
    const id = snowflake();
    const p = `/attachments/${snowflake()}/${id}/${encodeURIComponent(filename)}`;
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    this.attachmentsByPath.set(p, { body: buf, contentType });
    const url = `${this.origin}${p}?ex=0&is=0&hm=0`;
    return { id, filename, size: buf.length, url, proxy_url: url, content_type: contentType };
  }

  sendCommand(opts: CommandRequest): FakeInteraction {
    return this.dispatch(commandPayload(this, opts));
  }

  /**
   * A burst, as Discord delivers one: every interaction is built — and over HTTP serialized and
   * signed — before the first goes out (`sendStaged`), because Discord does that on its own
   * machines, not on the bot's; each one's `sentAt` is when it is handed to its connection.
   */
  stageCommands(requests: CommandRequest[]): StagedCommand[] {
    return requests.map((opts) => {
      const payload = commandPayload(this, opts);
      return { payload, delivery: this.stageDelivery?.(payload) };
    });
  }

  sendStaged(command: StagedCommand): FakeInteraction {
    return this.dispatch(command.payload, command.delivery);
  }

  /**
   * A message context-menu command (right-click a message → Apps): type 2 with data.type 3, the
   * message in data.resolved.messages, as Discord sends it even to a bot without the Message Content
   * intent. The message was posted in the guild's channel by `target.author`.
   */
  sendMessageCommand(opts: MessageCommandRequest): FakeInteraction {
    return this.dispatch(messageCommandPayload(this, opts));
  }

  sendAutocomplete(opts: AutocompleteRequest): FakeInteraction {
    return this.dispatch(autocompletePayload(this, opts));
  }

  /** Clicks a button of the message `on` replied with, as `user`. Refuses what a Discord client could not click. */
  clickButton(on: FakeInteraction, customId: string, user: FakeUser, permissions?: string): FakeInteraction {
    return this.dispatch(buttonClickPayload(this, on, customId, user, permissions));
  }

  /** Custom ids of the buttons currently on the message of `on`. */
  buttonsOf(on: FakeInteraction): { customId: string; label: string; disabled: boolean }[] {
    return ((on.original?.components ?? []) as BotReply['components'])
      .flatMap((row) => row.components)
      .map((b) => ({ customId: b.custom_id ?? '', label: b.label ?? '', disabled: !!b.disabled }));
  }

  /** Closes the gateway socket like a network failure would (no close frame handshake). */
  dropConnection(): void {
    this.gateway.dropConnection();
  }

  private dispatch(payload: Record<string, unknown>, staged?: unknown): FakeInteraction {
    if (!this.gateway.hasSession && !this.deliver) throw new Error('No client is connected to the fake gateway');
    const { id, token, type } = payload as { id: string; token: string; type: number };
    const interaction = new FakeInteraction(id, token, type, payload, performance.now());
    this.interactions.set(id, interaction);
    if (this.deliver) this.deliver(payload, interaction, staged);
    else this.gateway.dispatch('INTERACTION_CREATE', payload);
    return interaction;
  }

  /**
   * The HTTP response of an interaction delivered to an endpoint (httpDelivery.ts), taken as its
   * initial response under the same checks and records as POST /interactions/{id}/{token}/callback.
   */
  takeHttpResponse(interaction: FakeInteraction, body: Record<string, unknown>): void {
    takeHttpResponse(this, interaction, body);
  }
}
