// The bot answering through a pool of two worker threads (QUOTH_WORKERS=2), against the fake
// Discord: reads go to the workers, writes (/add, feed polls) go through the single writer and move
// the generation, so the next answer comes from a worker that reopened its view of the library.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerationCounter } from '../../src/pool/generation.ts';
import { PooledCore } from '../../src/pool/pooledCore.ts';
import { FeedServer, rss, storyPage, storyParagraphs } from '../../bench/feeds/feedServer.ts';
import { MANAGER_PERMISSIONS } from './fake/fakeDiscord.ts';
import { SAMPLES_DIR, makeUser, startHarness, str, type Harness } from './helpers/harness.ts';

let h: Harness;
let A: string;
let server: FeedServer;
const admin = makeUser('admin');
const member = makeUser('member');

/** The generation the workers compare before each call (bumped by every write through the core). */
function generation(): number {
  const counter = new GenerationCounter(h.dataDir, { readonly: true });
  try {
    return counter.current();
  } finally {
    counter.close();
  }
}

/** Serves a story page on the loopback feed server; returns its URL. */
function servePage(slug: string, title: string, paragraphs: string[]): string {
  const link = `${server.base}/news/${slug}`;
  server.routes.set(`/news/${slug}`, { body: storyPage({ title, canonical: link, paragraphs }) });
  return link;
}

async function ask(question: string): Promise<string> {
  const r = await h.fake
    .sendCommand({ guildId: A, user: member, name: 'ask', options: [str('question', question)] })
    .reply();
  expect(r.ephemeral).toBe(false);
  return r.embeds[0]!.description!;
}

beforeAll(async () => {
  h = await startHarness({ guilds: 1, workers: 2, allowPrivateUrls: true, feedPollMaxSleepMs: 300 });
  A = h.guilds[0]!.id;
  server = await new FeedServer().start();
  // Through the bot's core, as /add does: a write straight into h.library would not tell the pool.
  const report = await h.core.ingest([SAMPLES_DIR], { collection: A });
  expect(report.failed).toEqual([]);
});

afterAll(async () => {
  await h?.close();
  await server?.stop();
});

describe('the bot on a worker pool', () => {
  it('answers /ask from the workers, many at once', async () => {
    expect(h.core).toBeInstanceOf(PooledCore);
    expect(h.logs.some((l) => l.includes('answering on a pool of worker threads') && l.includes('"workers":2'))).toBe(
      true,
    );
    const answers = await Promise.all(Array.from({ length: 8 }, () => ask('How much will the new flood wall cost?')));
    for (const description of answers) expect(description).toContain('$48.5 million');
  });

  it('answers about an article added with /add right after it is added', async () => {
    const link = servePage('pumpkin', 'Brindle Harvest Fair Breaks Pumpkin Record', [
      'A pumpkin grown by Wen Aldous weighed 1,204 pounds at the Brindle harvest fair on Sunday, a county record.',
    ]);
    const added = await h.fake
      .sendCommand({
        guildId: A,
        user: admin,
        name: 'add',
        permissions: MANAGER_PERMISSIONS,
        options: [str('url', link)],
      })
      .reply();
    expect(added.content).toMatch(/^Added \[Brindle Harvest Fair Breaks Pumpkin Record\]/);
    expect(await ask('How much did the record pumpkin weigh?')).toContain('1,204 pounds');
  });

  it('lists /search results from the workers', async () => {
    const r = await h.fake
      .sendCommand({ guildId: A, user: member, name: 'search', options: [str('query', 'pumpkin harvest fair')] })
      .reply();
    expect(r.embeds[0]!.description).toContain('Brindle Harvest Fair Breaks Pumpkin Record');
  });

  it('answers about a story a feed poll brought in', async () => {
    const link = servePage('tram', 'Tram Line Extended', storyParagraphs(7, 'tram'));
    server.routes.set('/transit.xml', {
      type: 'application/rss+xml',
      body: rss('Transit News', [{ guid: 'tram', title: 'Tram Line Extended', link }]),
    });
    const before = generation();
    const follow = await h.fake
      .sendCommand({
        guildId: A,
        user: admin,
        name: 'feed',
        options: [{ name: 'add', type: 1, options: [str('url', `${server.base}/transit.xml`)] }],
        permissions: MANAGER_PERMISSIONS,
      })
      .reply();
    expect(follow.content).toMatch(/^Following /);
    // The bot's own scheduler polls the feed; wait until the story is in the library.
    const polled = (): boolean => h.library.list({ collection: A }).some((a) => a.title === 'Tram Line Extended');
    const deadline = Date.now() + 20_000;
    while (!polled() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(polled()).toBe(true);
    // Lexical answers read SQLite directly and could come out right from a stale view; the
    // generation is what makes workers drop their caches (and, in hybrid mode, reload the index).
    expect(generation()).toBeGreaterThan(before);
    expect(await ask('When will the first phase of the tram work in district 7 begin?')).toContain(
      'Officials expect the first phase of the tram work in district 7 to begin in the spring.',
    );
  });
});
