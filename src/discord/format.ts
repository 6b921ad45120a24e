// Turns core results into Discord messages that always fit Discord's limits. Pure functions only:
// no discord.js client, no I/O, so every limit is unit-tested (tests/discord/format.test.ts).
//
// Quotes stay verbatim: what appears inside a `> ` quote block is always a prefix of the article's
// own text (the whole quote, or a cut at a sentence or word boundary followed by "…"). Quote text is
// therefore never markdown-escaped; titles are, so a title can never break the link around it.
import { escapeMarkdown } from 'discord.js';
import type { APIEmbed } from 'discord.js';
import type { ArticleMeta, AskResult, SearchHit, Summary } from '../shared/types.ts';

/** Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedsTotal: 6000,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  customId: 100,
  buttonLabel: 80,
} as const;

export const ELLIPSIS = '…';
/** Quoth's accent colour on every embed. */
export const EMBED_COLOR = 0x5865f2;
/** Titles longer than this are shortened in links and lists; the full title is one click away. */
const TITLE_MAX = 90;
/** A link whose (encoded) URL is longer than this is shown as a plain title: it would eat the message. */
const URL_MAX = 200;
// Five hits per page: 5 × (number + link ≤ 390 + snippet 400) stays under the 4,096 of a description.
const SEARCH_SNIPPET_MAX = 400;
const ARTICLES_TITLE_MAX = 70;

// ------------------------------------------------------------------ small pieces

/** Shortens one line of plain text to `max` characters with "…", never splitting a surrogate pair. */
export function truncatePlain(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= max) return oneLine;
  let end = max - ELLIPSIS.length;
  if (isHighSurrogate(oneLine.charCodeAt(end - 1))) end--;
  return oneLine.slice(0, end).trimEnd() + ELLIPSIS;
}

/**
 * A title made inert for Discord markdown: one line, formatting characters escaped, and the
 * brackets escaped too so that it cannot close the `[text](url)` link it sits in.
 */
export function escapeTitle(title: string, max = TITLE_MAX): string {
  const short = truncatePlain(title, max) || 'Untitled';
  // Brackets are escaped here rather than with escapeMarkdown's maskedLink option, which would
  // escape the '[' a second time ("\\[" is an escaped backslash and a live bracket).
  return escapeMarkdown(short, { heading: true, bulletedList: true, numberedList: true }).replace(/[[\]]/g, '\\$&');
}

/**
 * The URL as it can sit inside `(...)` of a masked link, or null when it should not be linked:
 * only http(s), and parentheses, whitespace and angle brackets percent-encoded so the link cannot end early.
 */
export function linkableUrl(url: string | null): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const encoded = parsed.href.replace(/[()<>\s]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
  return encoded.length <= URL_MAX ? encoded : null;
}

/** `[Title](url)`, or the bold title alone when there is no usable URL. */
export function linkedTitle(title: string, url: string | null, titleMax = TITLE_MAX): string {
  const text = escapeTitle(title, titleMax);
  const href = linkableUrl(url);
  return href ? `[${text}](${href})` : `**${text}**`;
}

/**
 * Discord quote block: `marker` in front of the first line and `continuation` (same length) in front
 * of every further line, so multi-line quotes stay inside the block (and inside one bullet).
 */
export function quoteBlock(text: string, marker = '> ', continuation = marker): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? marker : continuation) + line)
    .join('\n');
}

function renderedQuoteLength(text: string, markerLength: number): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.length + lines * markerLength;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * The longest verbatim prefix of `text` no longer than `max` characters, cut at the end of a
 * sentence when that keeps at least half of the room, else at the end of a word, else (one
 * enormous word) mid-word without splitting a surrogate pair. Trailing whitespace is dropped,
 * which keeps it a prefix.
 */
