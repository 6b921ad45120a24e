// /feed add|list|remove end to end: the real discord.js client against the fake Discord, on a real
// library and FeedService, with feeds and story pages served on 127.0.0.1 (so private URLs are allowed).
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedServer, rss, storyPage, storyParagraphs, type TestItem } from '../../bench/feeds/feedServer.ts';
import { MANAGER_PERMISSIONS, MEMBER_PERMISSIONS, type CommandOption } from './fake/fakeDiscord.ts';
import { makeUser, startHarness, str, type Harness } from './helpers/harness.ts';

let h: Harness;
let A: string;
let B: string;
let server: FeedServer;
let slow: http.Server;
let slowBase: string;
const admin = makeUser('admin');
const member = makeUser('member');

const sub = (name: string, options: CommandOption[] = []): CommandOption => ({ name, type: 1, options });

function story(slug: string, title: string, n: number): TestItem {
  const link = `${server.base}/news/${slug}`;
  server.routes.set(`/news/${slug}`, {
    body: storyPage({ title, canonical: link, paragraphs: storyParagraphs(n, slug) }),
  });
  return { guid: slug, title, link };
}

function feedCommand(guildId: string, options: CommandOption[], permissions = MANAGER_PERMISSIONS) {
  return h.fake.sendCommand({ guildId, user: admin, name: 'feed', options, permissions });
}

beforeAll(async () => {
  h = await startHarness({ guilds: 2, allowPrivateUrls: true });
  A = h.guilds[0]!.id;
  B = h.guilds[1]!.id;
  server = await new FeedServer().start();
  const items = [story('tram', 'Tram Line Extended to the Harbour', 1), story('bridge', 'Old Bridge Reopens', 2)];
  server.routes.set('/transit.xml', { type: 'application/rss+xml', body: rss('Transit News', items) });
  server.routes.set('/page.html', { body: '<html><body><p>Just a page.</p></body></html>' });
  // A feed host slower than Discord's 3-second acknowledgement window.
  slow = http.createServer((_req, res) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Slow Gazette', []));
    }, 3500);
  });
  slow.listen(0, '127.0.0.1');
  await once(slow, 'listening');
  slowBase = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
});

afterAll(async () => {
  slow?.closeAllConnections();
  slow?.close();
  await server?.stop();
  await h?.close();
});

