// Many feeds at once: 20 feeds of 50 stories each (1,000 stories), each feed also carrying five of
// its neighbour's stories under other guids, polled together (four feeds at a time). Every story
// must end up stored exactly once, none lost. Also: the per-poll item cap leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuothLibrary } from '../../src/core/library.ts';
import { FeedService } from '../../src/feeds/feedService.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { openTestLibrary, removeTempDirs } from '../helpers/library.ts';
import { FeedServer, rss, storyPage, storyParagraphs, type TestItem } from '../../bench/feeds/feedServer.ts';
import { FeedWorkload } from '../../bench/feeds/feedWorkload.ts';

const FEEDS = 20;
const STORIES_PER_FEED = 50;
const SHARED_PER_FEED = 5;

describe('polling 20 feeds with 1,000 stories together', () => {
  let lib: QuothLibrary;
  let store: LibraryStore;
  let server: FeedServer;

  beforeAll(async () => {
    server = await new FeedServer().start();
    const opened = await openTestLibrary({ config: { allowPrivateUrls: true, fetchTimeoutMs: 20_000 } });
    lib = opened.lib;
    store = LibraryStore.open(opened.dataDir);
  });

  afterAll(async () => {
    await lib?.close();
    store?.close();
    await server?.stop();
    await removeTempDirs();
  });

  const storyItem = (feed: number, n: number, guidPrefix: string): TestItem => {
    const slug = `f${feed}-s${n}`;
    return { guid: `${guidPrefix}:${slug}`, title: `Story ${n} of feed ${feed}`, link: `${server.base}/news/${slug}` };
  };

  it('stores every story exactly once', async () => {
    const workload = new FeedWorkload(server, {
      storiesPerFeed: Array(FEEDS).fill(STORIES_PER_FEED),
      sharedPerFeed: SHARED_PER_FEED,
    });
    const expectedUrls = workload.expectedUrls;
    const feeds = new FeedService(lib, { db: store.db, maxItemsPerPoll: 100 });
    for (let f = 0; f < FEEDS; f++) await feeds.add(workload.feedUrl(f));

    const started = performance.now();
    const report = await feeds.poll();
    const seconds = (performance.now() - started) / 1000;
    console.info(`feeds: ${report.added} stories from ${FEEDS} feeds in ${seconds.toFixed(1)} s`);

    expect(report.failed).toEqual([]);
    expect(report.polled).toBe(FEEDS);
    expect(report.added).toBe(FEEDS * STORIES_PER_FEED);
    expect(report.unchanged).toBe(FEEDS * SHARED_PER_FEED);
    const articles = lib.list();
    expect(articles).toHaveLength(FEEDS * STORIES_PER_FEED);
    expect(new Set(articles.map((a) => a.url))).toEqual(expectedUrls);
    expect(feeds.list().feeds.every((f) => f.articles === STORIES_PER_FEED + SHARED_PER_FEED)).toBe(true);

    // Again, with unchanged feeds that send no validators: parsed, but nothing fetched or stored.
    server.log.length = 0;
    const again = await feeds.poll({ force: true });
    expect(again).toMatchObject({ parsed: FEEDS, added: 0, updated: 0, failed: [] });
    expect(again.unchanged).toBe(FEEDS * (STORIES_PER_FEED + SHARED_PER_FEED));
    expect(server.log.filter((r) => r.path.startsWith('/news/'))).toEqual([]);
    expect(lib.list()).toHaveLength(FEEDS * STORIES_PER_FEED);
  });

  it('takes at most maxItemsPerPoll new items per poll and the rest on the next polls', async () => {
    const items = Array.from({ length: 12 }, (_, n) => storyItem(99, n, 'capped'));
    for (const [n, item] of items.entries()) {
      server.routes.set(new URL(item.link).pathname, {
        body: storyPage({
          title: item.title,
          canonical: item.link,
          paragraphs: storyParagraphs(99_000 + n, `cap${n}`),
        }),
      });
    }
    server.routes.set('/capped.xml', { type: 'application/rss+xml', body: rss('Capped', items), etag: '"c1"' });
    const feeds = new FeedService(lib, { db: store.db, maxItemsPerPoll: 5 });
    const { feedId } = await feeds.add(`${server.base}/capped.xml`);
    const added: number[] = [];
    for (let i = 0; i < 4; i++) added.push((await feeds.poll({ force: true, collection: 'default' })).added);
    expect(added).toEqual([5, 5, 2, 0]);
    expect(feeds.list().feeds.find((f) => f.feedId === feedId)!.articles).toBe(12);
    // Only the poll that took everything stored the ETag: the one after it got a 304.
    expect(server.requestsTo('/capped.xml').map((r) => r.status)).toEqual([200, 200, 200, 200, 304]);
  });
});