export function cutAtBoundary(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let hard = max;
  if (isHighSurrogate(text.charCodeAt(hard - 1))) hard--;
  const window = text.slice(0, hard + 1);
  let sentenceEnd = -1;
  let wordEnd = -1;
  // A boundary is a position followed by whitespace; window[hard] lets a cut land exactly at max.
  for (let i = 1; i < window.length; i++) {
    if (!/\s/.test(window[i]!) || /\s/.test(window[i - 1]!)) continue;
    wordEnd = i;
    if (/[.!?…]["'”’)\]]*$/.test(window.slice(Math.max(0, i - 4), i))) sentenceEnd = i;
  }
  let cut = hard;
  if (sentenceEnd >= hard / 2) cut = sentenceEnd;
  else if (wordEnd >= hard / 3) cut = wordEnd;
  return text.slice(0, cut).trimEnd();
}

/**
 * A quote block of at most `max` characters: the whole quote, or a boundary cut of it ending in "…".
 * The characters after each `> ` marker are always a verbatim prefix of `text`.
 */
export function fitQuote(text: string, max: number, marker = '> ', continuation = marker): string {
  if (renderedQuoteLength(text, marker.length) <= max) return quoteBlock(text, marker, continuation);
  // Each line costs its marker; a cut removes lines, so search down from the plain-length bound.
  let room = max - ELLIPSIS.length - marker.length;
  for (;;) {
    const prefix = cutAtBoundary(text, Math.max(0, room));
    const length = renderedQuoteLength(prefix, marker.length) + ELLIPSIS.length;
    if (length <= max || room <= 0) return quoteBlock(prefix + ELLIPSIS, marker, continuation);
    room -= length - max;
  }
}

/**
 * Shares `budget` characters among items that want `wants[i]` each: small ones get all they want,
 * the rest split what is left evenly (water-filling), so one long quote cannot starve the others.
 */
export function shareBudget(wants: number[], budget: number): number[] {
  const order = wants.map((_, i) => i).sort((a, b) => wants[a]! - wants[b]!);
  const given = new Array<number>(wants.length).fill(0);
  let left = Math.max(0, budget);
  order.forEach((idx, k) => {
    const fair = Math.floor(left / (order.length - k));
    given[idx] = Math.min(wants[idx]!, fair);
    left -= given[idx]!;
  });
  return given;
}

// ------------------------------------------------------------------ messages

export interface QuoteItem {
  text: string;
  title: string;
  url: string | null;
}

/**
 * Quote blocks with linked titles, fitted into `budget` characters as a whole. Adjacent quotes from
 * the same article share one link, placed after the last of them. Quotes that cannot get a useful
 * share of the room are dropped from the end (never the first, which is the answer).
 */
export function formatQuoteBlocks(quotes: QuoteItem[], budget: number): string {
  const MIN_QUOTE = 60;
  const SEP = '\n\n';
  const marker = '> ';
  let items = quotes;
  for (;;) {
    // links[i] is the link line after quote i, or '' when the next quote is from the same article.
    const links = items.map((q, i) => {
      const next = items[i + 1];
      return next && next.title === q.title && next.url === q.url ? '' : `\n— ${linkedTitle(q.title, q.url)}`;
    });
    const fixed = links.reduce((n, l) => n + l.length, 0) + SEP.length * Math.max(0, items.length - 1);
    const room = budget - fixed;
    if (items.length > 1 && room < MIN_QUOTE * items.length) {
      items = items.slice(0, -1);
      continue;
    }
    const shares = shareBudget(
      items.map((q) => renderedQuoteLength(q.text, marker.length)),
      room,
    );
    return items.map((q, i) => fitQuote(q.text, shares[i]!, marker) + links[i]!).join(SEP);
  }
}

export interface ReplyPayload {
  content?: string;
  embeds: APIEmbed[];
}

/** /ask: the quotes as quote blocks with linked titles, best (the answer) first; or the abstention. */
export function formatAskReply(result: AskResult): ReplyPayload {
  const title = truncatePlain(result.question, DISCORD_LIMITS.embedTitle);
  if (result.abstained || result.quotes.length === 0) {
    return { embeds: [{ title, description: result.answer, color: EMBED_COLOR, footer: { text: `${result.mode} search` } }] };
  }
  const description = formatQuoteBlocks(result.quotes, DISCORD_LIMITS.embedDescription);
  return {
    embeds: [{ title, description, color: EMBED_COLOR, footer: { text: `Verbatim quotes from this server's articles · ${result.mode} search` } }],
  };
}

export const SEARCH_PAGE_SIZE = 5;
export const ARTICLES_PAGE_SIZE = 10;

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export function clampPage(page: number, total: number, pageSize: number): number {
  return Math.min(Math.max(0, Math.trunc(page) || 0), pageCount(total, pageSize) - 1);
}

/** One page of /search results: ranked titles, each with its best snippet as a quote. */
export function formatSearchPage(query: string, hits: SearchHit[], page: number): APIEmbed {
  const title = truncatePlain(`Search: ${query}`, DISCORD_LIMITS.embedTitle);
  if (hits.length === 0) return { title, description: 'No articles match.', color: EMBED_COLOR };
  const p = clampPage(page, hits.length, SEARCH_PAGE_SIZE);
  const first = p * SEARCH_PAGE_SIZE;
  const lines = hits.slice(first, first + SEARCH_PAGE_SIZE).map((hit, i) => {
    return `**${first + i + 1}.** ${linkedTitle(hit.title, hit.url)}\n${fitQuote(hit.snippet.text, SEARCH_SNIPPET_MAX)}`;
  });
  return {
    title,
    description: lines.join('\n\n'),
    color: EMBED_COLOR,
    footer: { text: `Page ${p + 1} of ${pageCount(hits.length, SEARCH_PAGE_SIZE)} · ${hits.length} article${hits.length === 1 ? '' : 's'}` },
  };
}

/** /summarize: the summary sentences as quoted bullets, then the article link. */
export function formatSummary(summary: Summary): APIEmbed {
  const link = `\n\n— ${linkedTitle(summary.title, summary.url)}`;
  const marker = '> - ';
  const continuation = '>   ';
  const SEP = '\n';
  const room = DISCORD_LIMITS.embedDescription - link.length - SEP.length * Math.max(0, summary.sentences.length - 1);
  const shares = shareBudget(
    summary.sentences.map((s) => renderedQuoteLength(s.text, marker.length)),
    room,
  );
  const body = summary.sentences
    .map((s, i) => fitQuote(s.text, shares[i]!, marker, continuation))
    .filter((block) => block.length > marker.length)
    .join(SEP);
  const href = linkableUrl(summary.url);
  return {
    title: truncatePlain(summary.title || summary.articleId, DISCORD_LIMITS.embedTitle),
    ...(href ? { url: href } : {}),
    description: (body || 'This article has no sentences to summarize.') + link,
    color: EMBED_COLOR,
    footer: { text: `Extractive summary: ${summary.sentences.length} sentence${summary.sentences.length === 1 ? '' : 's'} quoted from the article` },
  };
}

/** One page of /articles: numbered linked titles with their ids. */
export function formatArticlesPage(articles: ArticleMeta[], page: number): APIEmbed {
  const title = `Articles in this server (${articles.length})`;
  if (articles.length === 0) {
    return { title, description: 'No articles yet. Members with Manage Server can add one with /add.', color: EMBED_COLOR };
  }
  const p = clampPage(page, articles.length, ARTICLES_PAGE_SIZE);
  const first = p * ARTICLES_PAGE_SIZE;
  // Worst case per line: a 70-character title escaped to ≤ 140, URL ≤ 200, numbering and id ≈ 30: ten lines < 4,096.
  const lines = articles
    .slice(first, first + ARTICLES_PAGE_SIZE)
    .map((a, i) => `**${first + i + 1}.** ${linkedTitle(a.title, a.url, ARTICLES_TITLE_MAX)} · \`${a.articleId}\``);
  return {
    title,
    description: lines.join('\n'),
    color: EMBED_COLOR,
    footer: { text: `Page ${p + 1} of ${pageCount(articles.length, ARTICLES_PAGE_SIZE)}` },
  };
}

/** Autocomplete choices: names and values within Discord's 100 characters, at most 25. */
export function articleChoices(articles: ArticleMeta[]): { name: string; value: string }[] {
  return articles.slice(0, DISCORD_LIMITS.choices).map((a) => ({
    name: truncatePlain(a.title || a.articleId, DISCORD_LIMITS.choiceName) || a.articleId,
    value: a.articleId.slice(0, DISCORD_LIMITS.choiceValue),
  }));
}

// ------------------------------------------------------------------ limit check

/** Characters of an embed that count towards Discord's 6,000 per message. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Every limit a message breaks (empty when it fits); a safety net the handlers assert on in tests. */
export function limitViolations(payload: { content?: string; embeds?: APIEmbed[] }): string[] {
  const problems: string[] = [];
  const L = DISCORD_LIMITS;
  if ((payload.content?.length ?? 0) > L.content) problems.push(`content is ${payload.content!.length} > ${L.content}`);
  const embeds = payload.embeds ?? [];
  if (embeds.length > L.embeds) problems.push(`${embeds.length} embeds > ${L.embeds}`);
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    if ((e.title?.length ?? 0) > L.embedTitle) problems.push(`embed ${i} title > ${L.embedTitle}`);
    if ((e.description?.length ?? 0) > L.embedDescription) problems.push(`embed ${i} description is ${e.description!.length} > ${L.embedDescription}`);
    if ((e.fields?.length ?? 0) > L.embedFields) problems.push(`embed ${i} has more than ${L.embedFields} fields`);
    for (const f of e.fields ?? []) {
      if (f.name.length > L.fieldName || f.value.length > L.fieldValue) problems.push(`embed ${i} field "${f.name.slice(0, 20)}" too long`);
    }
    if ((e.footer?.text.length ?? 0) > L.footerText) problems.push(`embed ${i} footer > ${L.footerText}`);
    total += embedLength(e);
  }
  if (total > L.embedsTotal) problems.push(`embeds total ${total} > ${L.embedsTotal}`);
  return problems;
}
