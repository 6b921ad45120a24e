// Turns an RSS 2.0, Atom, RDF (RSS 1.0) or JSON Feed document into one flat shape, and an OPML
// file into its feed URLs. feedsmith parses only the text it is given: it never fetches anything.
import { parseFeed as parseAnyFeed, parseOpml } from 'feedsmith';
import { QuothError, oneLine } from '../shared/errors.ts';
import { httpUrl } from '../shared/httpUrl.ts';

export interface FeedEntry {
  /** The item's own id (RSS guid, Atom id, JSON Feed id, RDF about), or null when it has none. */
  guid: string | null;
  /** The story's page, absolute (resolved against the feed URL), or null. */
  link: string | null;
  title: string;
  /** The item's own content as HTML: content:encoded / content, else summary / description. */
  contentHtml: string | null;
  publishedAt: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string;
  entries: FeedEntry[];
}

type Loose = Record<string, unknown>;

/** Parses a feed body; throws a one-line QuothError for anything that is not a well-formed feed. */
export function parseFeedDocument(body: string, feedUrl: string): ParsedFeed {
  const trimmed = body.trimStart();
  let input: string | unknown = body;
  if (trimmed.startsWith('{')) {
    try {
      input = JSON.parse(trimmed);
    } catch (err) {
      throw new QuothError(`${feedUrl} is not a valid JSON Feed (${oneLine(err)}).`);
    }
  }
  let parsed: { format: string; feed: unknown };
  try {
    parsed = parseAnyFeed(input as string) as { format: string; feed: unknown };
  } catch (err) {
    const why = /unrecognized/i.test(oneLine(err)) ? 'is not an RSS, Atom, RDF or JSON feed' : 'is a malformed feed';
    throw new QuothError(`${feedUrl} ${why}.`);
  }
  const feed = (parsed.feed ?? {}) as Loose;
  const format = parsed.format as ParsedFeed['format'];
  const rawItems = (format === 'atom' ? feed.entries : feed.items) as Loose[] | undefined;
  const entries = (rawItems ?? []).map((item) => entryOf(format, item, feedUrl));
  const title = text(feed.title) ?? new URL(feedUrl).hostname;
  return { format, title, entries };
}

function entryOf(format: ParsedFeed['format'], item: Loose, feedUrl: string): FeedEntry {
  switch (format) {
    case 'atom': {
      const links = (item.links as Loose[] | undefined) ?? [];
      const alternate = links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0];
      return {
        guid: text(item.id),
        link: absolute(text(alternate?.href), feedUrl),
        title: text(item.title) ?? '',
        contentHtml: text(item.content) ?? text(item.summary),
        publishedAt: text(item.published) ?? text(item.updated),
      };
    }
    case 'json':
      return {
        guid: text(item.id),
        link: absolute(text(item.url) ?? text(item.external_url), feedUrl),
        title: text(item.title) ?? '',
        contentHtml: text(item.content_html) ?? escapeHtml(text(item.content_text)) ?? text(item.summary),
        publishedAt: text(item.date_published) ?? text(item.date_modified),
      };
    case 'rdf':
    case 'rss': {
      const content = item.content as Loose | undefined;
      const dc = item.dc as Loose | undefined;
      const rdf = item.rdf as Loose | undefined;
      return {
        guid: text(item.guid) ?? text(rdf?.about),
        link: absolute(text(item.link), feedUrl),
        title: text(item.title) ?? '',
        contentHtml: text(content?.encoded) ?? text(item.description),
        publishedAt: text(item.pubDate) ?? text(dc?.date) ?? text((dc?.dates as unknown[] | undefined)?.[0]),
      };
    }
  }
}

/** The feed URLs of an OPML subscription list (outlines nested in folders included), in order, deduplicated. */
export function parseOpmlFeeds(body: string): { title: string | null; url: string }[] {
  let opml: { body?: { outlines?: Loose[] } };
  try {
    opml = parseOpml(body) as typeof opml;
  } catch {
    throw new QuothError('The file is not a valid OPML subscription list.');
  }
  const out: { title: string | null; url: string }[] = [];
  const seen = new Set<string>();
  const walk = (outlines: Loose[] | undefined): void => {
    for (const o of outlines ?? []) {
      const url = text(o.xmlUrl);
      if (url && !seen.has(url)) {
        seen.add(url);
        out.push({ title: text(o.title) ?? text(o.text), url });
      }
      walk(o.outlines as Loose[] | undefined);
    }
  };
  walk(opml.body?.outlines);
  return out;
}

/** A string from feedsmith's value shapes: plain strings, `{ value }` objects (Atom text, RSS guid). */
function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (v && typeof v === 'object' && 'value' in v) return text((v as { value: unknown }).value);
  return null;
}

function absolute(link: string | null, base: string): string | null {
  return httpUrl(link, base)?.href ?? null;
}

function escapeHtml(s: string | null): string | null {
  if (s === null) return null;
  const escaped = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .split(/\n{2,}/)
    .map((p) => `<p>${p}</p>`)
    .join('\n');
}
