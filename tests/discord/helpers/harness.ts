// Starts the real bot (real discord.js client, real QuothLibrary on a temp data dir) against the fake Discord.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { loadCoreConfig } from '../../../src/config.ts';
import type { QuothLibrary } from '../../../src/core/library.ts';
import type { Embedder } from '../../../src/embed/embedder.ts';
import { commands } from '../../../commands/index.ts';
import type { SenderOptions } from '../../../src/discord/announcementSender.ts';
import { createBot, type QuothBot } from '../../../src/discord/bot.ts';
import { openBotCore } from '../../../src/discord/botCore.ts';
import type { QuothCommand } from '../../../src/discord/command.ts';
import { loadDiscordConfig } from '../../../src/discord/config.ts';
import type { FeedService } from '../../../src/feeds/feedService.ts';
import type { QuothCore } from '../../../src/shared/types.ts';
import {
  FakeDiscord,
  snowflake,
  type BotReply,
  type CommandOption,
  type FakeGuild,
  type FakeUser,
} from '../fake/fakeDiscord.ts';

/** Shaped like a real bot token (the bot validates the shape before connecting). */
export const TEST_TOKEN = 'MTE3NzQ1NjM5MDEyMzQ1Njc4OQ.GfAkEt.quoth-test-token-not-a-real-secret_00';
export const SAMPLES_DIR = fileURLToPath(new URL('../../../samples/articles', import.meta.url));

export interface Harness {
  fake: FakeDiscord;
  /** The single writer. With workers, write through `core` instead, or the pool will not see it. */
  library: QuothLibrary;
  /** What the bot answers with: the library, or with workers a PooledCore over it. */
  core: QuothCore;
  /** The bot's feed subscriptions, on the library's database like in production. */
  feeds: FeedService;
  bot: QuothBot;
  guilds: FakeGuild[];
  dataDir: string;
  /** Log lines the bot wrote (JSON strings). */
  logs: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  guilds?: number;
  cooldownSeconds?: number;
  embedder?: Embedder | null;
  allowPrivateUrls?: boolean;
  heartbeatIntervalMs?: number;
  /** Longest sleep of the bot's feed polling (production: 10 minutes). */
  feedPollMaxSleepMs?: number;
  /** Retry waits of feed announcements (production: a minute, doubling up to an hour). */
  announcements?: SenderOptions;
  /** An existing data directory (a restarted bot): kept by close(). */
  dataDir?: string;
  /** An existing fake Discord (the same servers and channels for a restarted bot): left open by close(). */
  fake?: FakeDiscord;
  /** Instead of the bot's own commands (to add a test-only one). */
  commands?: readonly QuothCommand[];
  /**
   * Pool worker threads (QUOTH_WORKERS); 0, the default, answers in-process: starting workers costs
   * each test about a second of a shared 2-core machine, so only the pool's own e2e tests pay it.
   */
  workers?: number;
}

export function makeUser(name: string): FakeUser {
  return { id: snowflake(), username: name };
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'quoth-discord-')));
  const guilds =
    opts.fake?.opts.guilds ??
    Array.from({ length: opts.guilds ?? 2 }, (_, i) => ({
      id: snowflake(),
      name: `Test Server ${String.fromCharCode(65 + i)}`,
    }));
  const fake =
    opts.fake ??
    (await FakeDiscord.start({
      token: TEST_TOKEN,
      guilds,
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 1000,
    }));
  const core = loadCoreConfig(
    { EMBEDDING_MODEL: 'none', LOG_LEVEL: 'silent' },
    { dataDir, allowPrivateUrls: opts.allowPrivateUrls ?? false, workers: opts.workers ?? 0 },
  );
  // Workers load their model from the config; a test embedder object cannot cross to a thread.
  if (core.workers > 0 && opts.embedder) throw new Error('the harness runs workers in lexical mode only');
  const logs: string[] = [];
  const log = pino({ level: 'debug', base: undefined }, { write: (line: string) => void logs.push(line) });
  const opened = await openBotCore(core, log, { embedder: opts.embedder ?? null });
  const { library, feeds } = opened;
  const config = loadDiscordConfig({
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    COOLDOWN_SECONDS: String(opts.cooldownSeconds ?? 0),
  });
  const bot = createBot({
    core: opened.core,
    concurrency: opened.concurrency,
    config,
    log,
    maxArticleBytes: core.maxArticleBytes,
    fetchTimeoutMs: core.fetchTimeoutMs,
    drainMs: 2000,
    commands: opts.commands ?? commands,
    feeds: feeds.feeds,
    feedPolling: { maxSleepMs: opts.feedPollMaxSleepMs, announcements: opts.announcements },
  });
  await bot.start();
  return {
    fake,
    library,
    core: opened.core,
    feeds: feeds.feeds,
    bot,
    guilds,
    dataDir,
    logs,
    async close() {
      // Order matters: the client first, or it keeps reconnecting to the closing fake.
      await bot.stop();
      if (!opts.fake) await fake.close();
      await opened.close();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const str = (name: string, value: string, focused?: boolean): CommandOption => ({
  name,
  type: 3,
  value,
  ...(focused ? { focused } : {}),
});

/** The reply as the user reads it: content plus every embed's title, description and footer. */
export function visibleText(reply: BotReply): string {
  return [
    reply.content,
    ...reply.embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer?.text ?? '',
    ]),
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * The quotes of a description: runs of `> ` lines (or `> - ` bullets), markers removed, with a
 * trailing "…" (the mark of a cut) removed and reported.
 */
export function quotesIn(description: string, marker = '> '): { text: string; cut: boolean }[] {
  const quotes: { text: string; cut: boolean }[] = [];
  let current: string[] | null = null;
  const flush = (): void => {
    if (!current) return;
    let text = current.join('\n');
    const cut = text.endsWith('…');
    if (cut) text = text.slice(0, -1);
    quotes.push({ text, cut });
    current = null;
  };
  for (const line of description.split('\n')) {
    if (line.startsWith(marker)) {
      if (marker !== '> ' && current) flush();
      (current ??= []).push(line.slice(marker.length));
    } else if (marker !== '> ' && line.startsWith('>   ') && current) {
      current.push(line.slice(4));
    } else flush();
  }
  flush();
  return quotes;
}
