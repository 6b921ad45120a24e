// Turns a web page into the article's plain text plus its metadata. Quotes are later cut verbatim
// out of `text`, so what goes in must be the author's words only: page furniture is removed and
// typographic characters are left exactly as published.
import { Readability } from '@mozilla/readability';
import { createRequire } from 'node:module';
import { QuothError } from '../shared/errors.ts';

export interface ExtractedArticle {
  /** '' when the page has no title anywhere; the caller picks a fallback (file name, URL). */
  title: string;
  /** Paragraphs separated by exactly one blank line ("\n\n"); lines inside a paragraph come from <br>/<pre>. */
  text: string;
  byline: string | null;
  /** ISO 8601: a date-only or offset-carrying ISO value is kept as published, anything else is converted to UTC. */
  publishedAt: string | null;
  canonicalUrl: string | null;
  siteName: string | null;
}

/**
 * Whole paragraphs that are page furniture rather than article text. Removing elements by tag, role
 * and class/id catches most furniture, but Readability keeps blocks that sit inside the article
 * container without telltale markup (a bare "<p>Leave a Comment</p>", a "Share this article" line
 * above un-classed links, a cookie notice injected into the content), and those lines would
 * otherwise be quoted as if the author had written them. Each pattern must match a whole paragraph
 * and is kept narrow, so a real sentence that merely starts the same way survives.
 */
export const FURNITURE_PHRASES: readonly RegExp[] = [
  /^leave a (comment|reply)\b.{0,40}$/i,
  /^(\d+ )?comments?$/i,
  /^share (this|the) (article|story|post|page)\b.{0,40}$/i,
  /^share (on|to|via) (facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|threads|bluesky|mastodon|email)\b.{0,40}$/i,
  /^click to (share|print|email)\b.{0,80}$/i,
  /^subscribe to our newsletter\b.{0,120}$/i,
  /^(we|this (web)?site) uses? cookies\b.{0,300}$/i,
  /^accept (all )?cookies\b.{0,20}$/i,
  /^advertisements?$/i,
  /^read more\b[\s:.…»›→>-]*$/i,
  /^read more: .{1,120}$/i,
  /^related (articles?|stories|posts|content|reading|coverage)\b.{0,20}$/i,
  /^sign up( now| here| today)?[.!…]*$/i,
  /^sign up (for|to) (our|the|my) .{0,60}\b(newsletters?|updates|emails?|alerts?|digest|briefing)\b.{0,60}$/i,
  /^follow us (on|at)\b.{0,80}$/i,
  /^(posted|published|updated|last updated)( on| at)?:? .{0,40}\b\d{4}\b.{0,20}$/i,
  /^(print|email|tweet|share)( this)?( article| story| page)?$/i,
];

const FURNITURE_SELECTOR = [
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'script:not([type="application/ld+json"])',
  'style',
  'noscript',
  'iframe',
  'button',
  'template',
  'svg',
  'dialog',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[role="dialog"]',
  '[aria-hidden="true"]',
  '[hidden]',
].join(',');

// "comments" but not "commentary" (opinion columns use that for the article body itself).
const FURNITURE_CLASS_OR_ID =
  /cookie|consent|gdpr|share|social|newsletter|subscribe|related|comments?(?!ary|ator)|advert|promo|popup|modal|breadcrumb/i;

// Never removed for their class/id: sites put "has-comments", "social-enabled" and the like on
// wrappers that hold the article itself.
const CONTENT_LANDMARKS = 'article, main, h1, [itemprop="articleBody"]';
const UNREMOVABLE_TAGS = new Set(['HTML', 'BODY', 'MAIN', 'ARTICLE']);

const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP',
  'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TFOOT', 'THEAD', 'TR', 'UL',
]);
const CELL_TAGS = new Set(['TD', 'TH']);

// Invisible characters that would split words in search and quotes without showing anything.
const ZERO_WIDTH = /[\u200B\u200C\u200D\u2060\uFEFF\u00AD]/g;

const ARTICLE_JSON_LD_TYPES = /Article|BlogPosting|Report|NewsArticle|Posting|WebPage/;

