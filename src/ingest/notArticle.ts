// Pages that are not articles: a section front, a sign-in form, a search results page. Their
// leftover text (a rail heading, form labels, result snippets) would be stored as if someone had
// written it, and quotes would be cut from it; extractHtml refuses such pages instead.
import type { DomDocument } from './htmlDom.ts';

export interface PageSignals {
  /** Characters of text on the page as served (scripts and styles removed). */
  chars: number;
  signInForm: boolean;
  searchPage: boolean;
}

// A search page names itself at the start of its headline or title: "Search results for …",
// "Search: ferry", "Results for “ferry”", "12 results found". Anchored and narrow, so that an
// article headline like "Search for missing walker resumes" or "Why search results got worse" is not one.
const SEARCH_TITLE =
  /^(search results?\b|search:|search for ["“'‘]|results? for ["“'‘]|\d[\d,]* (search )?results? (for|found)\b)/i;
const SEARCH_FIELD =
  'input[type="search"], [role="search"], input[name="q"], input[name="s"], input[name="query"], input[name="search"]';

/** Read from the page as served, before Readability consumes it. */
export function pageSignals(doc: DomDocument, titles: (string | null)[]): PageSignals {
  return {
    chars: (doc.body?.textContent ?? '').replace(/\s+/g, ' ').length,
    signInForm: doc.querySelector('input[type="password"]') !== null,
    searchPage: doc.querySelector(SEARCH_FIELD) !== null && titles.some((t) => t !== null && SEARCH_TITLE.test(t)),
  };
}

/**
 * False for the text left of a page that is not an article: a scrap with no sentence in it, from a
 * page that had many times more text (a section front whose teasers were all removed); a short
 * text on a page with a password field (a sign-in form); anything on a page whose headline says it
 * lists search results. A short page (a fragment, a two-sentence video description or notice) is
 * still an article.
 */
export function readsAsArticle(text: string, page: PageSignals): boolean {
  if (page.searchPage) return false;
  const words = text.split(/\s+/).length;
  const sentence = text.split('\n').some((line) => {
    const n = line.split(' ').length;
    return n >= 12 || (n >= 4 && /[.!?…]["”’')\]]?$/.test(line));
  });
  if (!sentence && words < 40 && text.length < page.chars * 0.1) return false;
  return !(page.signInForm && words < 60);
}