describe('/feed', () => {
  it('refuses members without Manage Server, privately, and follows nothing', async () => {
    const r = await h.fake
      .sendCommand({
        guildId: A,
        user: member,
        name: 'feed',
        options: [sub('add', [str('url', `${server.base}/transit.xml`)])],
        permissions: MEMBER_PERMISSIONS,
      })
      .reply();
    expect(r.ephemeral).toBe(true);
    expect(r.content).toBe('You need the Manage Server permission to manage feeds.');
    expect(h.feeds.list({ collection: A }).feeds).toEqual([]);
  });

  it('follows a feed, acknowledging in time even when the feed host is slow', async () => {
    const channel = h.fake.channelIds.get(A)!;
    const slowAdd = feedCommand(A, [sub('add', [str('url', `${slowBase}/feed.xml`)])]);
    const add = feedCommand(A, [sub('add', [str('url', `${server.base}/transit.xml`), chan('channel', channel)])]);
    const [slowReply, reply] = await Promise.all([slowAdd.reply(), add.reply()]);
    expect(slowAdd.ack?.type).toBe(5);
    expect(slowReply).toMatchObject({ kind: 'edit', ephemeral: true });
    expect(slowReply.content).toMatch(/^Following \[Slow Gazette\]\(http:\/\/127\.0\.0\.1:\d+\/feed\.xml\)/);
    expect(reply.content).toBe(
      `Following [Transit News](${server.base}/transit.xml); adding its 2 stories now; new ones follow with every poll. ` +
        `New stories will be announced in <#${channel}>.`,
    );
    expect(slowReply.content).toMatch(/; it has no stories yet; new ones are added with every poll\.$/);
    const feeds = h.feeds.list({ collection: A }).feeds;
    expect(feeds.map((f) => [f.title, f.channelId]).sort()).toEqual([
      ['Slow Gazette', null],
      ['Transit News', channel],
    ]);
    expect(h.feeds.list({ collection: B }).feeds).toEqual([]);
  });

  it('refuses what is not a web address, a page that is not a feed, and a feed followed already', async () => {
    for (const [url, message] of [
      ['not a url', /^That is not a web address/],
      [`${server.base}/page.html`, /not an RSS, Atom, RDF or JSON feed/],
      [`${server.base}/transit.xml`, /already follows/],
    ] as const) {
      const r = await feedCommand(A, [sub('add', [str('url', url)])]).reply();
      expect(r.ephemeral).toBe(true);
      expect(r.content).toMatch(message);
      expect(r.content).not.toContain('\n');
    }
  });

  it('polls a feed added with /feed add at once, though the scheduler sleeps up to 10 minutes', async () => {
    // The harness keeps the production sleep: only the wake-up on /feed add can poll this soon.
    const deadline = Date.now() + 30_000;
    const transit = () => h.feeds.list({ collection: A }).feeds.find((f) => f.title === 'Transit News')!;
    while (transit().articles < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(transit()).toMatchObject({ articles: 2, lastError: null });
    expect(transit().lastPolledAt).not.toBeNull();
  });

  it('lists feeds with article counts, last poll and the last error; polling fills them in', async () => {
    const before = await feedCommand(A, [sub('list')]).reply();
    expect(before.ephemeral).toBe(true);
    expect(before.embeds[0]!.title).toBe('Feeds this server follows (2)');
    expect(before.embeds[0]!.description).toContain(
      `[Transit News](${server.base}/transit.xml) · 2 articles · polled <t:`,
    );
    slow.removeAllListeners('request');
    slow.on('request', (_req, res) => void res.writeHead(500).end('down'));
    await h.feeds.poll({ collection: A, force: true });
    const after = await feedCommand(A, [sub('list')]).reply();
    const description = after.embeds[0]!.description!;
    expect(description).toMatch(/Transit News\]\([^)]+\) · 2 articles · polled <t:\d+:R>/);
    expect(description).toMatch(/Slow Gazette\]\([^)]+\) · 0 articles · polled <t:\d+:R>\n⚠ .*500/);
    const none = await feedCommand(B, [sub('list')]).reply();
    expect(none.embeds[0]!.description).toMatch(/^No feeds yet/);
  });

  it('a story removed with /remove is not brought back by the next poll', async () => {
    const tram = h.library.list({ collection: A }).find((a) => a.title.startsWith('Tram Line'))!;
    const r = await h.fake
      .sendCommand({
        guildId: A,
        user: admin,
        name: 'remove',
        options: [str('article', tram.articleId)],
        permissions: MANAGER_PERMISSIONS,
      })
      .reply();
    expect(r.content).toMatch(/^Removed \[Tram Line/);
    const report = await h.feeds.poll({ collection: A, force: true });
    expect(report.skippedRemoved).toBeGreaterThanOrEqual(1);
    expect(h.library.list({ collection: A }).some((a) => a.title.startsWith('Tram Line'))).toBe(false);
  });

  it('removes a feed picked with autocomplete; its articles stay', async () => {
    const choices = await h.fake
      .sendAutocomplete({
        guildId: A,
        user: admin,
        name: 'feed',
        options: [sub('remove', [str('feed', 'trans', true)])],
        permissions: MANAGER_PERMISSIONS,
      })
      .reply();
    expect(choices.choices).toEqual([
      { name: `Transit News — ${server.base}/transit.xml`, value: expect.stringMatching(/^\d+$/) },
    ]);
    const elsewhere = await h.fake
      .sendAutocomplete({ guildId: B, user: admin, name: 'feed', options: [sub('remove', [str('feed', '', true)])] })
      .reply();
    expect(elsewhere.choices).toEqual([]);
    const r = await feedCommand(A, [sub('remove', [str('feed', String(choices.choices[0]!.value))])]).reply();
    expect(r.ephemeral).toBe(true);
    expect(r.content).toBe(
      `Stopped following [Transit News](${server.base}/transit.xml); its articles stay in the library.`,
    );
    expect(h.feeds.list({ collection: A }).feeds.map((f) => f.title)).toEqual(['Slow Gazette']);
    expect(h.library.list({ collection: A }).some((a) => a.title === 'Old Bridge Reopens')).toBe(true);
    const gone = await feedCommand(A, [sub('remove', [str('feed', 'Transit')])]).reply();
    expect(gone.content).toBe('No feed of this server matches "Transit"; pick one from the suggestions.');
  });

  it('every message allowed no mentions, and Discord refused nothing', () => {
    expect(h.fake.rejections).toEqual([]);
    expect(h.fake.unexpected).toEqual([]);
    for (const m of h.fake.messages) {
      if (m.body.content !== undefined || m.body.embeds !== undefined)
        expect(m.body.allowed_mentions).toEqual({ parse: [] });
    }
  });
});

function chan(name: string, id: string): CommandOption {
  return { name, type: 7, value: id };
}
