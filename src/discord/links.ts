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
  const parsed = httpUrl(url);
  if (!parsed) return null;
  const encoded = parsed.href.replace(
    /[()<>\s]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
  );
  return encoded.length <= URL_MAX ? encoded : null;
}

/** `[Title](url)`, or the bold title alone when there is no usable URL. */
export function linkedTitle(title: string, url: string | null, titleMax = TITLE_MAX): string {
  const text = escapeTitle(title, titleMax);
  const href = linkableUrl(url);
  return href ? `[${text}](${href})` : `**${text}**`;
}
