import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Logs go to stderr, so that stdout stays clean for --json output and the console. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined }, pino.destination({ fd: 2, sync: true }));
}

/**
 * For the CLI and the console: JSON lines where stderr is read by a program, one plain line per
 * record where a person reads it ("Quoth warning: rebuilt the vector index… (reason: …)").
 * Written here rather than with pino-pretty: one line of formatting does not need a dependency.
 */
export function createTerminalLogger(
  level = process.env.LOG_LEVEL ?? 'info',
  terminal: { isTTY?: boolean; write(line: string): unknown } = process.stderr,
): Logger {
  if (!terminal.isTTY) return createLogger(level);
  const plain: DestinationStream = {
    write(line: string) {
      const { level: n, msg, time: _time, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const label = n === 40 ? 'warning' : (pino.levels.labels[Number(n)] ?? 'log');
      const extra = Object.entries(fields)
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(', ');
      terminal.write(`Quoth ${label}: ${String(msg ?? '')}${extra ? ` (${extra})` : ''}\n`);
    },
  };
  return pino({ level, base: undefined }, plain);
}

export const silentLogger: Logger = pino({ level: 'silent' });
