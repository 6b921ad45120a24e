// DOM helpers for HTML extraction: the few linkedom members used, element-level cleaning of
// Readability's output, and the walk that turns the cleaned content into paragraphs.
import { createRequire } from 'node:module';

// linkedom's own typings describe its DOM in terms of the browser lib, which this project does not
// load; these are the few members used here.
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
export interface DomElement extends DomNode {
  tagName: string;
  id: string;
  className: string;
  parentNode: DomElement | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
}
export interface DomDocument {
  body: DomElement | null;
  documentElement: DomElement;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

// Invisible characters that would split words in search and quotes without showing anything.
export const ZERO_WIDTH = /[\u200B\u200C\u200D\u2060\uFEFF\u00AD]/g;

/**
 * Never part of an article's text. Removed before Readability because they carry no prose and
 * only cost time; everything that might hold prose (forms, headers, asides) is left for
 * Readability to judge, since removing a wrapper first can remove the article with it.
 */
export const NEVER_TEXT_SELECTOR =
  'script:not([type="application/ld+json"]), style, noscript, template, svg, iframe, button';

/**
 * Removed from Readability's chosen content (never from the page before it): boxes that sit inside
 * the article container. Elements holding a large share of the content's text are kept whatever
 * their markup says, so a wrapper class like "has-comments" or a <form> around the body is harmless.
 */
const CONTENT_FURNITURE_SELECTOR = [
  'nav',
  'footer',
  'aside',
  'form',
  'dialog',
  'header',
  'figure figure',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[role="dialog"]',
  '[aria-hidden="true"]',
  '[hidden]',
].join(',');

// "comments" but not "commentary" (opinion columns use that for the article body itself).
const FURNITURE_CLASS_OR_ID = new RegExp(
  'cookie|consent|gdpr|share|social|newsletter|subscribe|related|comments?(?!ary|ator)|advert|promo|popup|modal|' +
    'breadcrumb|hover-?card|tooltip|popover|author-?(bio|info|box|card|profile|description)|teaser|more-stories|' +
    // Sign-up cards (Ghost kg-signup-card), paywall and meter notices, rating widgets, disclaimers,
    // "-meta" rows (entry-meta, post-meta, recipe-meta: dates, bylines, times), recommendation rails.
    'recirc|sign-?up|paywall|meter-notice|\\brating|disclaimer|[-_]meta\\b|also-like|recommended|most-(read|popular)',
  'i',
);

// Embedded posts keep their text even when the embed's class says "social" or "share".
const EMBED = /twitter-tweet|instagram-media|tiktok-embed|bluesky-embed|mastodon-embed|pull-?quote|blockquote/i;

export const FURNITURE_MARK = 'data-quoth-furniture';
const MARK = FURNITURE_MARK;

/**
 * Marks (never removes) furniture boxes on the page as served, and every element inside them.
 * Readability rewrites what it keeps (a <div> holding one <p> becomes that <p>, classes go), so
 * the mark rides on the descendants too, and cleanContent can still find the box afterwards.
 */
export function markFurniture(root: DomElement): void {
  const total = textLength(root);
  for (const el of Array.from(root.querySelectorAll('[class], [id]'))) {
    const marks = `${el.className} ${el.id}`;
    if (!FURNITURE_CLASS_OR_ID.test(marks) || EMBED.test(marks)) continue;
    if (/^(ARTICLE|MAIN|BODY|HTML)$/i.test(el.tagName) || textLength(el) > Math.max(400, total * 0.4)) continue;
    if (el.querySelector('article, main, [itemprop="articleBody"], blockquote')) continue;
    el.setAttribute(MARK, '');
    for (const child of Array.from(el.querySelectorAll('*'))) child.setAttribute(MARK, '');
    for (const box of [el, ...Array.from(el.querySelectorAll('*'))]) wrapLooseText(box);
  }
}

/**
 * Readability turns a <div> of inline content into a <p> without its attributes, so text directly
 * inside a marked box ("<div class=rating><span>★★★★★</span> 4.8 from 23 votes</div>") would lose
 * the mark: each such text node is wrapped in a marked <span>.
 */
function wrapLooseText(box: DomElement): void {
  const doc = (box as unknown as { ownerDocument: { createElement(tag: string): DomElement } }).ownerDocument;
  for (const node of Array.from(box.childNodes)) {
    if (node.nodeType !== TEXT_NODE || !(node.textContent ?? '').trim()) continue;
    const span = doc.createElement('span');
    span.setAttribute(MARK, '');
    (box as unknown as { replaceChild(a: unknown, b: unknown): void }).replaceChild(span, node);
    (span as unknown as { appendChild(n: unknown): void }).appendChild(node);
  }
}

/** Removes furniture boxes from Readability's content, never one that holds much of the text. */
export function cleanContent(root: DomElement): void {
  const total = textLength(root);
  const protectedShare = (el: DomElement): boolean => textLength(el) > Math.max(400, total * 0.4);
  for (const el of Array.from(root.querySelectorAll(`${CONTENT_FURNITURE_SELECTOR}, [${MARK}]`))) {
    if (!isAttached(el, root) || protectedShare(el)) continue;
    // A pull quote repeats the article's own words; embedded posts are quoted too.
    if (EMBED.test(`${el.className} ${el.id}`) && el.getAttribute(MARK) === null) continue;
    el.remove();
  }
  for (const el of Array.from(root.querySelectorAll('[class], [id]'))) {
    const marks = `${el.className} ${el.id}`;
    if (!FURNITURE_CLASS_OR_ID.test(marks) || EMBED.test(marks) || /^(ARTICLE|MAIN|BODY)$/i.test(el.tagName)) continue;
    if (!isAttached(el, root) || protectedShare(el) || el.querySelector('blockquote')) continue;
    el.remove();
  }
}

function isAttached(el: DomElement, root: DomElement): boolean {
  for (let n: DomElement | null = el; n; n = n.parentNode) if (n === root) return true;
  return false;
}

function textLength(el: DomNode): number {
  return (el.textContent ?? '').replace(/\s+/g, ' ').length;
}

const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BODY',
  'CAPTION',
  'DD',
  'DETAILS',
  'DIALOG',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HGROUP',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TFOOT',
  'THEAD',
  'TR',
  'UL',
]);
const CELL_TAGS = new Set(['TD', 'TH']);

