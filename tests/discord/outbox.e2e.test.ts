// Feed announcements are kept in the outbox until Discord has taken them: the real bot against the
// fake Discord, on real data directories, across a process that ended before announcing, a Discord
// that fails for a while, one that refuses, and a restart.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedServer, rss, storyPage, storyParagraphs, type TestItem } from '../../bench/feeds/feedServer.ts';
import { loadCoreConfig } from '../../src/config.ts';
import { openBotCore } from '../../src/discord/botCore.ts';
import { FakeDiscord, snowflake } from './fake/fakeDiscord.ts';
import { type Harness, startHarness, TEST_TOKEN } from './helpers/harness.ts';

let fake: FakeDiscord;
let server: FeedServer;
let A: string;
let channelA: string;
const dirs: string[] = [];

const OUTAGE = { status: 500, code: 0, message: '500: Internal Server Error' };
/** discord.js tries a request 4 times (its 3 retries) before a 5xx reaches the bot. */
const OUTAGE_OF_ONE_POST = [OUTAGE, OUTAGE, OUTAGE, OUTAGE];

/** `/NAME.xml`: a feed titled NAME of `n` stories, whose pages are served too. */
function serveFeed(name: string, n: number): string {
  const items: TestItem[] = Array.from({ length: n }, (_, i) => {
    const slug = `${name}-${i + 1}`;
    const link = `${server.base}/news/${slug}`;
    server.routes.set(`/news/${slug}`, {
      body: storyPage({ title: `Story ${slug}`, canonical: link, paragraphs: storyParagraphs(1, slug) }),
    });
    return { guid: `urn:${slug}`, title: `Story ${slug}`, link };
  });
  server.routes.set(`/${name}.xml`, { type: 'application/rss+xml', body: rss(name, items) });
  return `${server.base}/${name}.xml`;
}

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'quoth-outbox-'));
  dirs.push(dir);
  return dir;
}

