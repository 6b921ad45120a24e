import { describe, expect, it } from 'vitest';
import { parseFeedDocument, parseOpmlFeeds } from '../../src/feeds/parseFeed.ts';
import { MAX_INTERVAL_S, MIN_INTERVAL_S, nextSchedule } from '../../src/feeds/pollSchedule.ts';

const BASE = 'https://news.example/feed';

describe('parseFeedDocument', () => {
  it('reads RSS 2.0 with content:encoded, relative links resolved against the feed URL', () => {
    const feed = parseFeedDocument(
      `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
       <title>Daily</title><item><title>A &amp; B</title><link>/a</link><guid>g1</guid><description>short</description>
       <content:encoded><![CDATA[<p>Full text.</p>]]></content:encoded><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate>
       </item></channel></rss>`,
      BASE,
    );
    expect(feed).toEqual({
      format: 'rss',
      title: 'Daily',
      entries: [
        {
          guid: 'g1',
          link: 'https://news.example/a',
          title: 'A & B',
          contentHtml: '<p>Full text.</p>',
          publishedAt: 'Mon, 02 Nov 2026 10:00:00 GMT',
        },
      ],
    });
  });

  it('reads Atom (alternate link, html content, summary as fallback)', () => {
    const feed = parseFeedDocument(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Atom Desk</title>
       <entry><id>urn:1</id><title>One</title><link rel="self" href="https://x.example/self"/>
       <link rel="alternate" href="https://x.example/1"/><summary>Only a summary.</summary>
       <published>2026-11-01T00:00:00Z</published></entry></feed>`,
      BASE,
    );
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Atom Desk');
    expect(feed.entries[0]).toEqual({
      guid: 'urn:1',
      link: 'https://x.example/1',
      title: 'One',
      contentHtml: 'Only a summary.',
      publishedAt: '2026-11-01T00:00:00Z',
    });
  });

  it('reads RDF (RSS 1.0): rdf:about is the guid, dc:date the date', () => {
    const feed = parseFeedDocument(
      `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
       xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://r.example/"><title>RDF News</title>
       <link>https://r.example/</link></channel><item rdf:about="https://r.example/1"><title>First</title>
       <link>https://r.example/1</link><description>Desc.</description><dc:date>2026-10-31</dc:date></item></rdf:RDF>`,
      BASE,
    );
    expect(feed).toMatchObject({ format: 'rdf', title: 'RDF News' });
    expect(feed.entries[0]).toEqual({
      guid: 'https://r.example/1',
      link: 'https://r.example/1',
      title: 'First',
      contentHtml: 'Desc.',
      publishedAt: '2026-10-31',
    });
  });

  it('reads JSON Feed, escaping content_text into paragraphs', () => {
    const feed = parseFeedDocument(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'JSON Desk',
        items: [
          {
            id: '7',
            url: 'https://j.example/7',
            title: 'Seven',
            content_text: 'a < b\n\nsecond',
            date_published: '2026-11-02',
          },
        ],
      }),
      BASE,
    );
    expect(feed).toMatchObject({ format: 'json', title: 'JSON Desk' });
    expect(feed.entries[0]).toMatchObject({
      guid: '7',
      link: 'https://j.example/7',
      contentHtml: '<p>a &lt; b</p>\n<p>second</p>',
    });
  });

  it('refuses non-feeds and malformed feeds with one line naming the URL', () => {
    expect(() => parseFeedDocument('<html><body>hi</body></html>', BASE)).toThrow(
      `${BASE} is not an RSS, Atom, RDF or JSON feed.`,
    );
    expect(() => parseFeedDocument('<rss version="2.0"><channel><title>x</ti', BASE)).toThrow(
      `${BASE} is a malformed feed.`,
    );
    expect(() => parseFeedDocument('{"version": ', BASE)).toThrow(/is not a valid JSON Feed/);
    expect(() => parseFeedDocument('{"hello": 1}', BASE)).toThrow(/not an RSS, Atom, RDF or JSON feed/);
  });

  it('drops non-http links (javascript:, mailto:)', () => {
    const feed = parseFeedDocument(
      '<rss version="2.0"><channel><title>T</title>' +
        '<item><title>x</title><link>javascript:alert(1)</link></item></channel></rss>',
      BASE,
    );
    expect(feed.entries[0]!.link).toBeNull();
  });
});

describe('parseOpmlFeeds', () => {
  it('lists the feed URLs of nested outlines once each, in order', () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Subs</title></head><body>
      <outline text="News"><outline type="rss" text="One" xmlUrl="https://a.example/rss"/>
      <outline type="rss" title="Two" text="2" xmlUrl="https://b.example/atom"/></outline>
      <outline type="rss" text="One again" xmlUrl="https://a.example/rss"/><outline text="no url"/></body></opml>`;
    expect(parseOpmlFeeds(opml)).toEqual([
      { title: 'One', url: 'https://a.example/rss' },
      { title: 'Two', url: 'https://b.example/atom' },
    ]);
  });

  it('refuses a file that is not OPML', () => {
    expect(() => parseOpmlFeeds('not xml at all')).toThrow('The file is not a valid OPML subscription list.');
  });
});

describe('nextSchedule', () => {
  const now = 1_000_000;
  it('halves the interval after a change and stretches it after a quiet poll, within 10 min and 6 h', () => {
    expect(nextSchedule({ intervalS: 3600, failures: 0 }, 'changed', now)).toEqual({
      intervalS: 1800,
      failures: 0,
      nextPollAt: now + 1800_000,
    });
    expect(nextSchedule({ intervalS: 3600, failures: 0 }, 'unchanged', now).intervalS).toBe(5400);
    expect(nextSchedule({ intervalS: MIN_INTERVAL_S, failures: 0 }, 'changed', now).intervalS).toBe(MIN_INTERVAL_S);
    expect(nextSchedule({ intervalS: MAX_INTERVAL_S, failures: 0 }, 'unchanged', now).intervalS).toBe(MAX_INTERVAL_S);
  });

  it('backs off exponentially on failures, capped at 6 h, and keeps the interval for when it recovers', () => {
    const delays: number[] = [];
    let s = { intervalS: 1800, failures: 0 };
    for (let i = 0; i < 8; i++) {
      const next = nextSchedule(s, 'failed', now);
      delays.push((next.nextPollAt - now) / 1000);
      s = next;
    }
    expect(delays).toEqual([600, 1200, 2400, 4800, 9600, 19200, 21600, 21600]);
    expect(s.intervalS).toBe(1800);
    expect(nextSchedule(s, 'unchanged', now).failures).toBe(0);
  });

  it('comes back at the minimum interval when items were left for the next poll', () => {
    expect(nextSchedule({ intervalS: 7200, failures: 0 }, 'capped', now).nextPollAt).toBe(now + MIN_INTERVAL_S * 1000);
  });
});
