// FeedService end to end: a real library (SQLite) and real HTTP servers on 127.0.0.1 whose feeds
// change between polls (ALLOW_PRIVATE_URLS on, as a self-hosted setup would run these tests).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuothLibrary } from '../../src/core/library.ts';
import { FeedService } from '../../src/feeds/feedService.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { expectVerbatim, openTestLibrary, removeTempDirs } from '../helpers/library.ts';
import { atom, FeedServer, rss, storyPage, storyParagraphs, type TestItem } from '../../bench/feeds/feedServer.ts';

describe('FeedService', () => {
  let lib: QuothLibrary;
  let store: LibraryStore;
  let feeds: FeedService;
  let server: FeedServer;
  let clock = Date.parse('2026-11-30T12:00:00Z');
  let transit: TestItem[];
  let transitId: number;
  let cityId: number;

  const page = (slug: string, title: string, topic: string, n: number): void => {
    server.routes.set(`/news/${slug}`, {
      body: storyPage({ title, canonical: `${server.base}/news/${slug}`, paragraphs: storyParagraphs(n, topic) }),
    });
  };
  const item = (slug: string, title: string, extra: Partial<TestItem> = {}): TestItem => ({
    guid: `urn:story:${slug}`,
    title,
    link: `${server.base}/news/${slug}`,
    ...extra,
  });
  const serveRss = (path: string, title: string, items: TestItem[], etag: string): void => {
    server.routes.set(path, { type: 'application/rss+xml', body: rss(title, items), etag });
  };
  const articleByUrl = (url: string) => lib.list().filter((a) => a.url === url);

  beforeAll(async () => {
    server = await new FeedServer().start();
    const opened = await openTestLibrary({ config: { allowPrivateUrls: true, fetchTimeoutMs: 5000 } });
    lib = opened.lib;
    store = LibraryStore.open(opened.dataDir);
    feeds = new FeedService(lib, { db: store.db, now: () => clock });
    page('tram', 'Tram Line Extended to the Harbour', 'tram', 1);
    page('bridge', 'Old Bridge Reopens', 'bridge', 2);
    transit = [item('tram', 'Tram Line Extended to the Harbour'), item('bridge', 'Old Bridge Reopens')];
    serveRss('/transit.xml', 'Transit News', transit, '"t1"');
  });

  afterAll(async () => {
    await lib?.close();
    store?.close();
    await server?.stop();
    await removeTempDirs();
  });

  it('adds a feed after fetching and parsing it once', async () => {
    const added = await feeds.add(`${server.base}/transit.xml`, { collection: 'default', channel: '123' });
    expect(added).toMatchObject({ url: `${server.base}/transit.xml`, title: 'Transit News' });
    transitId = added.feedId;
    expect(feeds.list().feeds).toMatchObject([
      { feedId: transitId, title: 'Transit News', articles: 0, lastPolledAt: null, channelId: '123' },
    ]);
    await expect(feeds.add(`${server.base}/transit.xml`)).rejects.toThrow(/already follows/);
  });

  it('refuses a page that is not a feed, a malformed feed and a missing one, each with one line', async () => {
    server.routes.set('/page.html', { body: '<html><body><p>Just a page.</p></body></html>' });
    server.routes.set('/broken.xml', {
      type: 'application/rss+xml',
      body: '<rss version="2.0"><channel><title>Broken</ti',
    });
    for (const [path, message] of [
      ['/page.html', /not an RSS, Atom, RDF or JSON feed/],
      ['/broken.xml', /malformed feed/],
      ['/nope.xml', /HTTP 404/],
    ] as const) {
      const err = await feeds.add(`${server.base}${path}`).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain('\n');
    }
    expect(feeds.list().feeds).toHaveLength(1);
  });

  it('the first poll adds each item from its page, with an extractive one-sentence announcement', async () => {
    const report = await feeds.poll();
    expect(report).toMatchObject({ polled: 1, parsed: 1, notModified: 0, added: 2, updated: 0, failed: [] });
    expect(lib.list()).toHaveLength(2);
    const [announcement] = report.announcements;
    expect(announcement).toMatchObject({
      feedId: transitId,
      feedTitle: 'Transit News',
      channelId: '123',
      collection: 'default',
    });
    expect(announcement!.articles.map((a) => a.title).sort()).toEqual([
      'Old Bridge Reopens',
      'Tram Line Extended to the Harbour',
    ]);
    for (const a of announcement!.articles) {
      expect(a.link).toMatch(/\/news\/(tram|bridge)$/);
      expect(a.summary.length).toBeGreaterThan(20);
      const text = lib.get(a.articleId).text;
      expect(text).toContain(a.summary);
      expect(text).not.toContain('Copyright');
    }
    expect(feeds.list().feeds[0]).toMatchObject({
      articles: 2,
      lastError: null,
      lastPolledAt: new Date(clock).toISOString(),
    });
  });

  it('a second poll of an unchanged feed gets a 304 and parses nothing', async () => {
    server.log.length = 0;
    const report = await feeds.poll({ force: true });
    expect(report).toMatchObject({
      polled: 1,
      notModified: 1,
      parsed: 0,
      added: 0,
      updated: 0,
      unchanged: 0,
      failed: [],
    });
    expect(server.requestsTo('/transit.xml')).toEqual([{ path: '/transit.xml', ifNoneMatch: '"t1"', status: 304 }]);
    expect(server.log.filter((r) => r.path.startsWith('/news/'))).toEqual([]);
  });

  it('polls only feeds that are due, and stretches the interval of a quiet feed', async () => {
    expect((await feeds.poll()).polled).toBe(0);
    const wait = feeds.msUntilNextPoll()!;
    // 1 h at first, halved by the poll that found new items, then stretched by half after the 304.
    expect(wait).toBe(45 * 60 * 1000);
    clock += wait;
    expect((await feeds.poll()).polled).toBe(1);
  });

  it('a new item is added; an edited item updates its article; a re-dated item changes nothing', async () => {
    page('ferry', 'Night Ferry Returns', 'ferry', 3);
    server.routes.set('/news/tram', {
      body: storyPage({
        title: 'Tram Line Extended to the Harbour',
        canonical: `${server.base}/news/tram`,
        paragraphs: [...storyParagraphs(1, 'tram'), 'The mayor added that fares stay the same until June.'],
      }),
    });
    transit = [
      item('ferry', 'Night Ferry Returns'),
      item('tram', 'Tram Line Extended to the Harbour (updated)'),
      item('bridge', 'Old Bridge Reopens', { date: '2026-11-29T08:00:00Z' }),
    ];
    serveRss('/transit.xml', 'Transit News', transit, '"t2"');
    const tramId = articleByUrl(`${server.base}/news/tram`)[0]!.articleId;
    const report = await feeds.poll({ force: true });
    expect(report).toMatchObject({ parsed: 1, added: 1, updated: 1, unchanged: 1, failed: [] });
    expect(lib.list()).toHaveLength(3);
    expect(lib.get(tramId).text).toContain('fares stay the same until June.');
    expect(report.announcements[0]!.articles.map((a) => a.title)).toEqual(['Night Ferry Returns']);
  });

  it('one story in two feeds (another guid, a tracking link, Atom) stays one article', async () => {
    server.routes.set('/city.atom', {
      type: 'application/atom+xml',
      body: atom('City Desk', [
        {
          guid: 'tag:city,2026:ferry',
          title: 'Ferry back at night',
          link: `${server.base}/news/ferry?utm_source=city`,
        },
        { guid: 'tag:city,2026:tram', title: 'Trams reach the harbour', link: `${server.base}/news/tram` },
      ]),
    });
    cityId = (await feeds.add(`${server.base}/city.atom`)).feedId;
    const report = await feeds.poll();
    expect(report).toMatchObject({ polled: 1, added: 0, updated: 0, unchanged: 2, failed: [] });
    expect(lib.list()).toHaveLength(3);
    expect(articleByUrl(`${server.base}/news/ferry`)).toHaveLength(1);
    const counts = Object.fromEntries(feeds.list().feeds.map((f) => [f.feedId, f.articles]));
    expect(counts).toEqual({ [transitId]: 3, [cityId]: 2 });
  });

  it('falls back to the item content when its page cannot be fetched', async () => {
    const content =
      '<p>The harbour festival moves to the old docks this year, organisers said on Friday evening.</p>' +
      '<p>Tickets go on sale next week at the ferry terminal and online.</p>';
    transit = [item('festival', 'Harbour Festival Moves', { content, date: '2026-11-28T09:30:00Z' }), ...transit];
    serveRss('/transit.xml', 'Transit News', transit, '"t3"');
    const report = await feeds.poll({ force: true });
    expect(report).toMatchObject({ added: 1, failed: [] });
    const festival = articleByUrl(`${server.base}/news/festival`)[0]!;
    expect(festival).toMatchObject({ title: 'Harbour Festival Moves' });
    expect(festival.publishedAt).toMatch(/^2026-11-28/);
    const article = lib.get(festival.articleId);
    expect(article.text).toBe(
      'The harbour festival moves to the old docks this year, organisers said on Friday evening.\n\n' +
        'Tickets go on sale next week at the ferry terminal and online.',
    );
    const summary = report.announcements[0]!.articles[0]!;
    expectVerbatim(lib, festival.articleId, {
      text: summary.summary,
      start: article.text.indexOf(summary.summary),
      end: article.text.indexOf(summary.summary) + summary.summary.length,
    });
  });

  it('a removed article is not brought back by polling, by its feed or by another feed', async () => {
    const bridge = articleByUrl(`${server.base}/news/bridge`)[0]!;
    await lib.remove(bridge.articleId);
    feeds.articleRemoved(bridge.articleId);
    transit = transit.map((i) => (i.guid.endsWith('bridge') ? { ...i, title: 'Old Bridge Reopens to Cyclists' } : i));
    serveRss('/transit.xml', 'Transit News', transit, '"t4"');
    server.routes.set('/other.xml', {
      type: 'application/rss+xml',
      body: rss('Other', [{ guid: 'x-bridge', title: 'Bridge open', link: `${server.base}/news/bridge?ref=other` }]),
    });
    await feeds.add(`${server.base}/other.xml`);
    const report = await feeds.poll({ force: true });
    expect(report.skippedRemoved).toBe(2);
    expect(report.added).toBe(0);
    expect(articleByUrl(`${server.base}/news/bridge`)).toHaveLength(0);
    // Once recognised, the other feed's link to the removed story is not fetched again.
    server.log.length = 0;
    // (The transit feed answers 304; the other feed, without validators, is parsed again.)
    expect(await feeds.poll({ force: true })).toMatchObject({ notModified: 1, skippedRemoved: 1, added: 0 });
    expect(server.requestsTo('/news/bridge')).toEqual([]);
  });

  it('a removed article added again by hand is followed again', async () => {
    expect((await lib.ingest([`${server.base}/news/bridge`])).added).toBe(1);
    server.routes.set('/other.xml', {
      type: 'application/rss+xml',
      body: rss('Other', [{ guid: 'x-bridge', title: 'Bridge open!', link: `${server.base}/news/bridge?ref=other` }]),
    });
    const report = await feeds.poll({ force: true });
    expect(report.skippedRemoved).toBe(0);
    expect(articleByUrl(`${server.base}/news/bridge`)).toHaveLength(1);
  });

  it('a failing feed backs off and keeps its error, then recovers; other feeds are unaffected', async () => {
    server.routes.set('/transit.xml', { status: 500, body: 'oops' });
    server.routes.set('/city.atom', {
      type: 'application/atom+xml',
      body: '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>cut',
    });
    const before = lib.list().length;
    const report = await feeds.poll({ force: true });
    expect(report.failed.map((f) => f.feedId).sort()).toEqual([transitId, cityId]);
    expect(report.failed.find((f) => f.feedId === transitId)!.error).toMatch(/HTTP 500/);
    expect(report.failed.find((f) => f.feedId === cityId)!.error).toMatch(/malformed feed/);
    expect(report.failed.every((f) => !f.error.includes('\n'))).toBe(true);
    expect(lib.list()).toHaveLength(before);
    const first = feeds.list().feeds.find((f) => f.feedId === transitId)!;
    expect(first.lastError).toMatch(/HTTP 500/);
    await feeds.poll({ force: true });
    const second = feeds.list().feeds.find((f) => f.feedId === transitId)!;
    // Backoff doubles: the retry after two failures is further away than after one.
    expect(Date.parse(second.nextPollAt) - clock).toBeGreaterThan(Date.parse(first.nextPollAt) - clock);
    serveRss('/transit.xml', 'Transit News', transit, '"t5"');
    const recovered = await feeds.poll({ force: true });
    expect(recovered.failed.map((f) => f.feedId)).toEqual([cityId]);
    expect(feeds.list().feeds.find((f) => f.feedId === transitId)!.lastError).toBeNull();
  });

  it('imports an OPML list; bare guids of two feeds ("1") are two stories, not one', async () => {
    page('market', 'Market Hall Reopens', 'market', 4);
    page('pool', 'Pool Closes for Repairs', 'pool', 5);
    const one = (slug: string, title: string) => [{ guid: '1', title, link: `${server.base}/news/${slug}` }];
    const type = 'application/rss+xml';
    server.routes.set('/market.xml', { type, body: rss('Market', one('market', 'Market Hall Reopens')) });
    server.routes.set('/pool.xml', { type, body: rss('Pool', one('pool', 'Pool Closes for Repairs')) });
    const outline = (path: string) => `<outline type="rss" text="${path}" xmlUrl="${server.base}${path}"/>`;
    const opml =
      `<?xml version="1.0"?><opml version="2.0"><head><title>Subs</title></head><body><outline text="Local">` +
      `${outline('/market.xml')}${outline('/pool.xml')}${outline('/page.html')}</outline></body></opml>`;
    const imported = await feeds.importOpml(opml, { collection: 'default' });
    expect(imported.added.map((f) => f.title)).toEqual(['Market', 'Pool']);
    expect(imported.failed).toEqual([{ url: `${server.base}/page.html`, error: expect.stringMatching(/not an RSS/) }]);
    const report = await feeds.poll();
    expect(report).toMatchObject({ added: 2, failed: [] });
    expect(articleByUrl(`${server.base}/news/market`)).toHaveLength(1);
    expect(articleByUrl(`${server.base}/news/pool`)).toHaveLength(1);
    for (const f of imported.added) feeds.remove(f.feedId);
  });

  it('removes a feed (its articles stay) and refuses an unknown id or another collection', () => {
    expect(() => feeds.remove(cityId, { collection: 'guild-2' })).toThrow(/No feed/);
    const articles = lib.list().length;
    expect(feeds.remove(cityId)).toMatchObject({ feedId: cityId, title: 'City Desk' });
    expect(feeds.list().feeds.map((f) => f.feedId)).not.toContain(cityId);
    expect(lib.list()).toHaveLength(articles);
    expect(() => feeds.remove(9999)).toThrow(/No feed 9999/);
  });
});

afterAll(removeTempDirs);
