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
import crypto from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { FakeGateway } from './fakeGateway.ts';
import { FakeInteraction } from './fakeInteraction.ts';
import { FakeDiscordState } from './fakeState.ts';
import {
  type Attachment,
  type BotReply,
  type CommandOption,
  type CommandRequest,
  EPHEMERAL,
  type FakeDiscordOptions,
  type FakeUser,
  LOADING,
  MANAGER_PERMISSIONS,
  MEMBER_PERMISSIONS,
  type StagedCommand,
  snowflake,
} from './fakeTypes.ts';
import {
  formBodyErrors,
  isEmptyMessage,
  validateChoices,
  validateCommands,
  validateMessage,
  type FieldError,
} from './validate.ts';

export { FakeInteraction } from './fakeInteraction.ts';
export * from './fakeTypes.ts';

export class FakeDiscord extends FakeDiscordState {
  private readonly server: http.Server;
  private readonly gateway: FakeGateway;

  private constructor(opts: Required<FakeDiscordOptions>) {
    super(opts);
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
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
    return this.dispatch(this.commandPayload(opts));
  }

  /**
   * A burst, as Discord delivers one: every interaction is built — and over HTTP serialized and
   * signed — before the first goes out (`sendStaged`), because Discord does that on its own
   * machines, not on the bot's; each one's `sentAt` is when it is handed to its connection.
   */
  stageCommands(requests: CommandRequest[]): StagedCommand[] {
    return requests.map((opts) => {
      const payload = this.commandPayload(opts);
      return { payload, delivery: this.stageDelivery?.(payload) };
    });
  }

  sendStaged(command: StagedCommand): FakeInteraction {
    return this.dispatch(command.payload, command.delivery);
  }

  private commandPayload(opts: CommandRequest): Record<string, unknown> {
    const channels = this.resolveChannels(opts.guildId, opts.options ?? []);
    const resolved =
      opts.attachments?.length || channels.length
        ? {
            ...(opts.attachments?.length
              ? { attachments: Object.fromEntries(opts.attachments.map((a) => [a.id, a])) }
              : {}),
            ...(channels.length ? { channels: Object.fromEntries(channels.map((c) => [c.id, c])) } : {}),
          }
        : undefined;
    return this.interactionPayload(2, opts.guildId, opts.user, opts.permissions, {
      data: {
        id: this.commandId(opts.name),
        name: opts.name,
        type: 1,
        options: opts.options ?? [],
        ...(resolved ? { resolved } : {}),
      },
    });
  }

  /**
   * Discord resolves every channel option (type 7) into `resolved.channels`; a user can only pick a
   * channel of the server, so any other id is a mistake in the test.
   */
  private resolveChannels(guildId: string | null, options: CommandOption[]): Record<string, unknown>[] {
    return options.flatMap((o) => {
      if (o.options) return this.resolveChannels(guildId, o.options);
      if (o.type !== 7) return [];
      const id = String(o.value);
      if (!guildId || this.channelIds.get(guildId) !== id) throw new Error(`No channel ${id} in guild ${guildId}`);
      return [{ id, type: 0, name: 'general', permissions: MANAGER_PERMISSIONS, guild_id: guildId }];
    });
  }

  /**
   * A message context-menu command (right-click a message → Apps): type 2 with data.type 3, the
   * message in data.resolved.messages, as Discord sends it even to a bot without the Message Content
   * intent. The message was posted in the guild's channel by `target.author`.
   */
  sendMessageCommand(opts: {
    guildId: string;
    user: FakeUser;
    name: string;
    target: { author: FakeUser; content: string; attachments?: Attachment[] };
    permissions?: string;
  }): FakeInteraction {
    const id = snowflake();
    const message = {
      ...this.buildMessage(this.channelIds.get(opts.guildId)!, null, 0, { content: opts.target.content }),
      id,
      author: { ...opts.target.author, discriminator: '0', global_name: opts.target.author.username, avatar: null },
      attachments: opts.target.attachments ?? [],
    };
    delete (message as { application_id?: string }).application_id;
    return this.dispatchInteraction(2, opts.guildId, opts.user, opts.permissions, {
      data: {
        id: this.commandId(opts.name),
        name: opts.name,
        type: 3,
        target_id: id,
        resolved: { messages: { [id]: message } },
      },
    });
  }

