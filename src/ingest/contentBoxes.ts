// Boxes inside the article that no class name gives away (hash-class templates name nothing),
// found by what they say and how they are built. After Readability: link rails under a rail
// heading, photo credits in captions, slide counters. Before it, on the page as served: the
// per-entry headers of live blogs and pull-quote asides, which Readability would drop whole.
// Elements are removed, unwrapped or renamed and only a caption's trailing credit is cut from its
// text, so what stays is page text, verbatim.
import { type DomElement, type DomNode, normalizeInline } from './htmlDom.ts';

// The heading of a rail of links to other pages (WordPress "Related", newspapers' "More on this
// story", "Related Coverage", "You may also like", "Recommended", "Most popular").
const RAIL_HEADING = new RegExp(
  '^(related( (articles?|stories|posts|content|reading|coverage|links|topics))?|' +
    'more (on|about) this (story|topic)|more (stories|news|posts|articles)|more (from|in) .{1,40}|' +
    'you (may|might) (also )?(like|enjoy)|recommended( for you| reading| stories)?|read (more|next|also)|also read|' +
    "see also|most (read|popular|viewed|shared)|trending( now)?|editors'? picks|up next|popular posts|" +
    'latest (news|stories|posts)|further reading|in other news|elsewhere)[.:!]*$',
  'i',
);