// linkedom's own typings describe its DOM in terms of the browser lib, which this project does not
// load; these are the few members used here.
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  tagName: string;
  id: string;
  className: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
}
interface DomDocument {
  body: DomElement | null;
  documentElement: DomElement;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

export function extractHtml(html: string, pageUrl?: string): ExtractedArticle {
  // linkedom mis-parses fragments (content lands outside <body>), so fragments get a document around them.
  const source = /<(html|body)[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const document = linkedom().parseHTML(source).document as unknown as DomDocument;

  // Metadata first: cleaning removes <header> bylines and the like.
  const meta = readMetadata(document, pageUrl);

  removeFurniture(document.documentElement);

  let readable: ReturnType<Readability<DomElement>['parse']> = null;
  try {
    // The serializer hands back the content element itself, so text is built from the DOM with
    // paragraph structure instead of Readability's flattened textContent.
    readable = new Readability<DomElement>(document as never, { serializer: (node) => node as unknown as DomElement }).parse();
  } catch {
    // Readability relies on a few DOM features linkedom may lack for odd pages; the cleaned body is the fallback.
    readable = null;
  }
  const content = readable?.content ?? document.body;
  if (content) removeFurniture(content);

  const title = withoutSiteSuffix(firstNonEmpty(readable?.title, meta.ogTitle, meta.htmlTitle, meta.firstH1) ?? '', meta.firstH1);
  const byline = cleanByline(firstNonEmpty(readable?.byline, meta.author));

  const paragraphs = content ? toParagraphs(content) : [];
  const text = paragraphs
    .filter((p, i) => !isFurniture(p) && !(i < 3 && restatesHeader(p, title, byline)))
    .join('\n\n');
  if (!/\p{L}/u.test(text)) {
    throw new QuothError(`No readable article text found in ${pageUrl ?? 'the page'}.`, 'invalid_input');
  }

  return {
    title,
    text,
    byline,
    publishedAt: firstIsoDate(meta.dateCandidates, readable?.publishedTime),
    canonicalUrl: meta.canonicalUrl,
    siteName: firstNonEmpty(meta.ogSiteName, readable?.siteName),
  };
}

/** True for a paragraph that is one of FURNITURE_PHRASES. */
export function isFurniture(paragraph: string): boolean {
  return FURNITURE_PHRASES.some((re) => re.test(paragraph));
}

interface PageMetadata {
  ogTitle: string | null;
  htmlTitle: string | null;
  firstH1: string | null;
  author: string | null;
  ogSiteName: string | null;
  canonicalUrl: string | null;
  /** In order of trust. */
  dateCandidates: (string | null)[];
}

function readMetadata(doc: DomDocument, pageUrl: string | undefined): PageMetadata {
  const metaValue = (selector: string): string | null => normalizeInline(doc.querySelector(selector)?.getAttribute('content'));
  const jsonLd = readJsonLd(doc);
  const articleScope = doc.querySelector('article') ?? doc.querySelector('main') ?? doc.querySelector('[itemprop="articleBody"]');

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
  const typeOf = (o: Record<string, unknown>): string => [o['@type']].flat().filter((t) => typeof t === 'string').join(' ');
  const article =
    objects.find((o) => typeof o.datePublished === 'string' && ARTICLE_JSON_LD_TYPES.test(typeOf(o))) ??
    objects.find((o) => typeof o.datePublished === 'string');
  const authorValue = [article?.author].flat()[0];
  const author =
    typeof authorValue === 'string'
      ? authorValue
      : authorValue && typeof authorValue === 'object' && typeof (authorValue as { name?: unknown }).name === 'string'
        ? ((authorValue as { name: string }).name)
        : null;
  return { datePublished: (article?.datePublished as string | undefined) ?? null, author: normalizeInline(author) };
}

function removeFurniture(root: DomElement): void {
  for (const el of Array.from(root.querySelectorAll(FURNITURE_SELECTOR))) el.remove();
  for (const el of Array.from(root.querySelectorAll('[class], [id]'))) {
    if (UNREMOVABLE_TAGS.has(el.tagName.toUpperCase())) continue;
    if (!FURNITURE_CLASS_OR_ID.test(`${el.className} ${el.id}`)) continue;
    if (el.querySelector(CONTENT_LANDMARKS)) continue;
    el.remove();
  }
}

/**
 * Block elements become paragraphs, inline whitespace collapses to one space, <br> and <pre> line
 * breaks stay as single newlines, and a blank line inside a block (e.g. <br><br>) splits it.
 */
function toParagraphs(root: DomNode): string[] {
  const paragraphs: string[] = [];
  let buffer = '';
  const flush = (): void => {
    paragraphs.push(...splitParagraphs(buffer));
    buffer = '';
  };
  const walk = (node: DomNode, inPre: boolean): void => {
    if (node.nodeType === TEXT_NODE) {
      const raw = node.textContent ?? '';
      buffer += inPre ? raw.replace(/\r\n?/g, '\n') : raw.replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const tag = node.nodeName.toUpperCase();
    if (tag === 'BR') {
      buffer += '\n';
      return;
    }
    if (CELL_TAGS.has(tag)) buffer += ' ';
    const isBlock = BLOCK_TAGS.has(tag);
    if (isBlock) flush();
    for (const child of Array.from(node.childNodes)) walk(child, inPre || tag === 'PRE');
    if (isBlock) flush();
  };
  walk(root, false);
  flush();
  return paragraphs;
}

function splitParagraphs(block: string): string[] {
  const out: string[] = [];
  let lines: string[] = [];
  for (const line of block.replace(ZERO_WIDTH, '').split('\n')) {
    // \s covers no-break and other Unicode spaces, which become plain spaces here.
    const clean = line.replace(/\s+/g, ' ').trim();
    if (clean) {
      lines.push(clean);
    } else if (lines.length) {
      out.push(lines.join('\n'));
      lines = [];
    }
  }
  if (lines.length) out.push(lines.join('\n'));
  return out;
}

/**
 * "Headline – Site Name" becomes "Headline" when the page's h1 is exactly that headline. Readability
 * strips such suffixes only for some separators (not the en dash WordPress uses).
 */
function withoutSiteSuffix(title: string, h1: string | null): string {
  if (!h1 || title === h1 || !title.startsWith(h1)) return title;
  return /^\s+[|–—\-:·»/]\s/.test(title.slice(h1.length)) ? h1 : title;
}

/** The title or "By <author>" repeated at the top of the body, which Readability sometimes leaves in. */
function restatesHeader(paragraph: string, title: string, byline: string | null): boolean {
  if (title && paragraph === title) return true;
  return byline !== null && paragraph.replace(/^by\s+/i, '') === byline;
}

function cleanByline(value: string | null): string | null {
  if (!value) return null;
  const cleaned = value.replace(/^by\s+/i, '').trim();
  // Readability sometimes picks a whole paragraph as a byline; a long one is not a name.
  return cleaned && cleaned.length <= 120 ? cleaned : null;
}

function firstIsoDate(candidates: (string | null)[], readabilityDate: string | null | undefined): string | null {
  for (const candidate of [...candidates, readabilityDate ?? null]) {
    const iso = toIsoDate(candidate);
    if (iso) return iso;
  }
  return null;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function toIsoDate(value: string | null): string | null {
  const s = value?.trim();
  if (!s) return null;
  const time = Date.parse(s);
  if (Number.isNaN(time)) return null;
  // Keep what the page said when it already is ISO 8601: converting "2024-03-05" to UTC midnight
  // would add a time the page never gave, and an offset says where the article was published.
  return ISO_8601.test(s) ? s : new Date(time).toISOString();
}

function resolveHttpUrl(href: string | null | undefined, base: string | undefined): string | null {
  const h = href?.trim();
  if (!h) return null;
  try {
    const url = new URL(h, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function normalizeInline(value: string | null | undefined): string | null {
  if (value == null) return null;
  const s = value.replace(ZERO_WIDTH, '').replace(/\s+/g, ' ').trim();
  return s || null;
}

function firstNonEmpty(...values: (string | null | undefined)[]): string | null {
  for (const v of values) {
    const s = normalizeInline(v);
    if (s) return s;
  }
  return null;
}

// linkedom takes ~0.3 s to import; most commands never parse HTML, so it is loaded on first use.
let linkedomModule: typeof import('linkedom') | null = null;
function linkedom(): typeof import('linkedom') {
  linkedomModule ??= createRequire(import.meta.url)('linkedom') as typeof import('linkedom');
  return linkedomModule;
}
