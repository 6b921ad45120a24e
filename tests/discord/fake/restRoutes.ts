// The fake's REST API and CDN on its HTTP server: each request parsed as Discord would, then routed —
// interaction responses (interactionRoutes.ts), gateway/bot, channels and command registration.
import type http from 'node:http';
import { failer, json, notFound, type RouteRequest } from './httpReplies.ts';
import { onCallback, onWebhook } from './interactionRoutes.ts';
import { buildMessage } from './fakeMessages.ts';
import type { FakeDiscordState } from './fakeState.ts';
import { snowflake } from './fakeTypes.ts';
import { isEmptyMessage, validateCommands, validateMessage } from './validate.ts';

export async function onRequest(
  fake: FakeDiscordState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', fake.origin);
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  let body: any;
  if (raw && (req.headers['content-type'] ?? '').includes('application/json')) {
    try {
      body = JSON.parse(raw);
    } catch {
      return json(res, 400, { code: 50109, message: 'The request body contains invalid JSON.' });
    }
  } else if (raw) {
    fake.unexpected.push(`${req.method} ${url.pathname} with a ${req.headers['content-type']} body`);
    return json(res, 400, { code: 0, message: 'The fake only speaks JSON.' });
  }
  const method = req.method ?? 'GET';
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);

  if (method === 'GET' && parts[0] === 'attachments') return serveFile(fake, url.pathname, res);
  if (parts[0] !== 'api' || parts[1] !== 'v10') return notFound(fake, method, url.pathname, res);
  const route = parts.slice(2);
  const fail = failer(fake, method, url, route, res);

  // Interaction callback: POST /interactions/{id}/{token}/callback (no bot auth, like Discord).
  if (route[0] === 'interactions' && route[3] === 'callback' && method === 'POST') {
    return onCallback(fake, route[1]!, route[2]!, body ?? {}, url, res, fail);
  }
  // Webhook routes of an interaction: follow-ups and the original response.
  if (route[0] === 'webhooks' && route[1] === fake.applicationId && route[2]) {
    // Discord has taken an HTTP response as the acknowledgement before the bot, having sent it, follows up.
    await fake.interactionOfRoute(route)?.httpResponse;
    return onWebhook(fake, { method, route, body: body ?? {}, url, res, fail });
  }

  if (req.headers.authorization !== `Bot ${fake.opts.token}`) return fail(401, 0, '401: Unauthorized');
  if (method === 'GET' && route.join('/') === 'gateway/bot') {
    return json(res, 200, {
      url: fake.gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    });
  }
  if (route[0] === 'channels' && route[1]) return onChannel(fake, { method, route, body: body ?? {}, url, res, fail });
  if (method === 'PUT' && route[0] === 'applications' && route[route.length - 1] === 'commands') {
    if (route[1] !== fake.applicationId) return fail(403, 50001, 'Missing Access');
    const guildId = route[2] === 'guilds' ? route[3]! : null;
    if (guildId && !fake.opts.guilds.some((g) => g.id === guildId)) return fail(403, 50001, 'Missing Access');
    const errors = validateCommands(body);
    if (errors.length) return fail(400, 50035, 'Invalid Form Body', errors);
    const stored = (body as Record<string, unknown>[]).map((c) => ({
      ...c,
      id: fake.commandId(String(c.name)),
      application_id: fake.applicationId,
      version: snowflake(),
      ...(guildId ? { guild_id: guildId } : {}),
    }));
    fake.registeredCommands.set(guildId ?? 'global', stored);
    return json(res, 200, stored);
  }
  return notFound(fake, method, url.pathname, res);
}

/** GET /channels/{id} and POST /channels/{id}/messages: a bot posting on its own (feed announcements). */
function onChannel(fake: FakeDiscordState, { method, route, body, url, res, fail }: RouteRequest): void {
  const channelId = route[1]!;
  const guildId = [...fake.channelIds].find(([, c]) => c === channelId)?.[0];
  if (!guildId) return fail(404, 10003, 'Unknown Channel');
  if (method === 'GET' && route.length === 2) {
    return json(res, 200, { id: channelId, type: 0, name: 'general', guild_id: guildId, position: 0 });
  }
  if (method === 'POST' && route[2] === 'messages' && route.length === 3) {
    fake.messages.push({ method, path: url.pathname, body });
    const failure = fake.channelPostFailures.shift();
    if (failure) return fail(failure.status, failure.code, failure.message);
    const errors = validateMessage(body);
    if (errors.length) return fail(400, 50035, 'Invalid Form Body', errors);
    if (isEmptyMessage(body)) return fail(400, 50006, 'Cannot send an empty message');
    fake.channelMessages.push({ channelId, body });
    const message = buildMessage(fake, channelId, guildId, 0, body);
    fake.emit('channelMessage', { channelId, body });
    return json(res, 200, message);
  }
  return notFound(fake, method, url.pathname, res);
}

function serveFile(fake: FakeDiscordState, pathname: string, res: http.ServerResponse): void {
  const file = fake.attachmentsByPath.get(pathname);
  if (!file) return void json(res, 404, { code: 0, message: '404: Not Found' });
  res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length }).end(file.body);
}
