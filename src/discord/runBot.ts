import { loadCoreConfig } from '../config.ts';
import { QuothLibrary } from '../core/library.ts';
import { createLogger, type Logger } from '../core/log.ts';
import { createBot } from './bot.ts';
import { loadDiscordConfig } from './config.ts';

export interface RunBotOptions {
  /** Stops the bot like SIGINT/SIGTERM do (tests, embedding in another process). */
  signal?: AbortSignal;
  log?: Logger;
}

/**
 * Runs Quoth on Discord until SIGINT, SIGTERM or `opts.signal`: validates the configuration, opens
 * the library, logs in, and on shutdown destroys the client and closes the library (saving its
 * indexes). Resolves after a clean shutdown; throws an Error whose message is one line fit to print
 * without a stack (bad configuration, a token Discord rejects, Discord unreachable).
 */
export async function runBot(env: NodeJS.ProcessEnv, opts: RunBotOptions = {}): Promise<void> {
  const discord = loadDiscordConfig(env);
  const core = loadCoreConfig(env);
  const log = opts.log ?? createLogger(core.logLevel);

  const library = await QuothLibrary.open(core, { log });
  if (library.lexicalReason) log.warn(library.lexicalReason);
  const bot = createBot({ core: library, config: discord, log, maxArticleBytes: core.maxArticleBytes, fetchTimeoutMs: core.fetchTimeoutMs });

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
    await library.close();
  }
}
