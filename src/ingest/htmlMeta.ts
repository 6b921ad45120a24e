// Metadata of a web page (title candidates, author, dates, canonical URL), read from the page as
// served, before any cleaning, because cleaning removes the <header> that carries most of it.
import { type DomDocument, normalizeInline } from './htmlDom.ts';
import { httpUrl } from '../shared/httpUrl.ts';

const ARTICLE_JSON_LD_TYPES = /Article|BlogPosting|Report|NewsArticle|Posting|WebPage/;

export interface PageMetadata {
  ogTitle: string | null;
  htmlTitle: string | null;
  firstH1: string | null;
  author: string | null;
  ogSiteName: string | null;
  canonicalUrl: string | null;
  /** In order of trust. */
  dateCandidates: (string | null)[];
}

export function readMetadata(doc: DomDocument, pageUrl: string | undefined): PageMetadata {
  const metaValue = (selector: string): string | null =>
    normalizeInline(doc.querySelector(selector)?.getAttribute('content'));
  const jsonLd = readJsonLd(doc);
  const articleScope =
    doc.querySelector('article') ?? doc.querySelector('main') ?? doc.querySelector('[itemprop="articleBody"]');

  return {
    ogTitle: metaValue('meta[property="og:title"]'),
    htmlTitle: normalizeInline(doc.querySelector('title')?.textContent),
    firstH1: normalizeInline(doc.querySelector('h1')?.textContent),
    author: firstNonEmpty(
      metaValue('meta[name="author"]'),
      jsonLd.author,
      normalizeInline(doc.querySelector('[rel="author"], [itemprop="author"]')?.textContent),
    ),
    ogSiteName: metaValue('meta[property="og:site_name"]'),
    canonicalUrl:
      resolveHttpUrl(doc.querySelector('link[rel~="canonical"]')?.getAttribute('href'), pageUrl) ??
      resolveHttpUrl(metaValue('meta[property="og:url"]'), pageUrl),
    dateCandidates: [
      metaValue('meta[property="article:published_time"]'),
      metaValue('meta[name="article:published_time"]'),
      metaValue('meta[property="og:published_time"]'),
      metaValue('meta[name="date"]'),
      metaValue('meta[itemprop="datePublished"]'),
      doc.querySelector('[itemprop="datePublished"][datetime]')?.getAttribute('datetime') ?? null,
      // JSON-LD before a bare <time>: the visible time in an article is often the "updated" one.
      jsonLd.datePublished,
      articleScope?.querySelector('time[datetime]')?.getAttribute('datetime') ?? null,
    ],
  };
}

/** datePublished and author name from the first schema.org article object in any JSON-LD block. */
function readJsonLd(doc: DomDocument): { datePublished: string | null; author: string | null } {
  const objects: Record<string, unknown>[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      objects.push(obj);
      if (Array.isArray(obj['@graph'])) collect(obj['@graph']);
    }
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      collect(JSON.parse((script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '')));
    } catch {
      // Broken JSON-LD is common and never fatal: the other metadata sources still apply.
    }
  }
  const typeOf = (o: Record<string, unknown>): string =>
    [o['@type']]
      .flat()
      .filter((t) => typeof t === 'string')
      .join(' ');
  const article =
    objects.find((o) => typeof o.datePublished === 'string' && ARTICLE_JSON_LD_TYPES.test(typeOf(o))) ??
    objects.find((o) => typeof o.datePublished === 'string');
  const authorValue = [article?.author].flat()[0];
  const author =
    typeof authorValue === 'string'
      ? authorValue
      : authorValue && typeof authorValue === 'object' && typeof (authorValue as { name?: unknown }).name === 'string'
        ? (authorValue as { name: string }).name
        : null;
  return { datePublished: (article?.datePublished as string | undefined) ?? null, author: normalizeInline(author) };
}

/**
 * "Headline – Site Name" becomes "Headline" when the page's h1 is exactly that headline. Readability
 * strips such suffixes only for some separators (not the en dash WordPress uses).
 */
export function withoutSiteSuffix(title: string, h1: string | null): string {
  if (!h1 || title === h1 || !title.startsWith(h1)) return title;
  return /^\s+[|–—\-:·»/]\s/.test(title.slice(h1.length)) ? h1 : title;
}

/** The title or "By <author>" repeated at the top of the body, which Readability sometimes leaves in. */
export function restatesHeader(paragraph: string, title: string, byline: string | null): boolean {
  if (title && paragraph === title) return true;
  return byline !== null && paragraph.replace(/^by\s+/i, '') === byline;
}

export function cleanByline(value: string | null): string | null {
  if (!value) return null;
  const cleaned = value.replace(/^by\s+/i, '').trim();
  // Readability sometimes picks a whole paragraph as a byline; a long one is not a name.
  return cleaned && cleaned.length <= 120 ? cleaned : null;
}

export function firstIsoDate(candidates: (string | null)[], readabilityDate: string | null | undefined): string | null {
  for (const candidate of [...candidates, readabilityDate ?? null]) {
    const iso = toIsoDate(candidate);
    if (iso) return iso;
  }
  return null;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function toIsoDate(value: string | null): string | null {
  const s = value?.trim();
  if (!s) return null;
  const time = Date.parse(s);
  if (Number.isNaN(time)) return null;
  // Keep what the page said when it already is ISO 8601: converting "2024-03-05" to UTC midnight
  // would add a time the page never gave, and an offset says where the article was published.
  return ISO_8601.test(s) ? s : new Date(time).toISOString();
}

export function resolveHttpUrl(href: string | null | undefined, base: string | undefined): string | null {
  return httpUrl(href, base)?.href ?? null;
}

export function firstNonEmpty(...values: (string | null | undefined)[]): string | null {
  for (const v of values) {
    const s = normalizeInline(v);
    if (s) return s;
  }
  return null;
}
