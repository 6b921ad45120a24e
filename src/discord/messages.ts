// Turns core results into Discord messages that always fit Discord's limits. Pure functions only:
// no discord.js client, no I/O, so every limit is unit-tested (tests/discord/messages.test.ts).
import type { APIEmbed } from 'discord.js';
import { absentNote } from '../shared/absentNote.ts';
import { readAsNote } from '../shared/readAs.ts';
import type { ArticleMeta, AskResult, SearchHit, Summary } from '../shared/types.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { linkableUrl, linkedTitle, quoteHref, quoteLinkedTitle } from './links.ts';
import { fitQuote, renderedQuoteLength, shareBudget, truncatePlain } from './textFit.ts';

/** Quoth's accent colour on every embed. */
export const EMBED_COLOR = 0x5865f2;
// At most this much of each hit's snippet; with jump-to-quote links (≤ 320 + a title ≤ 180) five
// full hits would not fit a 4,096 description, so the snippets share what the links leave.
const SEARCH_SNIPPET_MAX = 400;
const ARTICLES_TITLE_MAX = 70;

export interface QuoteItem {
  text: string;
  title: string;
  url: string | null;
  /** Jump-to-quote link (article URL + text fragment); the title links here when it fits. */
  link?: string | null;
}

/**
 * Quote blocks with linked titles, fitted into `budget` characters as a whole. Adjacent quotes with
 * the same title and the same link target share one link, placed after the last of them (with
 * jump-to-quote links each quote points at its own passage, so that only happens without them).
 * Quotes that cannot get a useful
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
      const same = next && next.title === q.title && quoteHref(next.link, next.url) === quoteHref(q.link, q.url);
      return same ? '' : `\n— ${quoteLinkedTitle(q.title, q.link, q.url)}`;
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

/** What /ask, /search and /articles say in a server that has no articles yet. */
const NO_ARTICLES = 'No articles yet. Members with Manage Server can add one with /add.';

/** /ask: the quotes as quote blocks with linked titles, best (the answer) first; or the abstention. */
/** A footer's parts joined, with the note on misspelled words (see readAsNote) where there is one. */
function footerText(...parts: (string | null)[]): string {
  return truncatePlain(parts.filter((p) => p).join(' · '), DISCORD_LIMITS.footerText);
}

export function formatAskReply(result: AskResult): ReplyPayload {
  const title = truncatePlain(result.question, DISCORD_LIMITS.embedTitle);
  const readAs = readAsNote(result.corrections);
  if (result.abstained || result.quotes.length === 0) {
    const description = result.noArticles
      ? NO_ARTICLES
      : [result.answer, absentNote(result.absentWords)].filter(Boolean).join('\n');
    return {
      embeds: [
        { title, description, color: EMBED_COLOR, footer: { text: footerText(readAs, `${result.mode} search`) } },
      ],
    };
  }
  const description = formatQuoteBlocks(result.quotes, DISCORD_LIMITS.embedDescription);
  return {
    embeds: [
      {
        title,
        description,
        color: EMBED_COLOR,
        footer: { text: footerText("Verbatim quotes from this server's articles", readAs, `${result.mode} search`) },
      },
    ],
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
export function formatSearchPage(
  query: string,
  hits: SearchHit[],
  page: number,
  noArticles = false,
  readAs: string | null = null,
  absent: string | null = null,
): APIEmbed {
  const title = truncatePlain(`Search: ${query}`, DISCORD_LIMITS.embedTitle);
  if (hits.length === 0)
    return {
      title,
      description: noArticles ? NO_ARTICLES : ['No articles match.', absent].filter(Boolean).join('\n'),
      color: EMBED_COLOR,
      ...(readAs ? { footer: { text: footerText(readAs) } } : {}),
    };
  const p = clampPage(page, hits.length, SEARCH_PAGE_SIZE);
  const first = p * SEARCH_PAGE_SIZE;
  const shown = hits.slice(first, first + SEARCH_PAGE_SIZE);
  const heads = shown.map(
    (hit, i) => `**${first + i + 1}.** ${quoteLinkedTitle(hit.title, hit.snippet.link, hit.url)}\n`,
  );
  const SEP = '\n\n';
  const room =
    DISCORD_LIMITS.embedDescription - heads.reduce((n, h) => n + h.length, 0) - SEP.length * (shown.length - 1);
  const shares = shareBudget(
    shown.map((hit) => Math.min(SEARCH_SNIPPET_MAX, renderedQuoteLength(hit.snippet.text, 2))),
    room,
  );
  const lines = shown.map((hit, i) => heads[i]! + fitQuote(hit.snippet.text, shares[i]!));
  return {
    title,
    description: lines.join(SEP),
    color: EMBED_COLOR,
    footer: {
      text: footerText(
        `Page ${p + 1} of ${pageCount(hits.length, SEARCH_PAGE_SIZE)}`,
        `${hits.length} article${hits.length === 1 ? '' : 's'}`,
        readAs,
      ),
    },
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
    footer: {
      text:
        `Extractive summary: ${summary.sentences.length} ` +
        `sentence${summary.sentences.length === 1 ? '' : 's'} quoted from the article`,
    },
  };
}

/** One page of /articles: numbered linked titles with their ids. */
export function formatArticlesPage(articles: ArticleMeta[], page: number): APIEmbed {
  const title = `Articles in this server (${articles.length})`;
  if (articles.length === 0) {
    return {
      title,
      description: NO_ARTICLES,
      color: EMBED_COLOR,
    };
  }
  const p = clampPage(page, articles.length, ARTICLES_PAGE_SIZE);
  const first = p * ARTICLES_PAGE_SIZE;
  // Worst case per line: a 70-character title escaped to ≤ 140, URL ≤ 200, numbering and id ≈ 30:
  // ten lines < 4,096.
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
