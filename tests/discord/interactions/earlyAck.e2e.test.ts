// The HTTP endpoint acknowledges a slash command from its raw payload when the router can tell how
// the command will start (a deferral of known visibility), before discord.js builds anything. Here
// in one process: the fake Discord signs and POSTs each interaction to the real endpoint, whose
// real router and commands answer from a real library; the fake enforces Discord's rules.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { loadCoreConfig } from '../../../src/config.ts';
import { QuothLibrary } from '../../../src/core/library.ts';
import type { QuothCommand } from '../../../src/discord/command.ts';
import { loadDiscordConfig } from '../../../src/discord/config.ts';
import { createHttpBot, type HttpBot } from '../../../src/discord/interactions/httpBot.ts';
import { publicKeyFromHex } from '../../../src/discord/interactions/verify.ts';
import { deferralResponse } from '../../../src/discord/replies.ts';
import { GUILD_ONLY_MESSAGE } from '../../../src/discord/router.ts';
import { type CommandOption, FakeDiscord, snowflake } from '../fake/fakeDiscord.ts';
import { HttpDelivery } from '../fake/httpDelivery.ts';
import { SAMPLES_DIR, TEST_TOKEN, makeUser, str } from '../helpers/harness.ts';

const guild = { id: snowflake(), name: 'Early Server' };
let dataDir: string;
let library: QuothLibrary;
let fake: FakeDiscord;
let delivery: HttpDelivery;
let bot: HttpBot;
const logs: string[] = [];

/** Options that make each command with a deferral answer normally (every such command must be listed). */
const OPTIONS: Record<string, CommandOption[]> = {
  ask: [str('question', 'What does the flood wall protect?')],
  search: [str('query', 'flood wall')],
  summarize: [str('article', 'Harbor City')],
};

/** Test-only: declares an ephemeral deferral but defers publicly, the bug the early path refuses. */
const liar: QuothCommand = {
  data: new SlashCommandBuilder().setName('liar').setDescription('Defers otherwise than it says'),
  deferral: 'ephemeral',
  async execute(interaction) {
    await interaction.deferReply();
    await interaction.editReply('never shown');
  },
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'quoth-early-ack-'));
  const core = loadCoreConfig({ EMBEDDING_MODEL: 'none', LOG_LEVEL: 'silent' }, { dataDir, workers: 0 });
  library = await QuothLibrary.open(core, { embedder: null });
  expect((await library.ingest([SAMPLES_DIR], { collection: guild.id })).failed).toEqual([]);
  fake = await FakeDiscord.start({ token: TEST_TOKEN, guilds: [guild] });
  delivery = new HttpDelivery(fake, []);
  bot = createHttpBot({
    core: library,
    config: loadDiscordConfig({ DISCORD_API_URL: fake.apiUrl, COOLDOWN_SECONDS: '60' }, { requireToken: false }),
    log: pino({ level: 'debug', base: undefined }, { write: (line: string) => void logs.push(line) }),
    maxArticleBytes: core.maxArticleBytes,
    fetchTimeoutMs: core.fetchTimeoutMs,
    commands: [...commands, liar],
    drainMs: 2000,
    endpoint: { publicKey: publicKeyFromHex(delivery.publicKeyHex), host: '127.0.0.1', port: 0 },
  });
  await bot.start();
  delivery.endpoints.push(bot.url!);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  delivery?.close();
  await fake?.close();
  await library?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('early acknowledgement over HTTP', () => {
  it('acknowledges every command that declares a deferral with exactly the deferral its own deferReply sends', async () => {
    const deferring = commands.filter((c) => c.deferral);
    expect(deferring.map((c) => c.data.name).sort()).toEqual(Object.keys(OPTIONS).sort());
    for (const command of deferring) {
      const name = command.data.name;
      const sent = fake.sendCommand({ guildId: guild.id, user: makeUser(`u-${name}`), name, options: OPTIONS[name] });
      const reply = await sent.reply();
      const expected = deferralResponse(command.deferral!);
      expect(sent.ack, name).toMatchObject({ type: expected.type, flags: expected.data!.flags });
      // The command's deferReply matched the acknowledgement, or its answer would be an ephemeral error.
      expect(reply, name).toMatchObject({ kind: 'edit', ephemeral: command.deferral === 'ephemeral' });
      expect(sent.rejections, name).toEqual([]);
    }
    expect(logs.filter((l) => l.includes('early acknowledgement'))).toEqual([]);
  });

  it('sends the deferral before the command runs: a command deferring otherwise than declared is refused', async () => {
    const sent = fake.sendCommand({ guildId: guild.id, user: makeUser('liar'), name: 'liar' });
    await expect.poll(() => logs.some((l) => l.includes('differs from its early acknowledgement'))).toBe(true);
    // The ephemeral deferral went out, from the payload alone; the command's public one never did.
    expect(sent.ack).toMatchObject({ type: 5, flags: MessageFlags.Ephemeral });
    // The router's error message then tries a second initial response, which Discord refuses.
    await expect.poll(() => sent.rejections.map((r) => r.code)).toEqual([40060]);
  });

  it('answers a user in cooldown, and a command outside a server, as before: an ephemeral reply, no deferral', async () => {
    const user = makeUser('hasty');
    const first = fake.sendCommand({ guildId: guild.id, user, name: 'ask', options: OPTIONS.ask });
    const second = fake.sendCommand({ guildId: guild.id, user, name: 'ask', options: OPTIONS.ask });
    expect(await first.reply()).toMatchObject({ kind: 'edit', ephemeral: false });
    expect(await second.reply()).toMatchObject({ kind: 'reply', ephemeral: true });
    expect((await second.reply()).content).toMatch(/going a little fast/);
    expect(second.ack?.type).toBe(4);

    const direct = fake.sendCommand({ guildId: null, user: makeUser('dm'), name: 'ask', options: OPTIONS.ask });
    expect(await direct.reply()).toMatchObject({ kind: 'reply', ephemeral: true, content: GUILD_ONLY_MESSAGE });
  });

  it('answers commands without a deferral through discord.js as before', async () => {
    const about = fake.sendCommand({ guildId: guild.id, user: makeUser('curious'), name: 'about' });
    expect(await about.reply()).toMatchObject({ kind: 'reply' });
    expect(about.ack?.type).toBe(4);
  });
});
