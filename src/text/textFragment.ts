// Jump-to-quote links: a URL text fragment (WICG Text Fragments, `#:~:text=`) that makes a browser
// scroll to and highlight the quoted passage on the article's page. Pure: no I/O, no library state.
import { httpUrl } from '../shared/httpUrl.ts';

/** Quotes of at most this many words are put in whole; longer ones use textStart,textEnd. */
const WHOLE_QUOTE_MAX_WORDS = 8;
/** Words taken from each end of a long quote: enough to be unique on a page, short enough for a link. */
const EDGE_WORDS = 4;
/** Quotes this long (in characters) always use textStart,textEnd, whatever their word count. */
const WHOLE_QUOTE_MAX_CHARS = 80;

/**
 * The article URL with a text fragment pointing at `quote`, or null when the article has no
 * http(s) URL. An existing `#fragment` is kept (the directive follows it after `:~:`, as the spec
 * allows, so the page still gets its own fragment), and an existing fragment directive is replaced.
 */
export function quoteLink(articleUrl: string | null | undefined, quote: string): string | null {
  const url = httpUrl(articleUrl);
  if (!url) return null;
  const directive = textDirective(quote);
  if (!directive) return url.href;
  const hashAt = url.href.indexOf('#');
  const base = hashAt === -1 ? url.href : url.href.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : url.href.slice(hashAt + 1);
  // Everything from ":~:" on is the fragment directive; the part before it is the page's own fragment.
  const directiveAt = fragment.indexOf(':~:');
  const pageFragment = directiveAt === -1 ? fragment : fragment.slice(0, directiveAt);
  return `${base}#${pageFragment}:~:${directive}`;
}

/**
 * `text=start[,end]` for a quote, or null for a quote with no words. Whitespace runs (including the
 * paragraph breaks a multi-sentence quote may span) become one space, as the browser's matching
 * collapses them; start and end are whole words, because matches are made on word boundaries.
 */
export function textDirective(quote: string): string | null {
  const words = quote.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const whole = words.join(' ');
  if (words.length <= WHOLE_QUOTE_MAX_WORDS && whole.length <= WHOLE_QUOTE_MAX_CHARS) {
    return `text=${encodeDirectiveText(whole)}`;
  }
  // Fewer than 2 × EDGE_WORDS words but over the length cap: split them in half so start and end never overlap.
  const edge = Math.min(EDGE_WORDS, Math.floor(words.length / 2));
  const start = words.slice(0, edge).join(' ');
  const end = words.slice(words.length - edge).join(' ');
  return `text=${encodeDirectiveText(start)},${encodeDirectiveText(end)}`;
}

/**
 * Percent-encodes a text directive term. encodeURIComponent already encodes "&", "," and every
 * character outside the URL code points; the spec also reserves "-" (prefix-/-suffix markers), and
 * the characters encodeURIComponent leaves alone that have meaning in some URL parsers are encoded
 * too, so the link survives being pasted into chat clients that re-parse it.
 */
export function encodeDirectiveText(term: string): string {
  return encodeURIComponent(term).replace(/[-!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
