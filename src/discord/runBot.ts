import type { RESTOptions } from 'discord.js';
import { loadCoreConfig } from '../config.ts';
import { type DownloadProgressListener, downloadSteps } from '../shared/downloadProgress.ts';
import { createLogger, type Logger } from '../shared/log.ts';
import { openBotCore } from './botCore.ts';
import type { QuothCommand } from './command.ts';
import { loadDiscordConfig } from './config.ts';
import { createFrontends } from './frontends.ts';
import { loadDiscordModes } from './interactions/config.ts';

export interface RunBotOptions {
  /** The slash commands (commands/index.ts in production). */
  commands: readonly QuothCommand[];
  /** Stops the bot like SIGINT/SIGTERM do (tests, embedding in another process). */
  signal?: AbortSignal;
  log?: Logger;
  /** Extra REST options (the Discord benchmark raises globalRequestsPerSecond; production keeps the default). */
  rest?: Partial<RESTOptions>;
}

/**
 * Runs Quoth on Discord until SIGINT, SIGTERM or `opts.signal`: validates the configuration, opens
 * the library, logs in, and on shutdown destroys the client and closes the library (saving its
 * indexes). Resolves after a clean shutdown; throws an Error whose message is one line fit to print
 * without a stack (bad configuration, a token Discord rejects, Discord unreachable).
 */
export async function runBot(env: NodeJS.ProcessEnv, opts: RunBotOptions): Promise<void> {
  // Gateway, HTTP endpoint or both (DISCORD_PUBLIC_KEY, DISCORD_GATEWAY); only the gateway needs the token.
  const modes = loadDiscordModes(env);
  const discord = loadDiscordConfig(env, { requireToken: modes.gateway });
  const core = loadCoreConfig(env);
  const log = opts.log ?? createLogger(core.logLevel);

  const opened = await openBotCore(core, log, {
    log,
    onDownloadProgress: downloadLogger(log),
    // The bot starts answering at once; chunks a killed write left unembedded are embedded meanwhile.
    heal: 'background',
  });
  const bot = createFrontends(modes, {
    feeds: opened.feeds.feeds,
    core: opened.core,
    concurrency: opened.concurrency,
    config: discord,
    log,
    maxArticleBytes: core.maxArticleBytes,
    fetchTimeoutMs: core.fetchTimeoutMs,
    rest: opts.rest,
    commands: opts.commands,
  });

  // Listen before logging in, so a Ctrl-C during the login still shuts down cleanly.
  let stopRequested!: () => void;
  const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
  const onSignal = (): void => stopRequested();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  opts.signal?.addEventListener('abort', onSignal, { once: true });
  if (opts.signal?.aborted) stopRequested();

  try {
    const starting = bot.start();
    // A shutdown during login abandons it; its failure then matters to no one.
    starting.catch(() => undefined);
    await Promise.race([starting, stopped]);
    await stopped;
    log.info('shutting down');
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    opts.signal?.removeEventListener('abort', onSignal);
    await bot.stop();
    await opened.close();
  }
}

/** Logs a model download every quarter per file (a bot has no terminal for a progress bar). */
function downloadLogger(log: Logger): DownloadProgressListener {
  return downloadSteps(25, (file, percent) => log.info({ file, percent }, 'downloading the embedding model'));
}
