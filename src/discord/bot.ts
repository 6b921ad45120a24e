import { once } from 'node:events';
import {
  Client,
  type ClientOptions,
  DiscordjsErrorCodes,
  Events,
  GatewayIntentBits,
  type RESTOptions,
} from 'discord.js';
import type { FeedService } from '../feeds/feedService.ts';
import { oneLine } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import type { QuothCore } from '../shared/types.ts';
import { type FeedPollingOptions, startBotFeedPolling } from './announce.ts';
import type { BotContext, QuothCommand, SearchState } from './command.ts';
import type { DiscordConfig } from './config.ts';
import { Cooldown } from './cooldown.ts';
import { LruMap } from './lruMap.ts';
import { NO_MENTIONS } from './replies.ts';
import { createRouter, type InteractionRouter } from './router.ts';
import { WorkQueue } from './workQueue.ts';

export interface BotOptions {
  core: QuothCore;
  config: DiscordConfig;
  log: Logger;
  maxArticleBytes: number;
  fetchTimeoutMs: number;
  /**
   * The slash commands to route (commands/index.ts in production), handed in so src/discord never imports commands/.
   */
  commands: readonly QuothCommand[];
  /** Extra REST options; load tests raise globalRequestsPerSecond, production keeps discord.js's 50. */
  rest?: Partial<RESTOptions>;
  /** How long stop() waits for interactions being handled before it disconnects. */
  drainMs?: number;
  /** Core calls (ask, search, summarize) run at once: 1 in-process, a few per worker with a pool. */
  concurrency?: number;
  /** Feed subscriptions (openFeeds beside the library); without them /feed answers that it is unavailable. */
  feeds?: FeedService | null;
  /** Polling of `feeds` while the bot runs (tests shorten its sleeps). */
  feedPolling?: FeedPollingOptions;
}

export interface QuothBot {
  client: Client;
  /** Logs in and resolves once every guild has arrived; throws one line when Discord refuses. */
  start(): Promise<void>;
  /** Stops taking interactions, lets running ones finish (bounded), then disconnects. */
  stop(): Promise<void>;
}

/** Search result lists kept for paging; the oldest are forgotten and their buttons say so. */
const SEARCH_STATES = 500;

/** The Client options of both ways in (gateway and HTTP endpoint): Discord's REST base, no pings. */
export function clientOptions(opts: Pick<BotOptions, 'config' | 'rest'>, intents: GatewayIntentBits[]): ClientOptions {
  return {
    intents,
    allowedMentions: NO_MENTIONS,
    rest: { ...(opts.config.apiUrl ? { api: opts.config.apiUrl } : {}), ...opts.rest },
  };
}

/** The commands' router and their shared state (search pages, the work queue, the cooldown). */
export function createBotRouter(opts: BotOptions): InteractionRouter {
  const ctx: BotContext = {
    core: opts.core,
    log: opts.log,
    config: opts.config,
    maxArticleBytes: opts.maxArticleBytes,
    fetchTimeoutMs: opts.fetchTimeoutMs,
    searches: new LruMap<string, SearchState>(SEARCH_STATES),
    work: new WorkQueue(opts.concurrency),
    feeds: opts.feeds ?? null,
  };
  return createRouter(opts.commands, ctx, new Cooldown(opts.config.cooldownSeconds));
}

export function createBot(opts: BotOptions): QuothBot {
  const { config, log } = opts;
  const client = new Client(clientOptions(opts, [GatewayIntentBits.Guilds]));
  const router = createBotRouter(opts);
  let accepting = true;
  let stopPolling: (() => Promise<void>) | null = null;

  client.on(Events.InteractionCreate, (interaction) => {
    if (accepting) void router.handle(interaction);
  });
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn(message));
  client.on(Events.ShardError, (err) => log.warn({ err: oneLine(err) }, 'gateway connection error; reconnecting'));
  client.on(Events.ShardReconnecting, () => log.info('gateway connection lost; reconnecting'));
  client.on(Events.ShardResume, () => log.info('gateway session resumed'));
  client.on(Events.Debug, (message) => log.trace(message));

  return {
    client,
    async start() {
      const ready = once(client, Events.ClientReady);
      // once() rejects if the client emits 'error' first; login's own error is the one reported.
      ready.catch(() => undefined);
      try {
        if (!config.token) throw new Error('DISCORD_TOKEN is not set');
        await client.login(config.token);
      } catch (err) {
        throw new Error(loginErrorMessage(err, config));
      }
      await ready;
      const appId = client.application?.id;
      if (config.clientId && appId && appId !== config.clientId) {
        log.warn(
          { configured: config.clientId, actual: appId },
          'DISCORD_CLIENT_ID is not the application of DISCORD_TOKEN; ' +
            'deploy-commands will register the commands on the wrong application',
        );
      }
      log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'Quoth is connected to Discord');
      // Polled only while connected: announcements need the client, and a bot that failed to log in polls nothing.
      if (opts.feeds && !stopPolling) stopPolling = startBotFeedPolling(client, opts.feeds, log, opts.feedPolling);
    },
    async stop() {
      accepting = false;
      // First: a poll in progress finishes its ingestion and announcements while the client is still up.
      await stopPolling?.();
      stopPolling = null;
      await Promise.race([
        router.idle(),
        new Promise((resolve) => setTimeout(resolve, opts.drainMs ?? 10_000).unref()),
      ]);
      await client.destroy();
    },
  };
}

function loginErrorMessage(err: unknown, config: DiscordConfig): string {
  const code = (err as { code?: unknown }).code;
  const status = (err as { status?: unknown }).status;
  if (code === DiscordjsErrorCodes.TokenInvalid || status === 401) {
    return (
      'Discord rejected DISCORD_TOKEN (401 Unauthorized); copy the ' +
      'token again from the Developer Portal (Bot → Reset Token).'
    );
  }
  if (code === DiscordjsErrorCodes.DisallowedIntents) return 'Discord refused the gateway intents Quoth asked for.';
  const where = config.apiUrl ?? 'https://discord.com/api';
  return `Could not connect to Discord at ${where}: ${oneLine(err)}`;
}
