// The bot as an operator sees it: gateway reconnects, cooldown, unexpected errors, the core's URL
// safety, bad tokens and configuration, registering commands, and shutdown by signal.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { QuothCommand } from '../../src/discord/command.ts';
import { loadDiscordConfig } from '../../src/discord/config.ts';
import { deployCommands } from '../../src/discord/deployCommands.ts';
import { runBot } from '../../src/discord/runBot.ts';
import { FakeDiscord, MANAGER_PERMISSIONS, snowflake } from './fake/fakeDiscord.ts';
import { SAMPLES_DIR, TEST_TOKEN, makeUser, startHarness, str, type Harness } from './helpers/harness.ts';

/** A command that fails the way a bug would: not with a QuothError. */
const boom: QuothCommand = {
  data: new SlashCommandBuilder().setName('boom').setDescription('Throws.'),
  async execute(interaction: ChatInputCommandInteraction) {
    await interaction.deferReply();
    throw new TypeError('kaboom: cannot read properties of undefined');
  },
};

let h: Harness;
let G: string;
const admin = makeUser('admin');

beforeAll(async () => {
  h = await startHarness({ guilds: 1, cooldownSeconds: 60, heartbeatIntervalMs: 400, commands: [...commands, boom] });
  G = h.guilds[0]!.id;
  await h.library.ingest([SAMPLES_DIR], { collection: G });
});
afterAll(async () => h?.close());

describe('gateway', () => {
  it('notices a connection whose heartbeats go unanswered, resumes the session and still answers', async () => {
    h.fake.dropHeartbeatAcks = true;
    await once(h.fake, 'resumed', { signal: AbortSignal.timeout(15_000) });
    expect(h.fake.resumes).toBe(1);
    expect(h.fake.identifies).toBe(1);
    const r = await h.fake.sendCommand({ guildId: G, user: makeUser('after-resume'), name: 'about' }).reply();
    expect(r.embeds[0]!.description).toContain('**Articles in this server:** 6');
  });

  it('replays an interaction sent while the connection was down, and answers it in time', async () => {
    h.fake.dropConnection();
    const i = h.fake.sendCommand({
      guildId: G,
      user: makeUser('during-outage'),
      name: 'ask',
      options: [str('question', 'How many penalties decided the county cup final?')],
    });
    const r = await i.reply();
    expect(h.fake.resumes).toBe(2);
    expect(i.rejections).toEqual([]);
    expect(r.embeds[0]!.description).toContain('Millbrook');
  });
});

