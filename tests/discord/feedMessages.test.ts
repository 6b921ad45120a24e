import { describe, expect, it } from 'vitest';
import { limitViolations } from '../../src/discord/limits.ts';
import { formatAnnouncement, formatFeedList, resolveFeed } from '../../src/discord/feeds.ts';
import type { FeedSummary } from '../../src/feeds/feedService.ts';
import { quotesIn } from './helpers/harness.ts';

const NASTY = '*_`~|\\[]()>#-@everyone '.repeat(40);

function feed(i: number, over: Partial<FeedSummary> = {}): FeedSummary {
  return {
    feedId: i,
    url: `https://news.example/${'f'.repeat(150)}/${i}.xml`,
    title: NASTY,
    channelId: '123456789012345678',
    articles: 1234,
    lastPolledAt: '2026-11-30T10:00:00.000Z',
    lastError: `HTTP 500 from the host ${'x'.repeat(1000)}`,
    nextPollAt: '2026-11-30T11:00:00.000Z',
    ...over,
  };
}

describe('/feed list', () => {
  it('shows title, url, article count, last poll, channel and the last error in one line', () => {
    const embed = formatFeedList([
      feed(1, { title: 'Transit News', url: 'https://news.example/t.xml', lastError: 'HTTP 404\nfrom the host' }),
      feed(2, { title: '', url: 'https://news.example/q.xml', lastPolledAt: null, lastError: null, channelId: null }),
    ]);
    expect(embed.description).toBe(
      '**1.** [Transit News](https://news.example/t.xml) · 1234 articles · polled <t:1796032800:R> · ' +
        'announces in <#123456789012345678>\n⚠ HTTP 404 from the host\n' +
        '**2.** [https://news.example/q.xml](https://news.example/q.xml) · 1234 articles · not polled yet',
    );
  });

  it('fits any number of worst-case feeds, counting the ones that do not fit', () => {
    for (const n of [1, 5, 30, 500]) {
      const embed = formatFeedList(Array.from({ length: n }, (_, i) => feed(i + 1)));
      expect(limitViolations({ embeds: [embed] })).toEqual([]);
      if (n === 500) expect(embed.description).toMatch(/\n…and \d+ more\.$/);
    }
    expect(formatFeedList([]).description).toMatch(/^No feeds yet/);
  });

  it('resolves a feed by id, exact URL or a unique part of its title', () => {
    const feeds = [
      feed(1, { title: 'Transit News' }),
      feed(2, { title: 'Transit Weekly' }),
      feed(3, { title: 'Arts' }),
    ];
    expect(resolveFeed(feeds, '2').feedId).toBe(2);
    expect(resolveFeed(feeds, feeds[2]!.url).feedId).toBe(3);
    expect(resolveFeed(feeds, 'weekly').feedId).toBe(2);
    expect(() => resolveFeed(feeds, 'transit')).toThrow('2 feeds match "transit"; pick one from the suggestions.');
    expect(() => resolveFeed(feeds, 'sport')).toThrow(/^No feed of this server matches "sport"/);
    expect(() => resolveFeed(feeds, ' ')).toThrow('Pick a feed from the suggestions.');
  });
});

describe('feed announcements', () => {
  const article = (i: number) => ({
    articleId: `a${i}`,
    title: `${NASTY} ${i}`,
    link: i % 2 ? `https://news.example/story/${i}_(x)` : null,
    summary: `The council voted on plan ${i}. ${'word '.repeat(400)}`,
  });

  it('one message per feed per poll: at most ten embeds, the rest counted, within every limit', () => {
    const msg = formatAnnouncement({
      feedId: 1,
      feedTitle: NASTY,
      collection: 'g',
      channelId: 'c',
      articles: Array.from({ length: 14 }, (_, i) => article(i)),
    });
    expect(limitViolations(msg)).toEqual([]);
    expect(msg.embeds).toHaveLength(10);
    expect(msg.content).toMatch(/^14 new articles from /);
    expect(msg.embeds[9]!.footer!.text).toBe('…and 4 more new in this feed.');
    expect(msg.embeds[1]!.url).toBe('https://news.example/story/1_%28x%29');
    expect(msg.embeds[0]!.url).toBeUndefined();
    for (const [i, e] of msg.embeds.entries()) {
      const [q] = quotesIn(e.description!);
      expect(article(i).summary.startsWith(q!.text)).toBe(true);
      expect(q!.cut).toBe(true);
    }
  });

  it('an article without a summary sentence is announced by its title alone', () => {
    const msg = formatAnnouncement({
      feedId: 1,
      feedTitle: 'Transit News',
      collection: 'g',
      channelId: 'c',
      articles: [{ articleId: 'a', title: 'Tram', link: 'https://news.example/tram', summary: '  ' }],
    });
    expect(msg).toEqual({
      content: '1 new article from Transit News',
      embeds: [{ title: 'Tram', url: 'https://news.example/tram', color: expect.any(Number) }],
    });
  });
});
