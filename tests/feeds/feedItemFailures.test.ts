// An item whose page cannot be fetched and whose feed gives no text fails on its own, with one
// line, and is tried again on the next poll (the feed's validators are not kept, so no 304 hides it).
import { afterAll, describe, expect, it } from 'vitest';
import { FeedService } from '../../src/feeds/feedService.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { openTestLibrary, removeTempDirs } from '../helpers/library.ts';
import { FeedServer, rss, storyPage, storyParagraphs } from '../../bench/feeds/feedServer.ts';

afterAll(removeTempDirs);

describe('an item that cannot be read', () => {
  it('fails alone with one line and is retried on the next poll', async () => {
    const server = await new FeedServer().start();
    const { lib, dataDir } = await openTestLibrary({ config: { allowPrivateUrls: true } });
    const store = LibraryStore.open(dataDir);
    try {
      const page = (slug: string) => `${server.base}/news/${slug}`;
      const serve = (slug: string, n: number) =>
        server.routes.set(`/news/${slug}`, {
          body: storyPage({ title: `Story ${slug}`, canonical: page(slug), paragraphs: storyParagraphs(n, slug) }),
        });
      serve('ok', 1);
      server.routes.set('/feed.xml', {
        type: 'application/rss+xml',
        etag: '"v1"',
        body: rss('Mixed', [
          { guid: 'urn:late', title: 'Late story', link: page('late') },
          { guid: 'urn:ok', title: 'Story ok', link: page('ok') },
        ]),
      });
      const feeds = new FeedService(lib, { db: store.db });
      const { feedId } = await feeds.add(`${server.base}/feed.xml`);
      const first = await feeds.poll();
      expect(first).toMatchObject({ added: 1 });
      const error = expect.stringMatching(/HTTP 404.*gives no text/);
      expect(first.failed).toEqual([{ feedId, url: page('late'), error }]);
      expect(first.failed[0]!.error).not.toContain('\n');
      expect(feeds.list().feeds[0]!.lastError).toBeNull();

      serve('late', 2);
      server.log.length = 0;
      const second = await feeds.poll({ force: true });
      expect(second).toMatchObject({ parsed: 1, added: 1, unchanged: 1, failed: [] });
      expect(server.requestsTo('/feed.xml')).toEqual([{ path: '/feed.xml', ifNoneMatch: null, status: 200 }]);
      expect(
        lib
          .list()
          .map((a) => a.url)
          .sort(),
      ).toEqual([page('late'), page('ok')]);
      // Everything read: the validators are kept now, and the next poll is a 304.
      expect(await feeds.poll({ force: true })).toMatchObject({ notModified: 1, parsed: 0 });
    } finally {
      await lib.close();
      store.close();
      await server.stop();
    }
  });
});
