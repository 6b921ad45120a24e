// The routes of an interaction's responses, under Discord's rules: the initial callback (or an HTTP
// endpoint's response, taken as one), then the webhook routes of follow-ups and the original message.
import type http from 'node:http';
import { performance } from 'node:perf_hooks';
import { type Fail, failer, json, notFound, type RouteRequest } from './httpReplies.ts';
import { makeMessage, updateMessage } from './fakeMessages.ts';
import type { FakeInteraction } from './fakeInteraction.ts';
import type { FakeDiscordState } from './fakeState.ts';
import { type BotReply, EPHEMERAL, LOADING } from './fakeTypes.ts';
import { isEmptyMessage, validateChoices, validateMessage } from './validate.ts';

/** An endpoint's HTTP response, taken as the interaction's callback (see FakeDiscord.takeHttpResponse). */
export function takeHttpResponse(
  fake: FakeDiscordState,
  interaction: FakeInteraction,
  body: Record<string, unknown>,
): void {
  const url = new URL(`/api/v10/interactions/${interaction.id}/${interaction.token}/callback`, fake.origin);
  const route = ['interactions', interaction.id, interaction.token, 'callback'];
  // Nobody reads this answer: the refusal, if any, is in `rejections`.
  const sink = { writeHead: () => sink, end: () => sink } as unknown as http.ServerResponse;
  onCallback(fake, interaction.id, interaction.token, body, url, sink, failer(fake, 'POST', url, route, sink));
}

export function onCallback(
  fake: FakeDiscordState,
  id: string,
  token: string,
  body: { type?: number; data?: Record<string, unknown> },
  url: URL,
  res: http.ServerResponse,
  fail: Fail,
): void {
  const interaction = fake.interactions.get(id);
  const now = performance.now();
  if (!interaction || interaction.token !== token || now - interaction.sentAt > fake.opts.ackWindowMs)
    return fail(404, 10062, 'Unknown interaction');
  if (interaction.ack) return fail(400, 40060, 'Interaction has already been acknowledged.');
  const data = body.data ?? {};
  const type = body.type;
  const isComponent = interaction.type === 3;
  const allowed = interaction.type === 4 ? [8] : isComponent ? [4, 5, 6, 7] : [4, 5];
  if (type === undefined || !allowed.includes(type))
    return fail(400, 50035, 'Invalid Form Body', [
      {
        path: 'type',
        code: 'INTERACTION_CALLBACK_TYPE_INVALID',
        message: `Callback type ${type} is not valid for this interaction.`,
      },
    ]);

  if (type === 8) {
    const errors = validateChoices(data.choices);
    if (errors.length) return fail(400, 50035, 'Invalid Form Body', errors);
  }
  if (type === 4 || type === 7) {
    fake.messages.push({ method: 'POST', path: url.pathname, body: data });
    const errors = validateMessage(data).map((e) => ({ ...e, path: `data.${e.path}` }));
    if (errors.length) return fail(400, 50035, 'Invalid Form Body', errors);
    if (type === 4 && isEmptyMessage(data)) return fail(400, 50006, 'Cannot send an empty message');
  }
  const flags = Number(data.flags ?? 0);
  interaction.ack = { type, flags, at: now };
  if (type === 4 || type === 5) {
    interaction.original = makeMessage(fake, interaction, type === 5 ? { content: '', flags: flags | LOADING } : data);
  } else if (type === 6 || type === 7) {
    // A component interaction's "original" is the message its button sits on.
    const onMessage = interaction.payload.message as Record<string, unknown>;
    interaction.original = fake.messagesById.get(String(onMessage.id)) ?? onMessage;
    if (type === 7) updateMessage(interaction.original, data);
    // Later clicks on the same message see its new buttons.
    for (const other of fake.interactions.values())
      if (other.original?.id === interaction.original.id) other.original = interaction.original;
  }
  if (type !== 5 && type !== 6)
    record(interaction, type === 4 ? 'reply' : type === 7 ? 'update' : 'autocomplete', data, (flags & EPHEMERAL) !== 0);
  if (url.searchParams.get('with_response') === 'true') {
    return json(res, 200, {
      interaction: { id, type: interaction.type },
      ...(interaction.original ? { resource: { type, message: interaction.original } } : {}),
    });
  }
  res.writeHead(204).end();
}

export function onWebhook(fake: FakeDiscordState, { method, route, body, url, res, fail }: RouteRequest): void {
  const interaction = [...fake.interactions.values()].find((i) => i.token === route[2]);
  if (!interaction?.ack) return fail(404, 10015, 'Unknown Webhook');
  const target = route[3] === 'messages' ? route[4] : undefined;

  if (method === 'POST' && route.length === 3) {
    fake.messages.push({ method, path: url.pathname, body });
    const errors = validateMessage(body);
    if (errors.length) return fail(400, 50035, 'Invalid Form Body', errors);
    if (isEmptyMessage(body)) return fail(400, 50006, 'Cannot send an empty message');
    const message = makeMessage(fake, interaction, body);
    record(interaction, 'followup', body, (Number(body.flags ?? 0) & EPHEMERAL) !== 0);
    return url.searchParams.get('wait') === 'true' ? json(res, 200, message) : void res.writeHead(204).end();
  }
  if (target !== '@original' || !interaction.original || interaction.deleted)
    return fail(404, 10008, 'Unknown Message');
  if (method === 'GET') return json(res, 200, interaction.original);
  if (method === 'DELETE') {
    interaction.deleted = true;
    res.writeHead(204).end();
    return;
  }
  if (method === 'PATCH') {
    fake.messages.push({ method, path: url.pathname, body });
    const errors = validateMessage(body);
    if (errors.length) return fail(400, 50035, 'Invalid Form Body', errors);
    updateMessage(interaction.original, body);
    record(interaction, 'edit', body, (Number(interaction.original.flags ?? 0) & EPHEMERAL) !== 0);
    return json(res, 200, interaction.original);
  }
  return notFound(fake, method, url.pathname, res);
}

function record(
  interaction: FakeInteraction,
  kind: BotReply['kind'],
  body: Record<string, unknown>,
  ephemeral: boolean,
): void {
  const source = kind === 'edit' || kind === 'update' ? { ...interaction.original, ...body } : body;
  interaction.replies.push({
    kind,
    ephemeral,
    content: String(source.content ?? ''),
    embeds: (source.embeds ?? []) as BotReply['embeds'],
    components: (source.components ?? []) as BotReply['components'],
    choices: (body.choices ?? []) as BotReply['choices'],
    body,
    at: performance.now(),
  });
  interaction.notify();
}
