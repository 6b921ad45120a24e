// The announcement outbox on a real library and real feed servers: what a poll leaves pending, how
// it is read back as messages, and what settles or drops it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedServer, rss, storyPage, storyParagraphs, type TestItem } from '../../bench/feeds/feedServer.ts';
import type { QuothLibrary } from '../../src/core/library.ts';
import { FeedService } from '../../src/feeds/feedService.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { openTestLibrary, removeTempDirs } from '../helpers/library.ts';

let server: FeedServer;
let lib: QuothLibrary;
let dataDir: string;
let store: LibraryStore;
let feeds: FeedService;

/** Serves `/NAME.xml` with the stories `slugs` of NAME (pages served too); returns its URL. */
function serveFeed(name: string, slugs: string[]): string {
  const items: TestItem[] = slugs.map((slug) => {
    const link = `${server.base}/news/${name}-${slug}`;
    server.routes.set(`/news/${name}-${slug}`, {
      body: storyPage({ title: `${name} ${slug}`, canonical: link, paragraphs: storyParagraphs(1, slug) }),
    });
    return { guid: `urn:${name}:${slug}`, title: `${name} ${slug}`, link };
  });
  server.routes.set(`/${name}.xml`, { type: 'application/rss+xml', body: rss(name, items) });
  return `${server.base}/${name}.xml`;
}

/** Settles everything pending, as a bot that posted it all would. */
async function sendAll(): Promise<void> {
  for (const a of (await feeds.outbox.pending()).announcements) feeds.outbox.sent(a);
}

beforeAll(async () => {
  server = await new FeedServer().start();
  ({ lib, dataDir } = await openTestLibrary({ config: { allowPrivateUrls: true, fetchTimeoutMs: 5000 } }));
  store = LibraryStore.open(dataDir);
  feeds = new FeedService(lib, { db: store.db });
});

afterAll(async () => {
  await lib?.close();
  store?.close();
  await server?.stop();
  await removeTempDirs();
});

