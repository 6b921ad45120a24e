// Over the gateway the bot acknowledges a slash command from its raw dispatch when the router can
// tell how the command will start (a deferral of known visibility), before discord.js builds the
// interaction. The real bot against the fake Discord, which enforces Discord's rules.
import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { QuothCommand } from '../../src/discord/command.ts';
import { deferralResponse } from '../../src/discord/replies.ts';
import { GUILD_ONLY_MESSAGE } from '../../src/discord/router.ts';
import type { CommandOption } from './fake/fakeDiscord.ts';
import { type Harness, SAMPLES_DIR, makeUser, startHarness, str } from './helpers/harness.ts';

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

let h: Harness;
let guild: string;

beforeAll(async () => {
  h = await startHarness({ guilds: 1, cooldownSeconds: 60, commands: [...commands, liar] });
  guild = h.guilds[0]!.id;
  expect((await h.library.ingest([SAMPLES_DIR], { collection: guild })).failed).toEqual([]);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('early acknowledgement over the gateway', () => {
  it('acknowledges every command that declares a deferral with exactly the deferral its own deferReply sends', async () => {
    const deferring = commands.filter((c) => c.deferral);
    expect(deferring.map((c) => c.data.name).sort()).toEqual(Object.keys(OPTIONS).sort());
    for (const command of deferring) {
      const name = command.data.name;
      const sent = h.fake.sendCommand({ guildId: guild, user: makeUser(`u-${name}`), name, options: OPTIONS[name] });
      const reply = await sent.reply();
      const expected = deferralResponse(command.deferral!);
      expect(sent.ack, name).toMatchObject({ type: expected.type, flags: expected.data!.flags });
      expect(reply, name).toMatchObject({ kind: 'edit', ephemeral: command.deferral === 'ephemeral' });
      expect(sent.rejections, name).toEqual([]);
    }
    expect(h.logs.filter((l) => l.includes('early acknowledgement'))).toEqual([]);
  });

  it('sends the deferral before the command runs: a command deferring otherwise than declared is refused', async () => {
    const sent = h.fake.sendCommand({ guildId: guild, user: makeUser('liar'), name: 'liar' });
    await expect.poll(() => h.logs.some((l) => l.includes('differs from its early acknowledgement'))).toBe(true);
    // The ephemeral deferral went out, from the payload alone; the command's public one never did.
    expect(sent.ack).toMatchObject({ type: 5, flags: MessageFlags.Ephemeral });
    // The router's error message then tries a second initial response, which Discord refuses.
    await expect.poll(() => sent.rejections.map((r) => r.code)).toEqual([40060]);
  });

  it('answers a user in cooldown, and a command outside a server, as before: an ephemeral reply, no deferral', async () => {
    const user = makeUser('hasty');
    const first = h.fake.sendCommand({ guildId: guild, user, name: 'ask', options: OPTIONS.ask });
    const second = h.fake.sendCommand({ guildId: guild, user, name: 'ask', options: OPTIONS.ask });
    expect(await first.reply()).toMatchObject({ kind: 'edit', ephemeral: false });
    expect(await second.reply()).toMatchObject({ kind: 'reply', ephemeral: true });
    expect((await second.reply()).content).toMatch(/going a little fast/);
    expect(second.ack?.type).toBe(4);

    const direct = h.fake.sendCommand({ guildId: null, user: makeUser('dm'), name: 'ask', options: OPTIONS.ask });
    expect(await direct.reply()).toMatchObject({ kind: 'reply', ephemeral: true, content: GUILD_ONLY_MESSAGE });
  });

  it('answers commands without a deferral through discord.js as before', async () => {
    const about = h.fake.sendCommand({ guildId: guild, user: makeUser('curious'), name: 'about' });
    expect(await about.reply()).toMatchObject({ kind: 'reply' });
    expect(about.ack?.type).toBe(4);
  });
});
