import { type BotOptions, createBot } from './bot.ts';
import type { DiscordModes } from './interactions/config.ts';
import { createHttpBot } from './interactions/httpBot.ts';

export interface DiscordFrontends {
  /** Logs in and/or listens; throws one line when either fails. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The ways in that `modes` asks for, over one library: the gateway bot (which alone polls feeds,
 * so that several endpoint processes do not each announce the same story) and the HTTP endpoint.
 */
export function createFrontends(modes: DiscordModes, opts: BotOptions): DiscordFrontends {
  const bots = [
    ...(modes.gateway ? [createBot(opts)] : []),
    ...(modes.endpoint ? [createHttpBot({ ...opts, endpoint: modes.endpoint })] : []),
  ];
  return {
    async start() {
      await Promise.all(bots.map((b) => b.start()));
    },
    async stop() {
      await Promise.all(bots.map((b) => b.stop()));
    },
  };
}
