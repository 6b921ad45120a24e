import { Client } from 'discord.js';
import { warmUpAnswering } from '../../answer/warmUp.ts';
import { type BotOptions, clientOptions, createBotRouter } from '../bot.ts';
import type { DiscordModes } from './config.ts';
import { createHttpBridge } from './httpBridge.ts';
import { type InteractionsServer, startInteractionsServer } from './server.ts';

export interface HttpBot {
  /** Listens; resolves once the endpoint takes requests. */
  start(): Promise<void>;
  /** Refuses new interactions, lets running ones finish (bounded), closes the port. */
  stop(): Promise<void>;
  /** Where the endpoint listens, once started. */
  readonly url: string | null;
}

/**
 * Quoth on Discord's HTTP interactions endpoint: the same commands as the gateway bot, on a
 * discord.js client that never logs in (interaction responses need no bot token). Any number of
 * these processes can share one data directory behind a load balancer.
 */
export function createHttpBot(opts: BotOptions & { endpoint: NonNullable<DiscordModes['endpoint']> }): HttpBot {
  const { log, endpoint } = opts;
  const client = new Client(clientOptions(opts, []));
  // A token only matters to REST calls a command makes beyond its own interaction (none today).
  if (opts.config.token) client.rest.setToken(opts.config.token);
  const router = createBotRouter(opts);
  let accepting = true;
  const handler = createHttpBridge({ client, router, accepting: () => accepting, log });
  let server: InteractionsServer | null = null;

  return {
    get url() {
      return server?.url ?? null;
    },
    async start() {
      // Before listening: a cold first question would stall every request that arrives meanwhile.
      warmUpAnswering();
      server = await startInteractionsServer({
        publicKey: endpoint.publicKey,
        host: endpoint.host,
        port: endpoint.port,
        handler,
        log,
      });
      // Tests and operators read the port from this line (INTERACTIONS_PORT=0 picks a free one).
      log.info({ url: server.url, port: server.port }, 'serving Discord interactions over HTTP');
    },
    async stop() {
      accepting = false;
      await Promise.race([
        handler.idle(),
        new Promise((resolve) => setTimeout(resolve, opts.drainMs ?? 10_000).unref()),
      ]);
      await server?.close();
      await client.destroy();
    },
  };
}