  sendAutocomplete(opts: {
    guildId: string;
    user: FakeUser;
    name: string;
    options: CommandOption[];
    permissions?: string;
  }): FakeInteraction {
    return this.dispatchInteraction(4, opts.guildId, opts.user, opts.permissions, {
      data: { id: this.commandId(opts.name), name: opts.name, type: 1, options: opts.options },
    });
  }

  /** Clicks a button of the message `on` replied with, as `user`. Refuses what a Discord client could not click. */
  clickButton(on: FakeInteraction, customId: string, user: FakeUser, permissions?: string): FakeInteraction {
    const message = on.original;
    if (!message) throw new Error(`Interaction ${on.id} has no message to click on`);
    const buttons = ((message.components ?? []) as BotReply['components']).flatMap((row) => row.components);
    const button = buttons.find((b) => b.custom_id === customId);
    if (!button)
      throw new Error(
        `No button "${customId}" on the message; it has ${buttons.map((b) => b.custom_id).join(', ') || 'none'}`,
      );
    if (button.disabled) throw new Error(`Button "${customId}" is disabled`);
    const guildId = (on.payload.guild_id as string | undefined) ?? null;
    return this.dispatchInteraction(3, guildId, user, permissions, {
      data: { custom_id: customId, component_type: 2 },
      message,
    });
  }

  /** Custom ids of the buttons currently on the message of `on`. */
  buttonsOf(on: FakeInteraction): { customId: string; label: string; disabled: boolean }[] {
    return ((on.original?.components ?? []) as BotReply['components'])
      .flatMap((row) => row.components)
      .map((b) => ({ customId: b.custom_id ?? '', label: b.label ?? '', disabled: !!b.disabled }));
  }

  private dispatchInteraction(
    type: number,
    guildId: string | null,
    user: FakeUser,
    permissions: string | undefined,
    extra: Record<string, unknown>,
  ): FakeInteraction {
    return this.dispatch(this.interactionPayload(type, guildId, user, permissions, extra));
  }

  private interactionPayload(
    type: number,
    guildId: string | null,
    user: FakeUser,
    permissions: string | undefined,
    extra: Record<string, unknown>,
  ): Record<string, unknown> & { id: string; token: string; type: number } {
    const id = snowflake();
    const token = `aW50ZXJhY3Rpb246${id}:${crypto.randomBytes(48).toString('base64url')}`;
    const fullUser = {
      id: user.id,
      username: user.username,
      discriminator: '0',
      global_name: user.username,
      avatar: null,
    };
    const where = guildId
      ? {
          guild_id: guildId,
          guild: { id: guildId, locale: 'en-US', features: [] },
          channel_id: this.channelIds.get(guildId),
          channel: { id: this.channelIds.get(guildId), type: 0, guild_id: guildId, name: 'general' },
          member: {
            user: fullUser,
            roles: [],
            permissions: permissions ?? MEMBER_PERMISSIONS,
            joined_at: new Date().toISOString(),
            deaf: false,
            mute: false,
            flags: 0,
            pending: false,
            nick: null,
            avatar: null,
            premium_since: null,
            communication_disabled_until: null,
          },
          context: 0,
          authorizing_integration_owners: { '0': guildId },
        }
      : {
          user: fullUser,
          channel_id: user.id,
          channel: { id: snowflake(), type: 1, recipients: [fullUser] },
          context: 1,
          authorizing_integration_owners: { '1': user.id },
        };
    const payload = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      app_permissions: MANAGER_PERMISSIONS,
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
      ...where,
      ...extra,
    };
    return payload;
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