// A photo credit, as caption templates print it after the caption ("Photo: Kim Lau",
// "Credit...Agency", "(Photograph: Name/Agency)", "Screenshot: Name").
const CREDIT_START =
  /^[([]?(photo(graph)?|image|picture|pic|illustration|screenshot|video|credit)s?( by)?\s*(:|\.{3}|…)/i;
const TRAILING_CREDIT =
  /\s*[([]?\b(photo(graph)?|image|picture|pic|illustration|screenshot|credit)s?( by)?\s*(:|\.{3}|…)\s*[^.!?]{1,80}[)\]]?\s*$/i;
const COUNTER = /^\d{1,3} ?(\/|of) ?\d{1,3}$/i;
// Where slide counters live: captions, galleries, carousels and sliders.
const SLIDES = /caption|galler|carousel|slide/i;

const TEXT_NODE = 3;

/** Applies every rule below to Readability's content, in place. */
export function cleanContentBoxes(root: DomElement): void {
  removeLinkRails(root);
  removeCredits(root);
}

/**
 * A <header> holding an h2–h6 but neither the page's <h1> nor navigation is the header of an entry
 * (a live-blog post, a section of a long read): its heading is the author's, its time stamp,
 * byline and share buttons are not.
 * Run on the page before Readability, which drops such headers whole ("header" is one of its
 * unlikely-candidate class words), so the header is replaced by its headings.
 */
export function unwrapEntryHeaders(root: DomElement): void {
  for (const header of Array.from(root.querySelectorAll('header'))) {
    if (!header.querySelector(HEADINGS) || header.querySelector('h1, nav')) continue;
    const parent = header.parentNode as unknown as { insertBefore(n: DomElement, ref: DomElement): void } | null;
    if (!parent) continue;
    for (const heading of Array.from(header.querySelectorAll(HEADINGS))) {
      if (!insideHeading(heading, header)) parent.insertBefore(heading, header);
    }
    header.remove();
  }
}

const HEADINGS = 'h2, h3, h4, h5, h6';

/**
 * A pull quote in an <aside> ("<aside class=pullquote><blockquote>…") repeats the author's own words
 * and readers keep it, but Readability removes every <aside>: before it runs, such an aside becomes
 * a <div> with the same class and children.
 */
export function keepPullQuoteAsides(root: DomElement): void {
  const doc = (root as unknown as { ownerDocument: { createElement(tag: string): DomElement } }).ownerDocument;
  for (const aside of Array.from(root.querySelectorAll('aside'))) {
    const marks = `${aside.className} ${aside.id}`;
    if (!/pull-?quote/i.test(marks) && !onlyBlockquote(aside)) continue;
    const div = doc.createElement('div') as DomElement & { appendChild(n: unknown): void };
    if (aside.className) div.setAttribute('class', aside.className);
    for (const child of Array.from(aside.childNodes)) div.appendChild(child);
    (aside.parentNode as unknown as { replaceChild(a: unknown, b: unknown): void }).replaceChild(div, aside);
  }
}

/** True when the element's text is all inside one <blockquote>. */
function onlyBlockquote(el: DomElement): boolean {
  const quotes = el.querySelectorAll('blockquote');
  return quotes.length === 1 && normalizeInline(quotes[0]!.textContent) === normalizeInline(el.textContent);
}

function isHeading(el: DomElement): boolean {
  return /^H[2-6]$/.test(el.tagName.toUpperCase());
}

function insideHeading(el: DomElement, stop: DomElement): boolean {
  for (let n = el.parentNode; n && n !== stop; n = n.parentNode) if (isHeading(n)) return true;
  return false;
}

/**
 * A block that opens with a rail heading and whose remaining text is nearly all link text is a
 * rail of teasers to other pages, wherever it sits in the body and whatever its markup.
 */
function removeLinkRails(root: DomElement): void {
  const total = textOf(root).length;
  for (const el of Array.from(root.querySelectorAll('div, section, aside, ul, ol, nav, p'))) {
    if (!attached(el, root)) continue;
    const text = textOf(el);
    if (!text || text.length > Math.max(400, total * 0.4)) continue;
    const heading = openingText(el);
    if (!heading || !RAIL_HEADING.test(heading)) continue;
    const rest = text.length - heading.length;
    if (rest <= 0 || linkText(el) < rest * 0.8) continue;
    el.remove();
  }
}

/** The text of the element's first text-bearing leaf, when the element's text starts with it. */
function openingText(el: DomElement): string | null {
  const walk: DomNode[] = [el];
  while (walk.length) {
    const node = walk.shift()!;
    if (node.nodeType === TEXT_NODE) {
      const t = normalizeInline(node.textContent);
      if (!t) continue;
      // The heading is the whole text of the element that holds this first text.
      const holder = (node as unknown as { parentNode: DomElement }).parentNode;
      return holder === el ? t : normalizeInline(holder.textContent);
    }
    walk.unshift(...Array.from(node.childNodes));
  }
  return null;
}

/** Photo credits and slide counters in captions: a credit element goes, a trailing credit is cut. */
function removeCredits(root: DomElement): void {
  const captions = Array.from(root.querySelectorAll('figcaption, [class*="caption"], [class*="Caption"]'));
  for (const caption of captions) {
    if (!attached(caption, root)) continue;
    for (const el of Array.from(caption.querySelectorAll('*'))) {
      const t = normalizeInline(el.textContent) ?? '';
      if (attached(el, caption) && (CREDIT_START.test(t) || COUNTER.test(t) || /credit/i.test(el.className)))
        el.remove();
    }
    cutTrailingCredit(caption);
    const rest = normalizeInline(caption.textContent) ?? '';
    if (!rest || CREDIT_START.test(rest)) caption.remove();
  }
  // Gallery and carousel counters ("1 / 6") outside captions too: a numeral pair there is never prose.
  for (const el of Array.from(root.querySelectorAll('span, div, p'))) {
    if (attached(el, root) && COUNTER.test(normalizeInline(el.textContent) ?? '') && SLIDES.test(ancestry(el))) {
      el.remove();
    }
  }
}

function cutTrailingCredit(caption: DomElement): void {
  const last = lastTextNode(caption);
  if (!last) return;
  const value = last.textContent ?? '';
  const m = TRAILING_CREDIT.exec(value);
  // Only a credit after the caption's own words; a caption that is all credit is removed whole.
  if (m && m.index > 0 && /\p{L}/u.test(value.slice(0, m.index))) {
    (last as unknown as { textContent: string }).textContent = value.slice(0, m.index);
  }
}

function lastTextNode(node: DomNode): DomNode | null {
  const children = Array.from(node.childNodes);
  for (let i = children.length - 1; i >= 0; i--) {
    const child = children[i]!;
    if (child.nodeType === TEXT_NODE) {
      if (normalizeInline(child.textContent)) return child;
    } else {
      const found = lastTextNode(child);
      if (found) return found;
    }
  }
  return null;
}

function ancestry(el: DomElement): string {
  let s = '';
  for (let n: DomElement | null = el; n; n = n.parentNode) s += ` ${n.className ?? ''}`;
  return s;
}

function attached(el: DomElement, root: DomElement): boolean {
  for (let n: DomElement | null = el; n; n = n.parentNode) if (n === root) return true;
  return false;
}

function textOf(el: DomNode): string {
  return normalizeInline(el.textContent) ?? '';
}

function linkText(el: DomElement): number {
  let n = 0;
  for (const a of Array.from(el.querySelectorAll('a'))) n += textOf(a).length;
  return n;
}
