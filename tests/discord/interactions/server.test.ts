// The HTTP interactions endpoint on 127.0.0.1 with a generated Ed25519 key pair standing in for
// Discord's: real HTTP requests, real signatures, nothing mocked.
import crypto from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIInteraction } from 'discord.js';
import { createInteractionWebhooks } from '../../../src/discord/interactions/followUp.ts';
import {
  interactionsListenConfig,
  startInteractionsServer,
  type InteractionsServer,
} from '../../../src/discord/interactions/server.ts';
import { publicKeyFromHex } from '../../../src/discord/interactions/verify.ts';

const discordKeys = crypto.generateKeyPairSync('ed25519');
const strangerKeys = crypto.generateKeyPairSync('ed25519');
/** The raw 32-byte key, hex, as the Developer Portal shows it: the last 32 bytes of the SPKI DER. */
const publicKeyHex = discordKeys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

function sign(body: string, timestamp: string, key = discordKeys.privateKey): string {
  return crypto.sign(null, Buffer.from(timestamp + body), key).toString('hex');
}

function nowSeconds(offset = 0): string {
  return String(Math.floor(Date.now() / 1000) + offset);
}

const seen: APIInteraction[] = [];
let server: InteractionsServer;

beforeAll(async () => {
  server = await startInteractionsServer({
    publicKey: publicKeyFromHex(publicKeyHex),
    host: '127.0.0.1',
    port: 0,
    maxBodyBytes: 4096,
    handler: async (interaction) => {
      seen.push(interaction);
      if ((interaction.data as { name?: string } | undefined)?.name === 'explode') throw new Error('handler bug');
      return { type: 5 };
    },
  });
});
afterAll(() => server?.close());

async function post(body: string, headers: Record<string, string>, url = server.url) {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, json: await res.json().catch(() => null) };
}

function signed(body: string, timestamp = nowSeconds()): Record<string, string> {
  return { 'x-signature-ed25519': sign(body, timestamp), 'x-signature-timestamp': timestamp };
}

describe('POST /interactions', () => {
  const ping = JSON.stringify({ id: '1', application_id: '2', type: 1, token: 't', version: 1 });
  const command = JSON.stringify({ id: '3', application_id: '2', type: 2, token: 'tok', data: { name: 'ask' } });

  it('answers a signed PING with PONG', async () => {
    expect(await post(ping, signed(ping))).toEqual({ status: 200, json: { type: 1 } });
  });

  it('hands a signed command to the handler and returns its response', async () => {
    expect(await post(command, signed(command))).toEqual({ status: 200, json: { type: 5 } });
    expect(seen.at(-1)).toEqual(JSON.parse(command));
  });

  it('refuses missing, malformed and foreign signatures with 401', async () => {
    const ts = nowSeconds();
    expect((await post(ping, {})).status).toBe(401);
    expect((await post(ping, { 'x-signature-timestamp': ts })).status).toBe(401);
    expect((await post(ping, { 'x-signature-ed25519': 'abc', 'x-signature-timestamp': ts })).status).toBe(401);
    const foreign = { 'x-signature-ed25519': sign(ping, ts, strangerKeys.privateKey), 'x-signature-timestamp': ts };
    expect(await post(ping, foreign)).toEqual({ status: 401, json: { error: 'invalid request signature' } });
  });

  it('refuses a tampered body and a re-dated signature with 401', async () => {
    const headers = signed(command);
    const before = seen.length;
    expect((await post(command.replace('"ask"', '"remove"'), headers)).status).toBe(401);
    // One second before the signed timestamp (not "now - 1", which equals it once a second has passed).
    const other = String(Number(headers['x-signature-timestamp']) - 1);
    expect((await post(command, { ...headers, 'x-signature-timestamp': other })).status).toBe(401);
    expect(seen.length).toBe(before);
  });

  it('refuses timestamps outside the five-minute replay window with 401', async () => {
    // Ten seconds past the window, not one: the timestamp is whole seconds and the server reads its
    // clock a moment later, so +301 signed at x.999 s was 299.99 s ahead when checked (a CI run failed so).
    expect((await post(ping, signed(ping, nowSeconds(-310)))).status).toBe(401);
    expect((await post(ping, signed(ping, nowSeconds(+310)))).status).toBe(401);
    expect((await post(ping, signed(ping, nowSeconds(-240)))).status).toBe(200);
  });

  it('refuses an oversize body with 413, signed or not', async () => {
    const big = JSON.stringify({ type: 2, padding: 'x'.repeat(5000) });
    expect((await post(big, signed(big))).status).toBe(413);
  });

  it('refuses an oversize chunked body (no Content-Length) with 413 as soon as it is too big', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(server.url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      // 3 KiB, 3 KiB, 8 KiB, without ending: the answer must not wait for the end of the body.
      req.write('x'.repeat(3072));
      req.write('x'.repeat(3072));
      req.write('x'.repeat(8192));
    });
    expect(status).toBe(413);
  });

  it('answers 400 to a signed body that is not JSON or not an interaction', async () => {
    expect((await post('{nope', signed('{nope'))).status).toBe(400);
    expect((await post('[1,2]', signed('[1,2]'))).status).toBe(400);
  });

  it('answers 500 when the handler throws, 404 off the route and 405 to other methods', async () => {
    const explode = JSON.stringify({ id: '4', type: 2, token: 'x', data: { name: 'explode' } });
    expect((await post(explode, signed(explode))).status).toBe(500);
    expect((await post(ping, signed(ping), server.url.replace('/interactions', '/other'))).status).toBe(404);
    const get = await fetch(server.url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});

describe('interaction webhooks', () => {
  it('completes a deferred reply with PATCH …/messages/@original and no bot token', async () => {
    const requests: { method: string; url: string; auth: string | undefined; body: unknown }[] = [];
    const api = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        // @discordjs/rest sends '@original' as %40original, as it does for the gateway bot; Discord decodes it.
        const url = decodeURIComponent(req.url!);
        const body: unknown = text ? JSON.parse(text) : null;
        requests.push({ method: req.method!, url, auth: req.headers.authorization, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: '9', content: 'ok' }));
      });
    });
    api.listen(0, '127.0.0.1');
    await once(api, 'listening');
    try {
      const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/api`;
      const hooks = createInteractionWebhooks({ applicationId: '1234', apiUrl });
      await hooks.editOriginal('tok-en', { content: 'The answer.', allowed_mentions: { parse: [] } });
      await hooks.followUp('tok-en', { content: 'More.', flags: 64 });
      const followed = { content: 'More.', flags: 64 };
      const edited = { content: 'The answer.', allowed_mentions: { parse: [] } };
      expect(requests).toEqual([
        { method: 'PATCH', url: '/api/v10/webhooks/1234/tok-en/messages/@original', auth: undefined, body: edited },
        { method: 'POST', url: '/api/v10/webhooks/1234/tok-en', auth: undefined, body: followed },
      ]);
    } finally {
      api.close();
    }
  });
});

describe('interactionsListenConfig', () => {
  it('defaults to 127.0.0.1:8787 and names a bad port', () => {
    expect(interactionsListenConfig({})).toEqual({ host: '127.0.0.1', port: 8787 });
    const env = { INTERACTIONS_HOST: '0.0.0.0', INTERACTIONS_PORT: '9000' };
    expect(interactionsListenConfig(env)).toEqual({ host: '0.0.0.0', port: 9000 });
    const bad = () => interactionsListenConfig({ INTERACTIONS_PORT: 'http' });
    expect(bad).toThrow(/^Configuration error: INTERACTIONS_PORT/);
  });
});
