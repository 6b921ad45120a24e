import path from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import { QuothError, oneLine } from '../shared/errors.ts';
import type { IngestFailure } from '../shared/types.ts';
import { type ExtractedArticle, extractHtml } from './extractHtml.ts';
import { stripFurniture } from './furniture.ts';
import { markdownTitle, markdownToText } from './markdownToText.ts';
import { normalizeText } from './normalizeText.ts';
import { unwrapLines } from '../text/lineBreaks.ts';

/** An article as read from a source, before it is stored. */
export interface RawArticle {
  /** Stable key of the article: a canonical URL, an absolute path, or path#entry for JSON files. */
  source: string;
  title: string;
  text: string;
  url: string | null;
  byline: string | null;
  publishedAt: string | null;
}

export interface ParseOutcome {
  articles: RawArticle[];
  failures: IngestFailure[];
}

export type DocumentFormat = 'text' | 'markdown' | 'html' | 'json' | 'jsonl';

const FORMAT_BY_EXTENSION: Record<string, DocumentFormat> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

export const SUPPORTED_EXTENSIONS = Object.keys(FORMAT_BY_EXTENSION);

export function formatOfPath(file: string): DocumentFormat | null {
  return FORMAT_BY_EXTENSION[path.extname(file).toLowerCase()] ?? null;
}

/** Parses one document already decoded to text. JSON and JSONL may yield many articles. */
export function parseDocument(
  text: string,
  format: DocumentFormat,
  source: string,
  fallbackTitle: string,
): ParseOutcome {
  switch (format) {
    case 'text':
      return single(fromPlainText(text, source, fallbackTitle));
    case 'markdown':
      return single(fromMarkdown(text, source, fallbackTitle));
    case 'html':
      return single(fromHtml(text, source, null));
    case 'json':
      return fromJson(text, source);
    case 'jsonl':
      return fromJsonLines(text, source);
  }
}

export function fromHtml(html: string, source: string, pageUrl: string | null): RawArticle {
  const page = extractOnce(html, pageUrl);
  const url = page.canonicalUrl ?? pageUrl;
  return finish({
    source: pageUrl ? (page.canonicalUrl ?? pageUrl) : source,
    title: page.title,
    text: page.text,
    url,
    byline: page.byline,
    publishedAt: page.publishedAt,
  });
}

/**
 * The last page extracted, by its HTML and address. A feed extracts a story's page to learn its
 * canonical address and content hash before handing the same page to the library, and extraction
 * is most of what a page costs: the second call is answered from here. Only one page is kept.
 */
let lastPage: { html: string; pageUrl: string | null; page: Readonly<ExtractedArticle> } | null = null;

function extractOnce(html: string, pageUrl: string | null): Readonly<ExtractedArticle> {
  if (lastPage && lastPage.pageUrl === pageUrl && lastPage.html === html) return lastPage.page;
  const page = extractHtml(html, pageUrl ?? undefined);
  lastPage = { html, pageUrl, page };
  return page;
}

function single(article: RawArticle): ParseOutcome {
  return { articles: [article], failures: [] };
}

export function fromPlainText(
  raw: string,
  source: string,
  fallbackTitle: string,
  meta: Partial<RawArticle> = {},
): RawArticle {
  let text = unwrapHardWrappedLines(normalizeText(raw));
  let title = meta.title?.trim() || '';
  if (!title) {
    // A short first line standing alone above the body is the article's title.
    const m = /^([^\n]{1,200})\n\n(?=\S)/.exec(text);
    if (m && !/[.!?,;]$/.test(m[1]!)) {
      title = m[1]!.trim();
      text = text.slice(m[0].length);
    }
  }
  return finish({
    source,
    title: title || fallbackTitle,
    text,
    url: meta.url ?? null,
    byline: meta.byline ?? null,
    publishedAt: meta.publishedAt ?? null,
  });
}

function fromMarkdown(raw: string, source: string, fallbackTitle: string): RawArticle {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(raw);
  } catch (err) {
    throw new QuothError(`${source}: the front matter is not valid YAML (${oneLine(err)}).`);
  }
  const data = parsed.data as Record<string, unknown>;
  const heading = markdownTitle(parsed.content);
  let body = markdownToText(parsed.content);
  const title = str(data.title) ?? heading ?? fallbackTitle;
  // The H1 is the title, not a sentence of the article.
  if (heading && body.startsWith(heading)) body = body.slice(heading.length);
  return finish({
    source,
    title,
    text: body,
    url: httpUrlOrNull(str(data.url) ?? str(data.source) ?? str(data.link)),
    byline: str(data.byline) ?? str(data.author),
    publishedAt: dateOrNull(data.date ?? data.published),
  });
}