  // ------------------------------------------------------------------ REST

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any;
    if (raw && (req.headers['content-type'] ?? '').includes('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.json(res, 400, { code: 50109, message: 'The request body contains invalid JSON.' });
      }
    } else if (raw) {
      this.unexpected.push(`${req.method} ${url.pathname} with a ${req.headers['content-type']} body`);
      return this.json(res, 400, { code: 0, message: 'The fake only speaks JSON.' });
    }
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);

    if (method === 'GET' && parts[0] === 'attachments') return this.serveFile(url.pathname, res);
    if (parts[0] !== 'api' || parts[1] !== 'v10') return this.notFound(method, url.pathname, res);
    const route = parts.slice(2);
    const fail = this.failer(method, url, route, res);

    // Interaction callback: POST /interactions/{id}/{token}/callback (no bot auth, like Discord).
    if (route[0] === 'interactions' && route[3] === 'callback' && method === 'POST') {
      return this.onCallback(route[1]!, route[2]!, body ?? {}, url, res, fail);
    }
    // Webhook routes of an interaction: follow-ups and the original response.
    if (route[0] === 'webhooks' && route[1] === this.applicationId && route[2]) {
      // Discord has taken an HTTP response as the acknowledgement before the bot, having sent it, follows up.
      await this.interactionOfRoute(route)?.httpResponse;
      return this.onWebhook(method, route, body ?? {}, url, res, fail);
    }

    if (req.headers.authorization !== `Bot ${this.opts.token}`) return fail(401, 0, '401: Unauthorized');
    if (method === 'GET' && route.join('/') === 'gateway/bot') {
      return this.json(res, 200, {
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      });
    }
    if (route[0] === 'channels' && route[1]) return this.onChannel(method, route, body ?? {}, url, res, fail);
    if (method === 'PUT' && route[0] === 'applications' && route[route.length - 1] === 'commands') {
      if (route[1] !== this.applicationId) return fail(403, 50001, 'Missing Access');
      const guildId = route[2] === 'guilds' ? route[3]! : null;
      if (guildId && !this.opts.guilds.some((g) => g.id === guildId)) return fail(403, 50001, 'Missing Access');
      const errors = validateCommands(body);
      if (errors.length) return fail(400, 50035, 'Invalid Form Body', errors);
      const stored = (body as Record<string, unknown>[]).map((c) => ({
        ...c,
        id: this.commandId(String(c.name)),
        application_id: this.applicationId,
        version: snowflake(),
        ...(guildId ? { guild_id: guildId } : {}),
      }));
      this.registeredCommands.set(guildId ?? 'global', stored);
      return this.json(res, 200, stored);
    }
    return this.notFound(method, url.pathname, res);
  }

  /** GET /channels/{id} and POST /channels/{id}/messages: a bot posting on its own (feed announcements). */
  private onChannel(
    method: string,
    route: string[],
    body: Record<string, unknown>,
    url: URL,
    res: http.ServerResponse,
    fail: (status: number, code: number, message: string, errors?: FieldError[]) => void,
  ): void {
    const channelId = route[1]!;
    const guildId = [...this.channelIds].find(([, c]) => c === channelId)?.[0];
    if (!guildId) return fail(404, 10003, 'Unknown Channel');
    if (method === 'GET' && route.length === 2) {
      return this.json(res, 200, { id: channelId, type: 0, name: 'general', guild_id: guildId, position: 0 });
    }
    if (method === 'POST' && route[2] === 'messages' && route.length === 3) {
      this.messages.push({ method, path: url.pathname, body });
      const failure = this.channelPostFailures.shift();
      if (failure) return fail(failure.status, failure.code, failure.message);
      const errors = validateMessage(body);
      if (errors.length) return fail(400, 50035, 'Invalid Form Body', errors);
      if (isEmptyMessage(body)) return fail(400, 50006, 'Cannot send an empty message');
      this.channelMessages.push({ channelId, body });
      const message = this.buildMessage(channelId, guildId, 0, body);
      this.emit('channelMessage', { channelId, body });
      return this.json(res, 200, message);
    }
    return this.notFound(method, url.pathname, res);
  }

  /** Answers a refused request the way Discord does, and records the refusal. */
  private failer(method: string, url: URL, route: string[], res: http.ServerResponse) {
    return (status: number, code: number, message: string, errors?: FieldError[]): void => {
      const rejection = { method, path: url.pathname, status, code, message, ...(errors ? { errors } : {}) };
      this.rejections.push(rejection);
      const interaction = this.interactionOfRoute(route);
      interaction?.rejections.push(rejection);
      this.json(res, status, { code, message, ...(errors ? { errors: formBodyErrors(errors) } : {}) });
    };
  }

  /**
   * The HTTP response of an interaction delivered to an endpoint (httpDelivery.ts), taken as its
   * initial response under the same checks and records as POST /interactions/{id}/{token}/callback.
   */
  takeHttpResponse(interaction: FakeInteraction, body: Record<string, unknown>): void {
    const url = new URL(`/api/v10/interactions/${interaction.id}/${interaction.token}/callback`, this.origin);
    const route = ['interactions', interaction.id, interaction.token, 'callback'];
    // Nobody reads this answer: the refusal, if any, is in `rejections`.
    const sink = { writeHead: () => sink, end: () => sink } as unknown as http.ServerResponse;
    this.onCallback(interaction.id, interaction.token, body, url, sink, this.failer('POST', url, route, sink));
  }

  private onCallback(
    id: string,
    token: string,
    body: { type?: number; data?: Record<string, unknown> },
    url: URL,
    res: http.ServerResponse,
    fail: (status: number, code: number, message: string, errors?: FieldError[]) => void,
  ): void {
    const interaction = this.interactions.get(id);
    const now = performance.now();
    if (!interaction || interaction.token !== token || now - interaction.sentAt > this.opts.ackWindowMs)
      return fail(404, 10062, 'Unknown interaction');
    if (interaction.ack) return fail(400, 40060, 'Interaction has already been acknowledged.');
    const data = body.data ?? {};
    const type = body.type;
    const isComponent = interaction.type === 3;
    const allowed = interaction.type === 4 ? [8] : isComponent ? [4, 5, 6, 7] : [4, 5];
    if (type === undefined || !allowed.includes(type))
      return fail(400, 50035, 'Invalid Form Body', [
        {
          path: 'type',
          code: 'INTERACTION_CALLBACK_TYPE_INVALID',
          message: `Callback type ${type} is not valid for this interaction.`,
        },
      ]);

    if (type === 8) {
      const errors = validateChoices(data.choices);
      if (errors.length) return fail(400, 50035, 'Invalid Form Body', errors);
    }
    if (type === 4 || type === 7) {
      this.messages.push({ method: 'POST', path: url.pathname, body: data });
      const errors = validateMessage(data).map((e) => ({ ...e, path: `data.${e.path}` }));
      if (errors.length) return fail(400, 50035, 'Invalid Form Body', errors);
      if (type === 4 && isEmptyMessage(data)) return fail(400, 50006, 'Cannot send an empty message');
    }
    const flags = Number(data.flags ?? 0);
    interaction.ack = { type, flags, at: now };
    if (type === 4 || type === 5) {
      interaction.original = this.makeMessage(interaction, type === 5 ? { content: '', flags: flags | LOADING } : data);
    } else if (type === 6 || type === 7) {
      // A component interaction's "original" is the message its button sits on.
      const onMessage = interaction.payload.message as Record<string, unknown>;
      interaction.original = this.messagesById.get(String(onMessage.id)) ?? onMessage;
      if (type === 7) this.updateMessage(interaction.original, data);
      // Later clicks on the same message see its new buttons.
      for (const other of this.interactions.values())
        if (other.original?.id === interaction.original.id) other.original = interaction.original;
    }
    if (type !== 5 && type !== 6)
      this.record(
        interaction,
        type === 4 ? 'reply' : type === 7 ? 'update' : 'autocomplete',
        data,
        (flags & EPHEMERAL) !== 0,
      );
    if (url.searchParams.get('with_response') === 'true') {
      return this.json(res, 200, {
        interaction: { id, type: interaction.type },
        ...(interaction.original ? { resource: { type, message: interaction.original } } : {}),
      });
    }
    res.writeHead(204).end();
  }

  private onWebhook(
    method: string,
    route: string[],
    body: Record<string, unknown>,
    url: URL,
    res: http.ServerResponse,
    fail: (status: number, code: number, message: string, errors?: FieldError[]) => void,
  ): void {
    const interaction = [...this.interactions.values()].find((i) => i.token === route[2]);
    if (!interaction?.ack) return fail(404, 10015, 'Unknown Webhook');
    const target = route[3] === 'messages' ? route[4] : undefined;

    if (method === 'POST' && route.length === 3) {
      this.messages.push({ method, path: url.pathname, body });
      const errors = validateMessage(body);
      if (errors.length) return fail(400, 50035, 'Invalid Form Body', errors);
      if (isEmptyMessage(body)) return fail(400, 50006, 'Cannot send an empty message');
      const message = this.makeMessage(interaction, body);
      this.record(interaction, 'followup', body, (Number(body.flags ?? 0) & EPHEMERAL) !== 0);
      return url.searchParams.get('wait') === 'true' ? this.json(res, 200, message) : void res.writeHead(204).end();
    }
    if (target !== '@original' || !interaction.original || interaction.deleted)
      return fail(404, 10008, 'Unknown Message');
    if (method === 'GET') return this.json(res, 200, interaction.original);
    if (method === 'DELETE') {
      interaction.deleted = true;
      res.writeHead(204).end();
      return;
    }
    if (method === 'PATCH') {
      this.messages.push({ method, path: url.pathname, body });
      const errors = validateMessage(body);
      if (errors.length) return fail(400, 50035, 'Invalid Form Body', errors);
      this.updateMessage(interaction.original, body);
      this.record(interaction, 'edit', body, (Number(interaction.original.flags ?? 0) & EPHEMERAL) !== 0);
      return this.json(res, 200, interaction.original);
    }
    return this.notFound(method, url.pathname, res);
  }

  private record(
    interaction: FakeInteraction,
    kind: BotReply['kind'],
    body: Record<string, unknown>,
    ephemeral: boolean,
  ): void {
    const source = kind === 'edit' || kind === 'update' ? { ...interaction.original, ...body } : body;
    interaction.replies.push({
      kind,
      ephemeral,
      content: String(source.content ?? ''),
      embeds: (source.embeds ?? []) as BotReply['embeds'],
      components: (source.components ?? []) as BotReply['components'],
      choices: (body.choices ?? []) as BotReply['choices'],
      body,
      at: performance.now(),
    });
    interaction.notify();
  }

  private makeMessage(interaction: FakeInteraction, body: Record<string, unknown>): Record<string, unknown> {
    const message = {
      ...this.buildMessage(
        String(interaction.payload.channel_id),
        (interaction.payload.guild_id as string | undefined) ?? null,
        interaction.type === 2 ? 20 : 0,
        body,
      ),
      webhook_id: this.applicationId,
    };
    this.messagesById.set(message.id, message);
    return message;
  }

  private buildMessage(
    channelId: string,
    guildId: string | null,
    type: number,
    body: Record<string, unknown>,
  ): Record<string, unknown> & { id: string } {
    return {
      id: snowflake(),
      type,
      channel_id: channelId,
      ...(guildId ? { guild_id: guildId } : {}),
      author: this.botUser,
      content: String(body.content ?? ''),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      pinned: false,
      flags: Number(body.flags ?? 0),
      application_id: this.applicationId,
    };
  }

  private updateMessage(message: Record<string, unknown>, body: Record<string, unknown>): void {
    for (const key of ['content', 'embeds', 'components'] as const)
      if (body[key] !== undefined) message[key] = body[key];
    message.flags = Number(message.flags ?? 0) & ~LOADING;
    message.edited_timestamp = new Date().toISOString();
  }

  private serveFile(pathname: string, res: http.ServerResponse): void {
    const file = this.attachmentsByPath.get(pathname);
    if (!file) return void this.json(res, 404, { code: 0, message: '404: Not Found' });
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length }).end(file.body);
  }

  private notFound(method: string, pathname: string, res: http.ServerResponse): void {
    this.unexpected.push(`${method} ${pathname}`);
    this.json(res, 404, { code: 0, message: '404: Not Found' });
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  }
}