describe('announcement outbox', () => {
  it('keeps a poll’s new stories pending for a feed with a channel, and nothing for one without', async () => {
    const loud = await feeds.add(serveFeed('loud', ['a', 'b']), { channel: '42' });
    await feeds.add(serveFeed('quiet', ['c']));
    const report = await feeds.poll({ force: true });
    expect(report.added).toBe(3);
    const { announcements, dropped } = await feeds.outbox.pending();
    expect(dropped).toEqual([]);
    expect(announcements).toHaveLength(1);
    expect(announcements[0]).toMatchObject({
      feedId: loud.feedId,
      feedTitle: 'loud',
      collection: 'default',
      channelId: '42',
      attempts: 0,
    });
    // The pending message is the one the poll reported.
    const reported = report.announcements.find((a) => a.feedId === loud.feedId)!;
    expect(announcements[0]!.articles).toEqual(reported.articles);
    expect(announcements[0]!.articles.every((a) => a.summary.length > 20)).toBe(true);
  });

  it('reads back one message per feed per poll, oldest first, until they are sent', async () => {
    serveFeed('loud', ['a', 'b', 'd']);
    await feeds.poll({ force: true });
    const { announcements } = await feeds.outbox.pending();
    expect(announcements.map((a) => a.articles.map((x) => x.title))).toEqual([['loud a', 'loud b'], ['loud d']]);
    await sendAll();
    expect((await feeds.outbox.pending()).announcements).toEqual([]);
    // Already stored: the next poll owes nothing.
    await feeds.poll({ force: true });
    expect((await feeds.outbox.pending()).announcements).toEqual([]);
  });

  it('counts a failure and waits out the backoff, except for a reader that asks for everything', async () => {
    serveFeed('loud', ['a', 'b', 'd', 'e']);
    await feeds.poll({ force: true });
    const [a] = (await feeds.outbox.pending()).announcements;
    const later = Date.now() + 60_000;
    feeds.outbox.failed(a!, 'HTTP 500: Internal Server Error', later);
    expect(feeds.outbox.nextRetryAt()).toBe(later);
    expect((await feeds.outbox.pending({ dueAt: Date.now() })).announcements).toEqual([]);
    const [again] = (await feeds.outbox.pending()).announcements;
    expect(again).toMatchObject({ attempts: 1, ids: a!.ids });
    feeds.outbox.drop(again!);
    expect(feeds.outbox.nextRetryAt()).toBeNull();
  });

  it('summarizes a story whose poll ended before it could, and skips a story removed since', async () => {
    serveFeed('loud', ['a', 'b', 'd', 'e', 'f', 'g']);
    await feeds.poll({ force: true });
    // What a crash between storing the stories and summarizing them leaves.
    store.db.prepare('UPDATE feed_outbox SET title = NULL, summary = NULL').run();
    const gone = lib.list().find((x) => x.title === 'loud g')!;
    await lib.remove(gone.articleId);
    const { announcements, dropped } = await feeds.outbox.pending();
    expect(dropped).toMatchObject([{ articles: 1, reason: 'the story was removed' }]);
    expect(announcements).toHaveLength(1);
    expect(announcements[0]!.articles).toMatchObject([{ title: 'loud f', link: `${server.base}/news/loud-f` }]);
    expect(announcements[0]!.articles[0]!.summary.length).toBeGreaterThan(20);
    await sendAll();
  });

  it('holds back the message of a poll still running', async () => {
    const [feed] = feeds.list().feeds;
    const batch = feeds.outbox.begin();
    const article = lib.list()[0]!;
    feeds.store.outbox.add(feed!.feedId, batch, article.articleId, null, Date.now());
    feeds.store.outbox.describe(batch, article.articleId, article.title, '');
    expect((await feeds.outbox.pending()).announcements).toEqual([]);
    feeds.outbox.end(batch);
    expect((await feeds.outbox.pending()).announcements).toHaveLength(1);
    await sendAll();
  });

  it('announces a story that an interrupted poll stored but never recorded', async () => {
    const url = serveFeed('late', ['z']);
    // What a crash between storing the story and recording its item leaves: the article alone.
    const link = `${server.base}/news/late-z`;
    const page = server.routes.get('/news/late-z')!.body as string;
    await lib.ingestText({ text: page, format: 'html', source: link, url: link });
    const feed = await feeds.add(url, { channel: '44' });
    const report = await feeds.poll({ force: true });
    expect(report.added).toBe(1);
    const { announcements } = await feeds.outbox.pending();
    expect(announcements.filter((a) => a.feedId === feed.feedId).map((a) => a.articles.map((x) => x.title))).toEqual([
      ['late z'],
    ]);
    expect(lib.list().filter((x) => x.title === 'late z')).toHaveLength(1);
    await sendAll();
    // Recorded now: the next poll owes nothing.
    await feeds.poll({ force: true });
    expect((await feeds.outbox.pending()).announcements).toEqual([]);
    feeds.remove(feed.feedId);
  });

  it('drops the pending announcements of a feed removed', async () => {
    const feed = await feeds.add(serveFeed('brief', ['x']), { channel: '43' });
    await feeds.poll({ force: true });
    expect((await feeds.outbox.pending()).announcements.map((a) => a.feedId)).toEqual([feed.feedId]);
    feeds.remove(feed.feedId);
    expect(feeds.store.outbox.pending()).toEqual([]);
  });

  it('gives a database from before the outbox its table when it opens, and works on it', async () => {
    store.db.exec('DROP TABLE feed_outbox');
    const reopened = new FeedService(lib, { db: store.db });
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'feed_outbox'").get()).toBeDefined();
    serveFeed('loud', ['a', 'b', 'd', 'e', 'f', 'g', 'h']);
    await reopened.poll({ force: true });
    const { announcements } = await reopened.outbox.pending();
    expect(announcements.map((a) => a.articles.map((x) => x.title))).toEqual([['loud h']]);
  });
});