async function until(what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const logged = (h: Harness, msg: string): number => h.logs.filter((l) => JSON.parse(l).msg === msg).length;
const messagesFrom = (feed: string) => fake.channelMessages.filter((m) => String(m.body.content).endsWith(feed));
const pendingRows = (h: Harness) => h.feeds.store.outbox.pending();

beforeAll(async () => {
  server = await new FeedServer().start();
  A = snowflake();
  fake = await FakeDiscord.start({ token: TEST_TOKEN, guilds: [{ id: A, name: 'Test Server A' }] });
  channelA = fake.channelIds.get(A)!;
});

afterAll(async () => {
  await fake?.close();
  await server?.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('the announcement outbox', () => {
  it('announces on start-up, once, what a poll stored before its process ended', async () => {
    const dir = await dataDir();
    const url = serveFeed('Harbour', 2);
    // A process that polls and ends before announcing: what a crash right after the poll leaves on disk.
    const config = loadCoreConfig(
      { EMBEDDING_MODEL: 'none', LOG_LEVEL: 'silent' },
      { dataDir: dir, allowPrivateUrls: true, workers: 0 },
    );
    const before = await openBotCore(config, pino({ level: 'silent' }), { embedder: null });
    const { feedId } = await before.feeds.feeds.add(url, { collection: A, channel: channelA });
    expect(await before.feeds.feeds.poll({ force: true })).toMatchObject({ added: 2 });
    expect(before.feeds.feeds.store.outbox.pending()).toHaveLength(2);
    await before.close();

    const h = await startHarness({ fake, dataDir: dir, allowPrivateUrls: true, feedPollMaxSleepMs: 200 });
    try {
      await until('the start-up announcement', () => messagesFrom('Harbour').length > 0);
      const [message] = messagesFrom('Harbour');
      expect(message!.channelId).toBe(channelA);
      expect(message!.body.content).toBe('2 new articles from Harbour');
      expect((message!.body.embeds as { title: string }[]).map((e) => e.title)).toEqual([
        'Story Harbour-1',
        'Story Harbour-2',
      ]);
      await until('the outbox to empty', () => pendingRows(h).length === 0);

      // The normal path from here: the next poll finds nothing new and announces nothing.
      const polls = logged(h, 'polled feeds');
      h.feeds.store.updateFeed(feedId, { next_poll_at: 0 });
      await until('the next poll', () => logged(h, 'polled feeds') > polls);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(messagesFrom('Harbour')).toHaveLength(1);
      expect(pendingRows(h)).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('keeps an announcement Discord failed to take, and posts it on the next attempt', async () => {
    const h = await startHarness({ fake, allowPrivateUrls: true, announcements: { retryBaseMs: 300 } });
    try {
      const rejected = fake.rejections.length;
      fake.channelPostFailures.push(...OUTAGE_OF_ONE_POST);
      await h.feeds.add(serveFeed('Ferry', 1), { collection: A, channel: channelA });
      await until('the failed post', () => logged(h, 'could not announce new feed articles; will retry') === 1);
      expect(pendingRows(h)).toMatchObject([{ attempts: 1, last_error: expect.stringContaining('500') }]);
      expect(fake.rejections.slice(rejected).map((r) => r.status)).toEqual([500, 500, 500, 500]);

      await until('the retry', () => messagesFrom('Ferry').length > 0);
      expect(messagesFrom('Ferry').map((m) => m.body.content)).toEqual(['1 new article from Ferry']);
      await until('the outbox to empty', () => pendingRows(h).length === 0);
    } finally {
      await h.close();
    }
  });

  it('posts on restart what a failed post left pending, without waiting out its backoff', async () => {
    const dir = await dataDir();
    const first = await startHarness({ fake, dataDir: dir, allowPrivateUrls: true });
    try {
      fake.channelPostFailures.push(...OUTAGE_OF_ONE_POST);
      await first.feeds.add(serveFeed('Tramway', 1), { collection: A, channel: channelA });
      await until('the failed post', () => logged(first, 'could not announce new feed articles; will retry') === 1);
    } finally {
      await first.close();
    }
    // The production backoff (a minute) has not passed; the new process posts at once.
    const second = await startHarness({ fake, dataDir: dir, allowPrivateUrls: true });
    try {
      await until('the start-up announcement', () => messagesFrom('Tramway').length > 0);
      expect(messagesFrom('Tramway')).toHaveLength(1);
      await until('the outbox to empty', () => pendingRows(second).length === 0);
    } finally {
      await second.close();
    }
  });

  it('drops what Discord refuses: missing access, a channel that does not exist', async () => {
    const h = await startHarness({ fake, allowPrivateUrls: true, announcements: { retryBaseMs: 300 } });
    try {
      fake.channelPostFailures.push({ status: 403, code: 50001, message: 'Missing Access' });
      await h.feeds.add(serveFeed('Closed', 1), { collection: A, channel: channelA });
      const dropped = 'dropped a feed announcement: Discord refused it';
      await until('the refusal', () => logged(h, dropped) === 1);
      expect(h.logs.find((l) => JSON.parse(l).msg === dropped)).toContain('Missing Access');
      expect(pendingRows(h)).toEqual([]);

      await h.feeds.add(serveFeed('Gone', 1), { collection: A, channel: snowflake() });
      await until('the unknown channel', () => logged(h, dropped) === 2);
      expect(h.logs.filter((l) => JSON.parse(l).msg === dropped)[1]).toContain('Unknown Channel');
      expect(pendingRows(h)).toEqual([]);
      // Neither was retried.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(messagesFrom('Closed')).toEqual([]);
      expect(messagesFrom('Gone')).toEqual([]);
      expect(logged(h, 'could not announce new feed articles; will retry')).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('gives up after the most failed attempts it allows, with a log line', async () => {
    const h = await startHarness({
      fake,
      allowPrivateUrls: true,
      announcements: { retryBaseMs: 100, maxAttempts: 2 },
    });
    try {
      fake.channelPostFailures.push(...OUTAGE_OF_ONE_POST, ...OUTAGE_OF_ONE_POST);
      await h.feeds.add(serveFeed('Outage', 1), { collection: A, channel: channelA });
      await until('giving up', () => logged(h, 'dropped a feed announcement: it failed 2 times') === 1);
      expect(logged(h, 'could not announce new feed articles; will retry')).toBe(1);
      expect(pendingRows(h)).toEqual([]);
      expect(fake.channelPostFailures).toEqual([]);
      expect(messagesFrom('Outage')).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('took every message it accepted as sent, and saw no unexpected request', () => {
    expect(fake.unexpected).toEqual([]);
    expect(fake.channelPostFailures).toEqual([]);
  });
});
