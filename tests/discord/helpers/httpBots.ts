// Quoth processes serving the HTTP interactions endpoint (no gateway, no bot token) against the
// fake Discord, for the end-to-end test and `npm run bench:discord -- --http`.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';

export interface HttpBotProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Where its endpoint listens (it picks a free port). */
  url: string;
  /** Everything it logged so far (JSON lines). */
  stderr(): string;
}

/** The line every endpoint process logs once it listens; its `url` says where. */
const LISTENING = 'serving Discord interactions over HTTP';

/**
 * Starts `node [args]` (bin/start.js, or a script that calls runBot) with the endpoint on a free
 * port and resolves once it listens. Logging must be at info or finer for the port to be seen.
 */
export async function startHttpBot(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<HttpBotProcess> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, INTERACTIONS_PORT: '0', ...env };
  // No bot token: an endpoint-only process answers with the interactions' own tokens.
  delete childEnv.DISCORD_TOKEN;
  const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no endpoint within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${stderr}`)));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      const line = stderr.split('\n').find((l) => l.includes(LISTENING));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
  });
  return { child, url, stderr: () => stderr };
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with the exit code. */
export async function stopHttpBot(bot: HttpBotProcess, graceMs = 20_000): Promise<number | null> {
  if (bot.child.exitCode !== null) return bot.child.exitCode;
  const exited = once(bot.child, 'exit');
  bot.child.kill('SIGTERM');
  const timer = setTimeout(() => bot.child.kill('SIGKILL'), graceMs);
  const [code] = (await exited) as [number | null];
  clearTimeout(timer);
  return code;
}
