// `quoth feed …` end to end: the real CLI as a child process against feeds served on 127.0.0.1
// (ALLOW_PRIVATE_URLS on, as a self-hosted setup would run it), with a real library on disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atom, FeedServer, rss, storyPage, storyParagraphs, type TestItem } from '../../bench/feeds/feedServer.ts';
import { onlyJson, type RunResult, runQuoth } from '../helpers/runCli.ts';

let tmp: string;
let dataDir: string;
let server: FeedServer;
const env = { EMBEDDING_MODEL: 'none', ALLOW_PRIVATE_URLS: '1', FETCH_TIMEOUT_MS: '5000' };
const quoth = (...args: string[]): Promise<RunResult> => runQuoth(['--data-dir', dataDir, ...args], env);

const page = (slug: string, title: string, n: number): TestItem => {
  server.routes.set(`/news/${slug}`, {
    body: storyPage({ title, canonical: `${server.base}/news/${slug}`, paragraphs: storyParagraphs(n, slug) }),
  });
  return { guid: `urn:story:${slug}`, title, link: `${server.base}/news/${slug}` };
};

/** A user-caused failure: exit 1, one line on stderr, and `{"error"}` on stdout with --json. */
function expectOneLineError(r: RunResult, message: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  expect(Object.keys(onlyJson(r))).toEqual(['error']);
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quoth-cli-feeds-'));
  dataDir = path.join(tmp, 'data');
  server = await new FeedServer().start();
  const transit = [page('tram', 'Tram Line Extended to the Harbour', 1), page('bridge', 'Old Bridge Reopens', 2)];
  server.routes.set('/transit.xml', { type: 'application/rss+xml', body: rss('Transit News', transit), etag: '"t1"' });
  const city = [page('library', 'City Library Opens a New Wing', 3)];
  server.routes.set('/city.atom', { type: 'application/atom+xml', body: atom('City Desk', city), etag: '"c1"' });
  server.routes.set('/broken.xml', { type: 'application/rss+xml', body: '<rss version="2.0"><channel><title>Br' });
});

