import pino, { type Logger } from 'pino';

export type { Logger };

/** Logs go to stderr, so that stdout stays clean for --json output and the console. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined }, pino.destination({ fd: 2, sync: true }));
}

export const silentLogger: Logger = pino({ level: 'silent' });
