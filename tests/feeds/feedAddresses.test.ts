// The private-address rule for feeds, as for /add: a feed (or a story page) that is, or redirects
// to, a loopback/private address is refused unless ALLOW_PRIVATE_URLS is on. The test server is on
// 127.0.0.1, so that one address is declared public through the fetch test hook; 127.0.0.2 stays
// private.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuothLibrary } from '../../src/core/library.ts';
import { FeedService } from '../../src/feeds/feedService.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { openTestLibrary, removeTempDirs } from '../helpers/library.ts';
import { FeedServer, rss, storyPage, storyParagraphs } from '../../bench/feeds/feedServer.ts';

describe('feeds and private addresses', () => {
  let lib: QuothLibrary;
  let store: LibraryStore;
  let server: FeedServer;

  beforeAll(async () => {
    server = await new FeedServer().start();
    const opened = await openTestLibrary({ config: { allowPrivateUrls: false, fetchTimeoutMs: 5000 } });
    lib = opened.lib;
    store = LibraryStore.open(opened.dataDir);
    const privateBase = `http://127.0.0.2:${server.port}`;
    server.routes.set('/feed.xml', {
      type: 'application/rss+xml',
      body: rss('Public Feed', [
        {
          guid: 'g-1',
          title: 'Story Behind a Redirect',
          link: `${server.base}/to-private-page`,
          content: '<p>The library board voted to open the reading room on Sundays starting in January next year.</p>',
        },
      ]),
    });
    server.routes.set('/to-private-feed', { status: 302, headers: { Location: `${privateBase}/feed.xml` } });
    server.routes.set('/to-private-page', { status: 302, headers: { Location: `${privateBase}/page` } });
    server.routes.set('/page', {
      body: storyPage({
        title: 'Private Page',
        canonical: `${privateBase}/page`,
        paragraphs: storyParagraphs(9, 'secret'),
      }),
    });
  });

  afterAll(async () => {
    await lib?.close();
    store?.close();
    await server?.stop();
    await removeTempDirs();
  });

  it('refuses a feed on a private address, directly or after a redirect', async () => {
    const feeds = new FeedService(lib, { db: store.db, fetchHooks: { treatAsPublic: ['127.0.0.1'] } });
    await expect(feeds.add(`http://127.0.0.2:${server.port}/feed.xml`)).rejects.toThrow(/private or local address/);
    await expect(feeds.add(`${server.base}/to-private-feed`)).rejects.toThrow(
      /Refusing to fetch http:\/\/127\.0\.0\.2:\d+\/feed\.xml: .* private or local address/,
    );
    expect(server.requestsTo('/feed.xml')).toEqual([]);
    expect(feeds.list().feeds).toEqual([]);
  });

  it('refuses the loopback test server itself without the test hook', async () => {
    const feeds = new FeedService(lib, { db: store.db });
    await expect(feeds.add(`${server.base}/feed.xml`)).rejects.toThrow(/private or local address \(127\.0\.0\.1\)/);
  });

  it('never fetches a story page that redirects to a private address: the item content is used', async () => {
    const feeds = new FeedService(lib, { db: store.db, fetchHooks: { treatAsPublic: ['127.0.0.1'] } });
    await feeds.add(`${server.base}/feed.xml`);
    const report = await feeds.poll();
    expect(report).toMatchObject({ added: 1, failed: [] });
    expect(server.requestsTo('/page')).toEqual([]);
    const [article] = lib.list();
    expect(lib.get(article!.articleId).text).toBe(
      'The library board voted to open the reading room on Sundays starting in January next year.',
    );
  });
});