describe('cooldown', () => {
  it('stops a second command from the same user within the cooldown, politely and privately', async () => {
    const user = makeUser('hasty');
    await h.fake.sendCommand({ guildId: G, user, name: 'about' }).reply();
    const second = await h.fake.sendCommand({ guildId: G, user, name: 'about' }).reply();
    expect(second.ephemeral).toBe(true);
    expect(second.content).toMatch(/^You're going a little fast; try again in (60|59) seconds\.$/);
    const other = await h.fake.sendCommand({ guildId: G, user: makeUser('patient'), name: 'about' }).reply();
    expect(other.ephemeral).toBe(false);
  });
});

describe('errors', () => {
  it(
    'an unexpected error is logged with its stack; the ' + 'user gets one private sentence; the bot keeps running',
    async () => {
      const r = await h.fake.sendCommand({ guildId: G, user: makeUser('unlucky'), name: 'boom' }).reply();
      expect(r.ephemeral).toBe(true);
      expect(r.content).toBe('Something went wrong; the error was logged.');
      const logged = h.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'command failed');
      expect(logged.err.stack).toMatch(/TypeError: kaboom[\s\S]*operations\.e2e\.test\.ts/);
      const after = await h.fake.sendCommand({ guildId: G, user: makeUser('next'), name: 'about' }).reply();
      expect(after.embeds[0]!.title).toBe('About Quoth');
    },
  );

  it("/add keeps the core's URL safety: private addresses are refused when ALLOW_PRIVATE_URLS is off", async () => {
    const server = http.createServer((_req, res) => res.end('<title>secret</title><p>internal</p>'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin`;
    try {
      const r = await h.fake
        .sendCommand({
          guildId: G,
          user: admin,
          name: 'add',
          permissions: MANAGER_PERMISSIONS,
          options: [str('url', url)],
        })
        .reply();
      expect(r.ephemeral).toBe(true);
      expect(r.content).toMatch(
        /^Refusing to fetch http:\/\/127\.0\.0\.1:\d+\/admin: 127\.0\.0\.1 is a private or local address/,
      );
    } finally {
      server.close();
    }
  });

  it('Discord refused nothing the bot sent, and every message allowed no mentions', () => {
    expect(h.fake.rejections).toEqual([]);
    expect(h.fake.unexpected).toEqual([]);
    for (const m of h.fake.messages) expect(m.body.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('configuration and tokens', () => {
  it('a missing or malformed token is one clear line', async () => {
    await expect(runBot({}, { commands })).rejects.toThrow(
      /^Configuration error: DISCORD_TOKEN is missing; put your bot token in \.env/,
    );
    await expect(runBot({ DISCORD_TOKEN: 'hunter2' }, { commands })).rejects.toThrow(
      'Configuration error: DISCORD_TOKEN does not look like a bot token',
    );
    await expect(runBot({ DISCORD_TOKEN: TEST_TOKEN, COOLDOWN_SECONDS: 'soon' }, { commands })).rejects.toThrow(
      'Configuration error: COOLDOWN_SECONDS must be a number of seconds.',
    );
    expect(() => loadDiscordConfig({ DISCORD_TOKEN: TEST_TOKEN }, { requireClientId: true })).toThrow(
      /DISCORD_CLIENT_ID is missing/,
    );
  });

  it('a token Discord rejects is one clear line, and nothing is left running', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'quoth-discord-badtoken-'));
    const fake = await FakeDiscord.start({ token: TEST_TOKEN, guilds: [] });
    try {
      const env = {
        DISCORD_TOKEN: TEST_TOKEN.replace('GfAkEt', 'WrOnGg'),
        DISCORD_API_URL: fake.apiUrl,
        DATA_DIR: dataDir,
        EMBEDDING_MODEL: 'none',
      };
      const err = await runBot(env, { commands, log: pino({ level: 'silent' }) }).catch((e: Error) => e);
      expect((err as Error).message).toBe(
        'Discord rejected DISCORD_TOKEN (401 Unauthorized); copy the ' +
          'token again from the Developer Portal (Bot → Reset Token).',
      );
    } finally {
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('deploy-commands', () => {
  it(
    'registers all ten commands in one server, or globally; ' + 'admin commands need Manage Server; all are guild-only',
    async () => {
      const config = loadDiscordConfig({
        DISCORD_TOKEN: TEST_TOKEN,
        DISCORD_CLIENT_ID: h.fake.applicationId,
        DISCORD_GUILD_ID: G,
        DISCORD_API_URL: h.fake.apiUrl,
      });
      const result = await deployCommands(config, commands);
      expect(result).toEqual({
        scope: 'guild',
        guildId: G,
        names: [
          'ask',
          'search',
          'summarize',
          'articles',
          'add',
          'remove',
          'feed',
          'about',
          'Ask Quoth',
          'Add to library',
        ],
      });
      const stored = h.fake.registeredCommands.get(G)!;
      const byName = Object.fromEntries(stored.map((c) => [c.name, c]));
      expect(byName.add!.default_member_permissions).toBe('32');
      expect(byName.remove!.default_member_permissions).toBe('32');
      expect(byName.feed!.default_member_permissions).toBe('32');
      expect(byName.ask!.default_member_permissions ?? null).toBeNull();
      for (const c of stored) expect(c.contexts).toEqual([0]);
      expect(
        (byName.ask!.options as { name: string; autocomplete?: boolean }[]).find((o) => o.name === 'article')!
          .autocomplete,
      ).toBe(true);

      const global = await deployCommands({ ...config, guildId: null }, commands);
      expect(global.scope).toBe('global');
      expect(h.fake.registeredCommands.get('global')).toHaveLength(commands.length);

      await expect(deployCommands({ ...config, clientId: snowflake() }, commands)).rejects.toThrow(
        /^Discord refused to register the commands \(HTTP 403\): check DISCORD_CLIENT_ID/,
      );
    },
  );
});

describe('shutdown', () => {
  it('runBot stops cleanly when asked (as on SIGINT/SIGTERM): client destroyed, library closed', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'quoth-discord-run-'));
    const fake = await FakeDiscord.start({ token: TEST_TOKEN, guilds: [{ id: snowflake(), name: 'R' }] });
    const stop = new AbortController();
    try {
      const env = {
        DISCORD_TOKEN: TEST_TOKEN,
        DISCORD_API_URL: fake.apiUrl,
        DATA_DIR: dataDir,
        EMBEDDING_MODEL: 'none',
      };
      const running = runBot(env, { commands, signal: stop.signal, log: pino({ level: 'silent' }) });
      await fake.waitForSession();
      const guildId = [...fake.channelIds.keys()][0]!;
      const r = await fake.sendCommand({ guildId, user: makeUser('u'), name: 'about' }).reply();
      expect(r.embeds[0]!.description).toContain('**Articles in this server:** 0');
      stop.abort();
      await running;
    } finally {
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('SIGTERM ends the process with exit code 0 and nothing left running', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'quoth-discord-signal-'));
    const fake = await FakeDiscord.start({ token: TEST_TOKEN, guilds: [{ id: snowflake(), name: 'S' }] });
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(new URL('./fixtures/runBotChild.ts', import.meta.url))],
        {
          env: {
            ...process.env,
            DISCORD_TOKEN: TEST_TOKEN,
            DISCORD_API_URL: fake.apiUrl,
            DATA_DIR: dataDir,
            EMBEDDING_MODEL: 'none',
            LOG_LEVEL: 'info',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      await fake.waitForSession(30_000);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit', { signal: AbortSignal.timeout(20_000) });
      expect({ code, stdout }).toEqual({ code: 0, stdout: 'stopped cleanly\n' });
      expect(stderr).toContain('shutting down');
    } finally {
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
