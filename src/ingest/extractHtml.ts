// Turns a web page into the article's plain text plus its metadata. Quotes are later cut verbatim
// out of `text`, so what goes in must be the author's words only, and all of them: Readability
// picks the article from the page as served (removing furniture first once removed whole articles
// wrapped in a <form>, and made Readability pick a larger container full of teasers), then its
// output is cleaned of the boxes inside the article container, repeated captions and furniture lines.
import { Readability } from '@mozilla/readability';
import { QuothError } from '../shared/errors.ts';
import { cleanContentBoxes, keepPullQuoteAsides, unwrapEntryHeaders } from './contentBoxes.ts';
import { capNesting } from './htmlNesting.ts';
import { FURNITURE_PHRASES, isFurniture, stripFurniture } from './furniture.ts';
import {
  cleanContent,
  type DomDocument,
  type DomElement,
  FURNITURE_MARK,
  linkedom,
  markFurniture,
  NEVER_TEXT_SELECTOR,
  toParagraphs,
} from './htmlDom.ts';
import {
  cleanByline,
  firstIsoDate,
  firstNonEmpty,
  readMetadata,
  restatesHeader,
  withoutSiteSuffix,
} from './htmlMeta.ts';
import { pageSignals, readsAsArticle } from './notArticle.ts';
import { findStandfirst } from './standfirst.ts';

export { FURNITURE_PHRASES, isFurniture };

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
  /** Furniture lines removed from the extracted text (for the debug log and tests). */
  removed?: string[];
}

// Readability refuses to score more elements than this and returns null; the fallback handles it.
const MAX_ELEMS_TO_PARSE = 60_000;

export function extractHtml(html: string, pageUrl?: string): ExtractedArticle {
  // linkedom mis-parses fragments (content lands outside <body>), so fragments get a document around them.
  const source = /<(html|body)[\s>]/i.test(html)
    ? html
    : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const document = linkedom().parseHTML(capNesting(source)).document as unknown as DomDocument;

  // Metadata first, from the page as served: Readability consumes the document it parses.
  const meta = readMetadata(document, pageUrl);
  for (const el of Array.from(document.querySelectorAll(NEVER_TEXT_SELECTOR))) el.remove();
  const page = pageSignals(document, [meta.firstH1, meta.htmlTitle]);
  markFurniture(document.documentElement);
  // Before Readability, which takes the headline block (and the standfirst in it) out of the page.
  const standfirst = findStandfirst(document, FURNITURE_MARK);
  if (document.body) {
    unwrapEntryHeaders(document.body);
    keepPullQuoteAsides(document.body);
  }
  // Readability's own pass drops nodes it thinks unlikely; the fallback needs the untouched body.
  const body = document.body as unknown as { cloneNode(deep: boolean): DomElement } | null;
  const fallbackBody = body?.cloneNode(true) ?? null;

  let readable: ReturnType<Readability<DomElement>['parse']> = null;
  try {
    // The serializer hands back the content element itself, so text is built from the DOM with
    // paragraph structure instead of Readability's flattened textContent.
    readable = new Readability<DomElement>(document as never, {
      serializer: (node) => node as unknown as DomElement,
      maxElemsToParse: MAX_ELEMS_TO_PARSE,
      // The class names are what cleanContent reads to find boxes inside the article container.
      keepClasses: true,
    }).parse();
  } catch {
    // Readability relies on a few DOM features linkedom may lack for odd pages, and throws past
    // maxElemsToParse; the cleaned body is the fallback.
    readable = null;
  }
  let content = readable?.content ?? null;
  if (!content || !/\p{L}/u.test(content.textContent ?? '')) content = fallbackBody;
  if (content) {
    cleanContent(content);
    cleanContentBoxes(content);
  }

  const titleCandidate = firstNonEmpty(readable?.title, meta.ogTitle, meta.htmlTitle, meta.firstH1) ?? '';
  const title = withoutSiteSuffix(titleCandidate, meta.firstH1);
  const byline = cleanByline(firstNonEmpty(readable?.byline, meta.author));

  const bodyParagraphs = content ? toParagraphs(content) : [];
  const paragraphs = withoutRepeats([...missingFrom(bodyParagraphs, standfirst), ...bodyParagraphs]);
  const joined = paragraphs.filter((p, i) => !(i < 3 && restatesHeader(p, title, byline))).join('\n\n');
  const { text, removed } = stripFurniture(joined);
  if (!/\p{L}/u.test(text) || !readsAsArticle(text, page)) {
    throw new QuothError(`No readable article text found in ${pageUrl ?? 'the page'}.`, 'invalid_input');
  }

  return {
    title,
    text,
    byline,
    publishedAt: firstIsoDate(meta.dateCandidates, readable?.publishedTime),
    canonicalUrl: meta.canonicalUrl,
    siteName: firstNonEmpty(meta.ogSiteName, readable?.siteName),
    removed,
  };
}

/** The standfirst paragraphs the body does not already hold (some templates repeat it in the body). */
function missingFrom(body: string[], standfirst: string[]): string[] {
  const all = body.join('\n');
  return standfirst.filter((p) => !all.includes(p) && !isFurniture(p));
}

/**
 * A short paragraph that repeats an earlier one is a caption or pull line the page template
 * repeats (some sites put the lead image's caption between every paragraph); the first stays.
 */
function withoutRepeats(paragraphs: string[]): string[] {
  const seen = new Set<string>();
  return paragraphs.filter((p) => {
    if (p.length > 300) return true;
    if (seen.has(p)) return false;
    seen.add(p);
    return true;
  });
}
