// The fake must refuse what Discord refuses, or the end-to-end tests prove nothing. These drive it
// with a bare WebSocket client and fetch, no discord.js.
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FakeDiscord, snowflake, type FakeInteraction } from './fake/fakeDiscord.ts';
import { validateCommands } from './fake/validate.ts';
import { TEST_TOKEN, makeUser } from './helpers/harness.ts';

let fake: FakeDiscord;
let ws: WebSocket;
const guild = { id: snowflake(), name: 'G' };
const user = makeUser('u');

beforeAll(async () => {
  fake = await FakeDiscord.start({ token: TEST_TOKEN, guilds: [guild], ackWindowMs: 300 });
  ws = new WebSocket(`${fake.gatewayUrl}/?v=10&encoding=json`);
  const frames: { op: number; t?: string; d: any }[] = [];
  ws.on('message', (m) => frames.push(JSON.parse(String(m))));
  await once(ws, 'open');
  ws.send(JSON.stringify({ op: 2, d: { token: TEST_TOKEN, intents: 1, properties: {} } }));
  await fake.waitForSession();
  await new Promise((r) => setTimeout(r, 50));
  expect(frames.map((f) => f.t ?? f.op)).toEqual([10, 'READY', 'GUILD_CREATE']);
  expect(frames[1]!.d).toMatchObject({
    session_id: expect.any(String),
    resume_gateway_url: fake.gatewayUrl,
    application: { id: fake.applicationId },
  });
});

afterAll(async () => {
  ws?.close();
  await fake?.close();
});

const post = (path: string, body: unknown, method = 'POST') =>
  fetch(`${fake.apiUrl}/v10${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const callback = (i: FakeInteraction, body: unknown) => post(`/interactions/${i.id}/${i.token}/callback`, body);
const command = () => fake.sendCommand({ guildId: guild.id, user, name: 'ask', options: [] });

describe('the fake enforces Discord rules', () => {
  it('10062 after the acknowledgement window, 40060 on a second acknowledgement', async () => {
    const late = command();
    await new Promise((r) => setTimeout(r, 400));
    const res = await callback(late, { type: 5 });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 10062, message: 'Unknown interaction' });

    const twice = command();
    expect((await callback(twice, { type: 5 })).status).toBe(204);
    const again = await callback(twice, { type: 5 });
    expect(await again.json()).toMatchObject({ code: 40060 });
  });

  it(
    '50035 for content over 2,000, an embed description over 4,096, ' +
      '6,000 across embeds, 26 choices; 50006 for an empty message',
    async () => {
      const tooLong = await callback(command(), { type: 4, data: { content: 'x'.repeat(2001) } });
      expect(tooLong.status).toBe(400);
      expect(await tooLong.json()).toMatchObject({
        code: 50035,
        errors: { data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } },
      });

      // Code points count, not UTF-16 units: 2,000 emoji are fine.
      expect((await callback(command(), { type: 4, data: { content: '😀'.repeat(2000) } })).status).toBe(204);

      const deferred = command();
      await callback(deferred, { type: 5 });
      const edit = (body: unknown) =>
        post(`/webhooks/${fake.applicationId}/${deferred.token}/messages/%40original`, body, 'PATCH');
      expect(await (await edit({ embeds: [{ description: 'x'.repeat(4097) }] })).json()).toMatchObject({ code: 50035 });
      expect(
        await (await edit({ embeds: [{ description: 'x'.repeat(4000) }, { description: 'x'.repeat(2001) }] })).json(),
      ).toMatchObject({ code: 50035 });
      const ok = await edit({ content: 'fine', allowed_mentions: { parse: [] } });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ content: 'fine', author: { id: fake.applicationId }, flags: 0 });

      const auto = fake.sendAutocomplete({ guildId: guild.id, user, name: 'ask', options: [] });
      const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `${i}` }));
      expect(await (await callback(auto, { type: 8, data: { choices } })).json()).toMatchObject({ code: 50035 });

      expect(await (await callback(command(), { type: 4, data: { content: '' } })).json()).toMatchObject({
        code: 50006,
      });
    },
  );

  it('10015 for a follow-up before the interaction is acknowledged', async () => {
    const i = command();
    const res = await post(`/webhooks/${fake.applicationId}/${i.token}?wait=true`, { content: 'hi' });
    expect(await res.json()).toMatchObject({ code: 10015 });
  });

  it('channel messages from the bot: bot token required, limits enforced, unknown channel 10003', async () => {
    const channel = fake.channelIds.get(guild.id)!;
    const send = (path: string, body: unknown, token = TEST_TOKEN) =>
      fetch(`${fake.apiUrl}/v10${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bot ${token}` },
        body: JSON.stringify(body),
      });
    expect((await send(`/channels/${channel}/messages`, { content: 'hi' }, 'wrong')).status).toBe(401);
    expect(await (await send(`/channels/${snowflake()}/messages`, { content: 'hi' })).json()).toMatchObject({
      code: 10003,
    });
    const tooBig = { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) };
    expect(await (await send(`/channels/${channel}/messages`, tooBig)).json()).toMatchObject({ code: 50035 });
    expect(await (await send(`/channels/${channel}/messages`, { content: ' ' })).json()).toMatchObject({
      code: 50006,
    });
    expect(fake.channelMessages).toEqual([]);
    const ok = await send(`/channels/${channel}/messages`, { content: 'news', allowed_mentions: { parse: [] } });
    expect(await ok.json()).toMatchObject({ channel_id: channel, guild_id: guild.id, content: 'news' });
    expect(fake.channelMessages).toEqual([
      { channelId: channel, body: { content: 'news', allowed_mentions: { parse: [] } } },
    ]);
  });

  it('command registration: subcommands are checked like options; context menus take no description or options', () => {
    const slash = (options: unknown[]) => ({ name: 'feed', description: 'd', options });
    expect(validateCommands([slash([{ name: 'add', type: 1, description: 'd', options: [] }])])).toEqual([]);
    expect(
      validateCommands([slash([{ name: 'add', type: 1, description: 'd', options: [{ name: 'Bad Name', type: 3 }] }])]),
    ).toMatchObject([{ path: '0.options.0.options.0.name' }, { path: '0.options.0.options.0.description' }]);
    expect(
      validateCommands([
        slash([
          { name: 'add', type: 1, description: 'd' },
          { name: 'x', type: 3, description: 'd' },
        ]),
      ]),
    ).toMatchObject([{ code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID' }]);
    expect(
      validateCommands([
        { name: 'Ask Quoth', type: 3 },
        { name: 'ask', description: 'd' },
      ]),
    ).toEqual([]);
    expect(validateCommands([{ name: 'Ask Quoth', type: 3, description: 'd' }])).toMatchObject([
      { code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION' },
    ]);
    expect(
      validateCommands([
        { name: 'x'.repeat(33), type: 3 },
        { name: 'ask', type: 3 },
        { name: 'ask', type: 3 },
      ]),
    ).toMatchObject([{ path: '0.name' }, { path: '2.name', code: 'APPLICATION_COMMANDS_DUPLICATE_NAME' }]);
  });

  it('401 for a wrong bot token; close 4004 for a wrong IDENTIFY', async () => {
    const res = await fetch(`${fake.apiUrl}/v10/gateway/bot`, { headers: { authorization: 'Bot wrong' } });
    expect(res.status).toBe(401);
    const bad = new WebSocket(fake.gatewayUrl);
    await once(bad, 'open');
    bad.send(JSON.stringify({ op: 2, d: { token: 'wrong' } }));
    const [code] = await once(bad, 'close');
    expect(code).toBe(4004);
  });
});
