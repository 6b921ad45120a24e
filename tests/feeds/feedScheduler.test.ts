// The polling loop on a real library and a real feed server: due feeds are polled and reported,
// and stopping it ends the loop.
import { afterAll, describe, expect, it } from 'vitest';
import { startFeedPolling } from '../../src/feeds/feedScheduler.ts';
import { FeedService, type PollReport } from '../../src/feeds/feedService.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { openTestLibrary, removeTempDirs } from '../helpers/library.ts';
import { FeedServer, rss, storyPage, storyParagraphs } from '../../bench/feeds/feedServer.ts';

afterAll(removeTempDirs);

/** `/NAME.xml`: a feed of one story, "Story NAME", whose page is served too. */
function serveOneStoryFeed(server: FeedServer, name: string): void {
  const link = `${server.base}/news/${name}`;
  server.routes.set(`/news/${name}`, {
    body: storyPage({ title: `Story ${name}`, canonical: link, paragraphs: storyParagraphs(1, name) }),
  });
  server.routes.set(`/${name}.xml`, {
    type: 'application/rss+xml',
    body: rss(name, [{ guid: `urn:${name}`, title: `Story ${name}`, link }]),
  });
}

describe('startFeedPolling', () => {
  it('polls the due feeds, reports the new articles, and stops', async () => {
    const server = await new FeedServer().start();
    const { lib, dataDir } = await openTestLibrary({ config: { allowPrivateUrls: true } });
    const store = LibraryStore.open(dataDir);
    try {
      const link = `${server.base}/news/kiosk`;
      server.routes.set('/news/kiosk', {
        body: storyPage({ title: 'Kiosk Opens', canonical: link, paragraphs: storyParagraphs(1, 'kiosk') }),
      });
      server.routes.set('/feed.xml', {
        type: 'application/rss+xml',
        body: rss('Kiosk', [{ guid: 'urn:k', title: 'Kiosk Opens', link }]),
      });
      const feeds = new FeedService(lib, { db: store.db });
      await feeds.add(`${server.base}/feed.xml`, { channel: '42' });
      const reports: PollReport[] = [];
      const first = new Promise<void>((resolve) => {
        const stop = startFeedPolling(feeds, {
          onReport: (r) => {
            reports.push(r);
            resolve(void stop());
          },
        });
      });
      await first;
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ polled: 1, added: 1 });
      const [announcement] = reports[0]!.announcements;
      expect(announcement).toMatchObject({ channelId: '42', articles: [{ title: 'Kiosk Opens', link }] });
      // The feed is not due again for a while: nothing else is polled.
      expect(feeds.msUntilNextPoll()).toBeGreaterThan(0);
    } finally {
      await lib.close();
      store.close();
      await server.stop();
    }
  });

  it('polls only the given collection when asked to (the console beside the bot)', async () => {
    const server = await new FeedServer().start();
    const { lib, dataDir } = await openTestLibrary({ config: { allowPrivateUrls: true } });
    const store = LibraryStore.open(dataDir);
    try {
      for (const name of ['own', 'other']) serveOneStoryFeed(server, name);
      const feeds = new FeedService(lib, { db: store.db });
      await feeds.add(`${server.base}/own.xml`, { collection: 'console' });
      await feeds.add(`${server.base}/other.xml`, { collection: 'guild1' });
      const report = await new Promise<PollReport>((resolve) => {
        const stop = startFeedPolling(feeds, {
          collection: 'console',
          onReport: (r) => {
            resolve(r);
            void stop();
          },
        });
      });
      expect(report).toMatchObject({ polled: 1, added: 1 });
      expect(lib.list({ collection: 'console' }).map((a) => a.title)).toEqual(['Story own']);
      expect(lib.list({ collection: 'guild1' })).toEqual([]);
      // The other collection's feed is still due: only the bot's poller takes it.
      expect(feeds.msUntilNextPoll({ collection: 'guild1' })).toBe(0);
    } finally {
      await lib.close();
      store.close();
      await server.stop();
    }
  });

  it('polls a feed added while it sleeps at once, not at its next look (up to 10 minutes)', async () => {
    const server = await new FeedServer().start();
    const { lib, dataDir } = await openTestLibrary({ config: { allowPrivateUrls: true } });
    const store = LibraryStore.open(dataDir);
    let stop: (() => Promise<void>) | null = null;
    try {
      for (const name of ['early', 'late', 'elsewhere']) serveOneStoryFeed(server, name);
      const feeds = new FeedService(lib, { db: store.db });
      await feeds.add(`${server.base}/early.xml`);
      const reports: PollReport[] = [];
      let reported: () => void = () => {};
      const nextReport = () => new Promise<void>((resolve) => (reported = resolve));
      let first = nextReport();
      // The default sleep: without the wake-up the late feed would wait 10 minutes (the test's timeout first).
      stop = startFeedPolling(feeds, {
        collection: 'default',
        onReport: (r) => {
          reports.push(r);
          reported();
        },
      });
      await first;
      expect(reports.map((r) => r.added)).toEqual([1]);
      expect(feeds.msUntilNextPoll()).toBeGreaterThan(60_000);
      // Another collection's feed does not wake this (collection-scoped) scheduler.
      await feeds.add(`${server.base}/elsewhere.xml`, { collection: 'guild1' });
      first = nextReport();
      await feeds.add(`${server.base}/late.xml`);
      await first;
      expect(reports).toHaveLength(2);
      expect(reports[1]).toMatchObject({ polled: 1, added: 1 });
      expect(
        lib
          .list()
          .map((a) => a.title)
          .sort(),
      ).toEqual(['Story early', 'Story late']);
      expect(lib.list({ collection: 'guild1' })).toEqual([]);
    } finally {
      await stop?.();
      await lib.close();
      store.close();
      await server.stop();
    }
  });
});
