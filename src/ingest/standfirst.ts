// The standfirst (dek, subtitle, summary) that news and blog templates print under the headline.
// It is the author's own opening line, but it sits in the article's <header> beside the headline,
// byline and date, which Readability leaves out and cleanContent removes; so it is found on the page
// as served and put back as the first paragraph when the extracted text lacks it.
import { type DomDocument, type DomElement, type DomNode, normalizeInline, toParagraphs } from './htmlDom.ts';

// Template names for the line under the headline: WordPress/Ghost "excerpt", Substack "subtitle",
// newspaper "standfirst"/"dek"/"summary"/"lede"/"subheadline"/"strapline", schema.org description.
const STANDFIRST_MARK =
  /standfirst|(^|[\s_-])dek([\s_-]|$)|excerpt|summary|subtitle|sub-?head|(^|[\s_-])lede([\s_-]|$)|strap-?line|description|(^|[\s_-])intro([\s_-]|$)/i;
const CANDIDATE_TAGS = new Set(['P', 'H2', 'H3', 'H4', 'DIV', 'SPAN']);
// The containers a headline block sits in; the search never widens to the whole article or page,
// where body subheadings ("body-subhead") and teaser summaries live.
const TOO_WIDE = /^(ARTICLE|MAIN|BODY|HTML|SECTION)$/;

/**
 * The standfirst's paragraphs, verbatim from the page, or [] when the headline block has none.
 * Looks only after the first <h1>, inside its parent (or grandparent, when that is still a header
 * block rather than the article), at elements whose class, id or itemprop names a standfirst or
 * whose text is the page's meta description.
 */
export function findStandfirst(doc: DomDocument, furnitureMark: string): string[] {
  const h1 = doc.querySelector('h1');
  if (!h1) return [];
  const description = normalizeInline(
    doc.querySelector('meta[name="description"], meta[property="og:description"]')?.getAttribute('content'),
  );
  let scope = h1.parentNode;
  for (let level = 0; level < 2 && scope && !TOO_WIDE.test(scope.tagName); level++) {
    const found = candidateAfter(scope, h1, description, furnitureMark);
    if (found) return found;
    scope = scope.parentNode;
  }
  return [];
}

function candidateAfter(
  scope: DomElement,
  h1: DomElement,
  description: string | null,
  furnitureMark: string,
): string[] | null {
  let seenH1 = false;
  for (const el of Array.from(scope.querySelectorAll('*'))) {
    if (el === h1) {
      seenH1 = true;
      continue;
    }
    if (!seenH1 || !CANDIDATE_TAGS.has(el.tagName.toUpperCase()) || el.getAttribute(furnitureMark) !== null) continue;
    if (el.querySelector('h1')) continue;
    const text = normalizeInline(el.textContent);
    if (!text || text.split(' ').length < 4 || text.length > 600) continue;
    const marks = `${el.className} ${el.id} ${el.getAttribute('itemprop') ?? ''}`;
    if (!STANDFIRST_MARK.test(marks) && text !== description) continue;
    // Mostly a link is a teaser or a "more" line, not the author's summary.
    if (linkText(el) > text.length / 2) continue;
    return toParagraphs(el as unknown as DomNode);
  }
  return null;
}

function linkText(el: DomElement): number {
  let n = 0;
  for (const a of Array.from(el.querySelectorAll('a'))) n += normalizeInline(a.textContent)?.length ?? 0;
  return n;
}
