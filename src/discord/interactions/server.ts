// Discord's other way of delivering interactions: an HTTPS POST to the application's Interactions
// Endpoint URL instead of a gateway event. Any number of stateless processes behind a load balancer
// can answer them, which is what lets the bot grow past one process (docs/scaling.md).
import type crypto from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InteractionResponseType, InteractionType, type APIInteraction, type APIInteractionResponse } from 'discord.js';
import type { Logger } from '../../shared/log.ts';
import { silentLogger } from '../../shared/log.ts';
import { verifyInteraction } from './verify.ts';

/**
 * Returns the response Discord shows (a reply, a deferral, autocomplete choices…), within 3 s.
 * `responded` settles once that response has been written out (rejects if the connection closed
 * first): a follow-up or edit must not race ahead of the acknowledgement it depends on.
 */
export type InteractionHandler = (
  interaction: APIInteraction,
  responded: Promise<void>,
) => Promise<APIInteractionResponse>;

export interface InteractionsServerOptions {
  publicKey: crypto.KeyObject;
  handler: InteractionHandler;
  /** INTERACTIONS_HOST; 127.0.0.1 by default: a TLS-terminating proxy in front is expected. */
  host?: string;
  /** INTERACTIONS_PORT; 0 picks a free port (tests). */
  port?: number;
  path?: string;
  /** Interactions are a few KB; anything much bigger is not from Discord. */
  maxBodyBytes?: number;
  replayWindowSeconds?: number;
  log?: Logger;
  /** The clock, for tests of the replay window. */
  now?: () => number;
}

export interface InteractionsServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Reads the body up to `max` bytes; null as soon as it is larger. The rest is drained and dropped
 * (not destroyed: the 413 must still reach the client), bounded by the server's requestTimeout.
 */
function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
      else if (chunks.length || size - chunk.length <= max) {
        // The first chunk over the limit: answer now, keep nothing.
        chunks.length = 0;
        resolve(null);
      }
    });
    req.on('end', () => resolve(size > max ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startInteractionsServer(opts: InteractionsServerOptions): Promise<InteractionsServer> {
  const route = opts.path ?? '/interactions';
  const max = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const window = opts.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS;
  const log = opts.log ?? silentLogger;

  async function onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname !== route) return sendJson(res, 404, { error: 'not found' });
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' }, { allow: 'POST' });
    const tooBig = (): void => {
      // Close the connection: the rest of the body is not worth reading.
      sendJson(res, 413, { error: 'body too large' }, { connection: 'close' });
      req.resume();
    };
    if (Number(req.headers['content-length'] ?? 0) > max) return tooBig();
    const body = await readBody(req, max);
    if (body === null) return tooBig();

    const header = (name: string): string | undefined => {
      const value = req.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const refused = verifyInteraction(
      opts.publicKey,
      { signature: header('x-signature-ed25519'), timestamp: header('x-signature-timestamp'), body },
      { replayWindowSeconds: window, now: opts.now?.() },
    );
    if (refused) {
      log.debug({ reason: refused, from: req.socket.remoteAddress }, 'refused an unsigned interaction request');
      return sendJson(res, 401, { error: 'invalid request signature' });
    }

    let interaction: APIInteraction;
    try {
      interaction = JSON.parse(body.toString('utf8')) as APIInteraction;
    } catch {
      return sendJson(res, 400, { error: 'body is not JSON' });
    }
    if (typeof interaction !== 'object' || interaction === null || typeof interaction.type !== 'number') {
      return sendJson(res, 400, { error: 'not an interaction' });
    }
    if (interaction.type === InteractionType.Ping) return sendJson(res, 200, { type: InteractionResponseType.Pong });

    const responded = new Promise<void>((resolve, reject) => {
      res.once('finish', resolve);
      res.once('close', () => reject(new Error('the interaction request closed before its response was sent')));
    });
    // Nobody may be waiting (a handler answering synchronously); an unhandled rejection would crash.
    responded.catch(() => undefined);
    try {
      sendJson(res, 200, await opts.handler(interaction, responded));
    } catch (err) {
      log.error({ err, interaction: interaction.id }, 'interaction handler failed');
      sendJson(res, 500, { error: 'internal error' });
    }
  }

  const server = http.createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      log.warn({ err }, 'interaction request failed');
      if (!res.headersSent) sendJson(res, 400, { error: 'bad request' });
      else res.destroy();
    });
  });
  // Discord sends the whole request at once; a client dribbling it out is holding a socket hostage.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  // A proxy in front keeps connections open for the next interactions, and must be the side that
  // closes an idle one (nginx: 60 s), or it may send a request on a socket this side is closing.
  // Reuse matters under load too: a busy event loop accepts about one new connection per turn.
  server.keepAliveTimeout = 65_000;
  server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}${route}`,
    port: address.port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
    },
  };
}

/** INTERACTIONS_HOST / INTERACTIONS_PORT, validated; the wiring phase reads them through this. */
export function interactionsListenConfig(env: NodeJS.ProcessEnv): { host: string; port: number } {
  const host = env.INTERACTIONS_HOST?.trim() || '127.0.0.1';
  const raw = env.INTERACTIONS_PORT?.trim() || '8787';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Configuration error: INTERACTIONS_PORT must be a port number (0 to 65535), not "${raw}".`);
  }
  return { host, port };
}
