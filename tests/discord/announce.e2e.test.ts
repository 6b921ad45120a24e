// Feed polling inside the running bot: the bot's own scheduler polls a feed added with /feed add and
// announces the new stories in the feed's channel through the fake Discord, which enforces the
// message limits on channel messages too.
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedServer, rss, storyPage, storyParagraphs, type TestItem } from '../../bench/feeds/feedServer.ts';
import { MANAGER_PERMISSIONS, type CommandOption } from './fake/fakeDiscord.ts';
import { makeUser, quotesIn, startHarness, str, type Harness } from './helpers/harness.ts';

let h: Harness;
let A: string;
let B: string;
let server: FeedServer;
const admin = makeUser('admin');

function story(slug: string, title: string, n: number): TestItem {
  const link = `${server.base}/news/${slug}`;
  server.routes.set(`/news/${slug}`, {
    body: storyPage({ title, canonical: link, paragraphs: storyParagraphs(n, slug) }),
  });
  return { guid: slug, title, link };
}

async function followFeed(guildId: string, url: string, channel?: string): Promise<void> {
  const options: CommandOption[] = [str('url', url)];
  if (channel) options.push({ name: 'channel', type: 7, value: channel });
  const r = await h.fake
    .sendCommand({
      guildId,
      user: admin,
      name: 'feed',
      options: [{ name: 'add', type: 1, options }],
      permissions: MANAGER_PERMISSIONS,
    })
    .reply();
  expect(r.content).toMatch(/^Following /);
}

/** Resolves when the bot has polled and `n` messages have arrived in channels. */
async function channelMessages(n: number, timeoutMs = 20_000): Promise<void> {
  const deadline = AbortSignal.timeout(timeoutMs);
  while (h.fake.channelMessages.length < n) await once(h.fake, 'channelMessage', { signal: deadline });
}

beforeAll(async () => {
  // The production sleep (up to 10 minutes): a feed added is polled at once because adding wakes the scheduler.
  h = await startHarness({ guilds: 2, allowPrivateUrls: true });
  A = h.guilds[0]!.id;
  B = h.guilds[1]!.id;
  server = await new FeedServer().start();
});

afterAll(async () => {
  await h?.close();
  await server?.stop();
});

describe('feed announcements', () => {
  it('announces a poll’s new stories in the feed’s channel: one message, title, link, one quoted sentence', async () => {
    const items = [story('tram', 'Tram Line Extended to the Harbour', 1), story('bridge', 'Old Bridge Reopens', 2)];
    server.routes.set('/transit.xml', { type: 'application/rss+xml', body: rss('Transit @everyone News', items) });
    const channel = h.fake.channelIds.get(A)!;
    await followFeed(A, `${server.base}/transit.xml`, channel);
    await channelMessages(1);
    // The poll that brought both stories sent one message, not one per story.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.fake.channelMessages).toHaveLength(1);
    const [{ channelId, body }] = h.fake.channelMessages as [(typeof h.fake.channelMessages)[number]];
    expect(channelId).toBe(channel);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.content).toBe('2 new articles from Transit @everyone News');
    const embeds = body.embeds as { title: string; url?: string; description?: string }[];
    expect(embeds.map((e) => [e.title, e.url])).toEqual([
      ['Tram Line Extended to the Harbour', `${server.base}/news/tram`],
      ['Old Bridge Reopens', `${server.base}/news/bridge`],
    ]);
    for (const [i, e] of embeds.entries()) {
      const article = h.library.list({ collection: A }).find((a) => a.title === e.title)!;
      const text = h.library.get(article.articleId, { collection: A }).text;
      const [sentence] = quotesIn(e.description!);
      expect(text.includes(sentence!.text)).toBe(true);
      expect(sentence!.text).toMatch(i === 0 ? /tram/ : /bridge/);
    }
  });

  it('stays quiet for a feed without a channel, and never posts in another server’s channel', async () => {
    server.routes.set('/quiet.xml', {
      type: 'application/rss+xml',
      body: rss('Quiet Times', [story('library', 'Library Opens Late', 4)]),
    });
    await followFeed(B, `${server.base}/quiet.xml`);
    // Someone else's channel id stored for a feed (say, by another edge): the bot refuses to post there.
    server.routes.set('/stray.xml', {
      type: 'application/rss+xml',
      body: rss('Stray Post', [story('pier', 'Pier Repainted', 5)]),
    });
    await h.feeds.add(`${server.base}/stray.xml`, { collection: B, channel: h.fake.channelIds.get(A)! });
    const deadline = Date.now() + 15_000;
    while (h.library.list({ collection: B }).length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      h.library
        .list({ collection: B })
        .map((a) => a.title)
        .sort(),
    ).toEqual(['Library Opens Late', 'Pier Repainted']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.fake.channelMessages).toHaveLength(1);
    expect(h.logs.some((l) => l.includes('feed announcement channel is not a channel of its server'))).toBe(true);
  });

  it('Discord refused nothing', () => {
    expect(h.fake.rejections).toEqual([]);
    expect(h.fake.unexpected).toEqual([]);
  });
});