const JsonArticle = z.object({
  title: z.string().optional(),
  url: z.string().nullish(),
  date: z.union([z.string(), z.number()]).nullish(),
  byline: z.string().nullish(),
  author: z.string().nullish(),
  text: z.string({ error: 'no "text" field' }).refine((t) => t.trim().length > 0, 'the "text" field is empty'),
});

/**
 * Keys of entries without a URL: the title (stable when entries are added or reordered), with its
 * occurrence number when a file repeats a title, so that two articles never share a key.
 */
class EntryKeys {
  private readonly seen = new Map<string, number>();
  key(value: unknown, fallback: string): string {
    const title =
      typeof (value as { title?: unknown })?.title === 'string'
        ? (value as { title: string }).title.trim() || fallback
        : fallback;
    const n = (this.seen.get(title) ?? 0) + 1;
    this.seen.set(title, n);
    return n === 1 ? title : `${title}#${n}`;
  }
}

function jsonEntry(value: unknown, source: string, entryKey: string, where: string): RawArticle {
  const parsed = JsonArticle.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const msg = issue.code === 'invalid_type' && issue.path.length === 0 ? 'not a JSON object' : issue.message;
    throw new QuothError(`${where}: ${msg}.`);
  }
  const a = parsed.data;
  const url = httpUrlOrNull(a.url ?? null);
  return fromPlainText(
    a.text,
    url ?? `${source}#${entryKey}`,
    a.title?.trim() || `${path.basename(source)} ${entryKey}`,
    {
      title: a.title,
      url,
      byline: a.byline ?? a.author ?? null,
      publishedAt: dateOrNull(a.date),
    },
  );
}

function fromJson(text: string, source: string): ParseOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new QuothError(`${source} is not valid JSON (${oneLine(err)}).`);
  }
  const items = Array.isArray(value) ? value : [value];
  const out: ParseOutcome = { articles: [], failures: [] };
  const keys = new EntryKeys();
  items.forEach((item, i) => {
    const where = Array.isArray(value) ? `${source} item ${i + 1}` : source;
    try {
      out.articles.push(jsonEntry(item, source, keys.key(item, `item ${i + 1}`), where));
    } catch (err) {
      out.failures.push({ source: where, error: oneLine(err) });
    }
  });
  return out;
}

function fromJsonLines(text: string, source: string): ParseOutcome {
  const out: ParseOutcome = { articles: [], failures: [] };
  const lines = new JsonLinesParser(source);
  text.split('\n').forEach((line, i) => lines.parse(line, i + 1, out));
  return out;
}

/**
 * JSON Lines read one line at a time, so that a file streamed line by line (jsonLines.ts) and a
 * text parsed whole name their articles and word their failures alike.
 */
export class JsonLinesParser {
  private readonly keys = new EntryKeys();
  constructor(private readonly source: string) {}

  /** Line n (from 1) into `out`: an article, a failure naming the line, or nothing when blank. */
  parse(line: string, n: number, out: ParseOutcome): void {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      this.fail(n, `is not valid JSON (${oneLine(err)}).`, out);
      return;
    }
    try {
      out.articles.push(jsonEntry(value, this.source, this.keys.key(value, `line ${n}`), `line ${n}`));
    } catch (err) {
      out.failures.push({ source: `${this.source}:${n}`, error: oneLine(err) });
    }
  }

  /** A line refused before parsing; `why` follows "line n". */
  fail(n: number, why: string, out: ParseOutcome): void {
    out.failures.push({ source: `${this.source}:${n}`, error: `line ${n} ${why}` });
  }
}

/** Final cleaning shared by every format; refuses an article left with no text. */
function finish(a: RawArticle): RawArticle {
  // One furniture filter for every format (HTML output, text, Markdown, JSON): see furniture.ts.
  const text = normalizeText(stripFurniture(normalizeText(a.text)).text);
  if (!text) throw new QuothError(`${a.source} has no article text.`);
  const title = normalizeText(a.title).replace(/\s+/g, ' ').slice(0, 300) || 'Untitled';
  return { ...a, title, text };
}

/**
 * Plain-text articles are often hard-wrapped at ~70 columns (newswire, e-mail), and scraped ones put
 * one paragraph per line. A quote must not carry wrap breaks, and must not start with a heading:
 * wrapped lines are joined with a space, other breaks become paragraph breaks (see lineBreaks.ts).
 */
function unwrapHardWrappedLines(text: string): string {
  return unwrapLines(text);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

function httpUrlOrNull(v: string | null): string | null {
  if (!v) return null;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

function dateOrNull(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