/**
 * Block elements become paragraphs, inline whitespace collapses to one space, <br> and <pre> line
 * breaks stay as single newlines, and a blank line inside a block (e.g. <br><br>) splits it.
 * Iterative, so no page can overflow the stack here.
 */
export function toParagraphs(root: DomNode): string[] {
  const paragraphs: string[] = [];
  let buffer = '';
  const flush = (): void => {
    paragraphs.push(...splitBlock(buffer));
    buffer = '';
  };
  // Work items: a node to enter (with its <pre> state) or the end of a block element.
  const work: ({ node: DomNode; inPre: boolean } | 'end')[] = [{ node: root, inPre: false }];
  while (work.length) {
    const item = work.pop()!;
    if (item === 'end') {
      flush();
      continue;
    }
    const { node, inPre } = item;
    if (node.nodeType === TEXT_NODE) {
      const raw = node.textContent ?? '';
      buffer += inPre ? raw.replace(/\r\n?/g, '\n') : raw.replace(/\s+/g, ' ');
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const tag = node.nodeName.toUpperCase();
    if (tag === 'BR') {
      buffer += '\n';
      continue;
    }
    if (CELL_TAGS.has(tag)) buffer += ' ';
    const isBlock = BLOCK_TAGS.has(tag);
    if (isBlock) {
      flush();
      work.push('end');
    }
    const children = Array.from(node.childNodes);
    for (let i = children.length - 1; i >= 0; i--) work.push({ node: children[i]!, inPre: inPre || tag === 'PRE' });
  }
  flush();
  return paragraphs;
}

function splitBlock(block: string): string[] {
  const out: string[] = [];
  let lines: string[] = [];
  for (const line of block.replace(ZERO_WIDTH, '').split('\n')) {
    // \s covers no-break and other Unicode spaces, which become plain spaces here.
    const clean = line.replace(/\s+/g, ' ').trim();
    if (clean) {
      lines.push(clean);
    } else if (lines.length) {
      out.push(lines.join('\n'));
      lines = [];
    }
  }
  if (lines.length) out.push(lines.join('\n'));
  return out;
}

export function normalizeInline(value: string | null | undefined): string | null {
  if (value == null) return null;
  const s = value.replace(ZERO_WIDTH, '').replace(/\s+/g, ' ').trim();
  return s || null;
}

// linkedom takes ~0.3 s to import; most commands never parse HTML, so it is loaded on first use.
let linkedomModule: typeof import('linkedom') | null = null;
export function linkedom(): typeof import('linkedom') {
  linkedomModule ??= createRequire(import.meta.url)('linkedom') as typeof import('linkedom');
  return linkedomModule;
}