afterAll(async () => {
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('quoth feed', () => {
  let transitId: number;
  let cityId: number;

  it('adds feeds and lists them in the documented shapes', async () => {
    const added = await quoth('feed', 'add', `${server.base}/transit.xml`, '--json');
    expect(added.code, added.stderr).toBe(0);
    const json = onlyJson(added);
    expect(Object.keys(json).sort()).toEqual(['feedId', 'title', 'url']);
    expect(json).toMatchObject({ url: `${server.base}/transit.xml`, title: 'Transit News' });
    transitId = json.feedId;

    const city = await quoth('feed', 'add', `${server.base}/city.atom`, '--channel', '123456789012345678');
    expect(city.code, city.stderr).toBe(0);
    expect(city.stdout).toMatch(/^Following feed \d+: City Desk </);
    cityId = Number(/feed (\d+)/.exec(city.stdout)![1]);

    const list = onlyJson(await quoth('feed', 'list', '--json'));
    expect(list.feeds.map((f: { feedId: number }) => f.feedId)).toEqual([transitId, cityId]);
    for (const f of list.feeds) {
      expect(Object.keys(f).sort()).toEqual(['articles', 'feedId', 'lastError', 'lastPolledAt', 'title', 'url']);
      expect(f).toMatchObject({ articles: 0, lastPolledAt: null, lastError: null });
    }
    // Feeds belong to a collection: another collection follows none of them.
    expect(onlyJson(await quoth('--collection', 'other', 'feed', 'list', '--json'))).toEqual({ feeds: [] });
  });

  it('polls new stories into the library, then gets 304 Not Modified and adds nothing', async () => {
    const first = await quoth('feed', 'poll', '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(onlyJson(first)).toEqual({ polled: 2, added: 3, updated: 0, unchanged: 0, failed: [] });
    const articles = onlyJson(await quoth('list', '--json')).articles as { articleId: string; url: string }[];
    expect(articles.map((a) => a.url).sort()).toEqual(
      ['bridge', 'library', 'tram'].map((s) => `${server.base}/news/${s}`),
    );

    // Nothing is due yet: a plain poll fetches nothing.
    server.log.length = 0;
    expect(onlyJson(await quoth('feed', 'poll', '--json')).polled).toBe(0);
    expect(server.log).toEqual([]);

    const again = await quoth('feed', 'poll', '--force');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Polled 2 feeds: added 0, updated 0, unchanged 0, failed 0\.$/m);
    expect(server.requestsTo('/transit.xml')).toEqual([{ path: '/transit.xml', ifNoneMatch: '"t1"', status: 304 }]);

    const listed = await quoth('feed', 'list');
    expect(listed.stdout).toMatch(
      new RegExp(`^${transitId}  Transit News <.*transit\\.xml>  2 articles, last polled 2`, 'm'),
    );
    expect(listed.stdout).toMatch(new RegExp(`^${cityId}  City Desk <.*city\\.atom>  1 article, last polled 2`, 'm'));
  });

  it('keeps a story removed with `quoth remove` out of later polls', async () => {
    const articles = onlyJson(await quoth('list', '--json')).articles as { articleId: string; url: string }[];
    const tram = articles.find((a) => a.url.endsWith('/news/tram'))!;
    const removed = await quoth('remove', tram.articleId, '--json');
    expect(removed.code, removed.stderr).toBe(0);
    // A new ETag makes the feed be parsed again, with the removed story still in it.
    server.routes.get('/transit.xml')!.etag = '"t2"';
    const poll = await quoth('feed', 'poll', '--force', '--json');
    expect(onlyJson(poll)).toMatchObject({ added: 0, failed: [] });
    const urls = (onlyJson(await quoth('list', '--json')).articles as { url: string }[]).map((a) => a.url);
    expect(urls).not.toContain(`${server.base}/news/tram`);
    expect(urls).toContain(`${server.base}/news/bridge`);
  });

  it('reports a failing feed in the poll (exit 1) and as lastError in the list', async () => {
    server.routes.set('/city.atom', { status: 500, body: 'down' });
    const poll = await quoth('feed', 'poll', '--force', '--json');
    expect(poll.code).toBe(1);
    const report = onlyJson(poll);
    expect(report.failed).toHaveLength(1);
    expect(Object.keys(report.failed[0]).sort()).toEqual(['error', 'feedId']);
    expect(report.failed[0]).toMatchObject({ feedId: cityId, error: expect.stringMatching(/HTTP 500/) });
    expect(poll.stderr).toMatch(new RegExp(`quoth: feed ${cityId}: .*HTTP 500`));

    const list = onlyJson(await quoth('feed', 'list', '--json'));
    const city = list.feeds.find((f: { feedId: number }) => f.feedId === cityId);
    expect(city.lastError).toMatch(/HTTP 500/);
    expect(city.articles).toBe(1);
    expect(list.feeds.find((f: { feedId: number }) => f.feedId === transitId).lastError).toBeNull();
    expect((await quoth('feed', 'list')).stdout).toMatch(/City Desk .* — failing: .*HTTP 500/);
  });

  it('removes a feed and keeps its articles', async () => {
    const before = onlyJson(await quoth('list', '--json')).articles.length;
    const r = await quoth('feed', 'remove', String(cityId), '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJson(r)).toEqual({ removed: { feedId: cityId, url: `${server.base}/city.atom`, title: 'City Desk' } });
    const feeds = onlyJson(await quoth('feed', 'list', '--json')).feeds;
    expect(feeds.map((f: { feedId: number }) => f.feedId)).toEqual([transitId]);
    expect(onlyJson(await quoth('list', '--json')).articles).toHaveLength(before);
  });

  it('imports an OPML list, one line per feed that fails', async () => {
    const opml = path.join(tmp, 'subs.opml');
    fs.writeFileSync(
      opml,
      `<?xml version="1.0"?><opml version="2.0"><head><title>Subs</title></head><body>` +
        `<outline text="City" type="rss" xmlUrl="${server.base}/city2.atom"/>` +
        `<outline text="Gone" type="rss" xmlUrl="${server.base}/gone.xml"/></body></opml>`,
    );
    server.routes.set('/city2.atom', { type: 'application/atom+xml', body: atom('City Desk Two', []) });
    const r = await quoth('feed', 'import', opml, '--json');
    expect(r.code).toBe(1);
    const json = onlyJson(r);
    expect(json.added).toMatchObject([{ url: `${server.base}/city2.atom`, title: 'City Desk Two' }]);
    expect(json.failed).toMatchObject([{ url: `${server.base}/gone.xml`, error: expect.stringMatching(/HTTP 404/) }]);
    expectOneLineError(await quoth('feed', 'import', path.join(tmp, 'missing.opml'), '--json'), /Cannot read/);
  });

  it('refuses bad input with one line and changes nothing', async () => {
    const before = onlyJson(await quoth('feed', 'list', '--json'));
    expectOneLineError(await quoth('feed', 'add', 'not a url', '--json'), /is not a valid URL/);
    expectOneLineError(await quoth('feed', 'add', `${server.base}/broken.xml`, '--json'), /malformed feed/);
    expectOneLineError(await quoth('feed', 'add', `${server.base}/news/tram`, '--json'), /not an RSS, Atom/);
    expectOneLineError(
      await quoth('feed', 'add', 'http://127.0.0.1:1/feed.xml', '--json'),
      /Could not fetch .*ECONNREFUSED/,
    );
    expectOneLineError(await quoth('feed', 'add', `${server.base}/transit.xml`, '--json'), /already follows/);
    expectOneLineError(await quoth('feed', 'add', `${server.base}/x.xml`, '--channel', '#news', '--json'), /channel/);
    expectOneLineError(await quoth('feed', 'remove', 'abc', '--json'), /"abc" is not a feed id/);
    expectOneLineError(await quoth('feed', 'remove', '99999', '--json'), /No feed 99999/);
    expect(onlyJson(await quoth('feed', 'list', '--json'))).toEqual(before);
  });
});
