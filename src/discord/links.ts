// Titles and links in Discord markdown: titles are escaped so they can never break the link
// around them, and only short http(s) URLs are linked.
import { escapeMarkdown } from 'discord.js';
import { truncatePlain } from './textFit.ts';
import { httpUrl } from '../shared/httpUrl.ts';

/** Titles longer than this are shortened in links and lists; the full title is one click away. */
const TITLE_MAX = 90;
/** A link whose (encoded) URL is longer than this is shown as a plain title: it would eat the message. */
const URL_MAX = 200;
/**
 * Jump-to-quote links are the article URL plus a text fragment, so they get more room; past this
 * they fall back to the plain article URL (the renderers budget for links up to this length).
 */
export const JUMP_URL_MAX = 320;

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
export function linkableUrl(url: string | null, max = URL_MAX): string | null {
  const parsed = httpUrl(url);
  if (!parsed) return null;
  const encoded = parsed.href.replace(
    /[()<>\s]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
  );
  return encoded.length <= max ? encoded : null;
}

/**
 * Where a quote's title should point: its jump-to-quote `link` when that is usable and not too
 * long, else the plain article URL (a fragment is a nicety; a message Discord refuses is not).
 */
export function quoteHref(link: string | null | undefined, url: string | null): string | null {
  return linkableUrl(link ?? null, JUMP_URL_MAX) ?? linkableUrl(url);
}

/** `[Title](url)`, or the bold title alone when there is no usable URL. */
export function linkedTitle(title: string, url: string | null, titleMax = TITLE_MAX): string {
  return titleWithHref(title, linkableUrl(url), titleMax);
}

/** `[Title](jump-to-quote link)`, falling back to the article URL, then to the bold title. */
export function quoteLinkedTitle(title: string, link: string | null | undefined, url: string | null): string {
  return titleWithHref(title, quoteHref(link, url));
}

function titleWithHref(title: string, href: string | null, titleMax = TITLE_MAX): string {
  const text = escapeTitle(title, titleMax);
  return href ? `[${text}](${href})` : `**${text}**`;
}
