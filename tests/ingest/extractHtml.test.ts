import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { QuothError } from '../../src/shared/errors.ts';
import { extractHtml, FURNITURE_PHRASES, isFurniture } from '../../src/ingest/extractHtml.ts';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../fixtures/html/${name}`, import.meta.url)), 'utf8');

function expectCleanParagraphs(text: string): void {
  expect(text).not.toMatch(/\n{3,}/);
  expect(text).toBe(text.trim());
  for (const line of text.split('\n')) expect(line).toBe(line.trim());
  expect(text).not.toMatch(/ {2,}|\u00A0|[\u200B-\u200D\u2060\uFEFF]/);
}

describe('extractHtml on a news article page', () => {
  const article = extractHtml(
    fixture('news-article.html'),
    'https://www.rivertonledger.example/news/riverfront-park?ref=home',
  );
  const paragraphs = article.text.split('\n\n');

  it('keeps the story paragraphs in order, separated by one blank line', () => {
    expect(paragraphs).toHaveLength(6);
    expect(paragraphs[0]).toMatch(/^The Riverton City Council voted 7–2 on Monday night/);
    expect(paragraphs[5]).toMatch(/what they hoped the park would look like\.$/);
    expectCleanParagraphs(article.text);
  });

  it('keeps typographic quotes and dashes verbatim and turns &nbsp; into a plain space', () => {
    expect(article.text).toContain(
      '“This is the most important thing we’ve done for the east ' +
        'side in a generation,” said council member Dana Whitfield',
    );
    expect(article.text).toContain('“We keep building things we can’t take care of,” he said.');
    expect(article.text).toContain('a $14 million plan');
  });

  it('drops navigation, cookie banner, share buttons, ads, related links, comments, newsletter and footer', () => {
    for (const furniture of [
      'Sports', // nav
      'Search',
      'We use cookies',
      'Accept all cookies',
      'Home ›', // breadcrumb
      'Share on Facebook', // share buttons inside the article container
      'Share on X',
      'Share this article', // bare <p> inside the story body
      'Leave a Comment',
      'Advertisement',
      'Related articles',
      'rail yard history',
      'The long, strange history', // related link text
      'My kids will love this', // a comment
      'Post Comment',
      'Subscribe to our newsletter',
      'inbox every morning',
      'All rights reserved',
      'Privacy policy',
      'dataLayer',
      'By Maria Okafor',
      'Updated',
    ]) {
      expect(article.text, furniture).not.toContain(furniture);
    }
  });

  it('reads title, byline, date, canonical URL and site name', () => {
    expect(article.title).toBe('City council approves riverfront park plan');
    expect(article.byline).toBe('Maria Okafor');
    // JSON-LD datePublished wins over the visible "Updated" <time>, and keeps its offset.
    expect(article.publishedAt).toBe('2024-03-05T09:30:00-05:00');
    // <link rel=canonical> is relative and is resolved against the page URL; og:url is only a fallback.
    expect(article.canonicalUrl).toBe('https://www.rivertonledger.example/news/2024/03/riverfront-park-approved');
    expect(article.siteName).toBe('The Riverton Ledger');
  });
});

describe('extractHtml on a blog post with headings and a list', () => {
  const post = extractHtml(fixture('blog-post.html'));
  const paragraphs = post.text.split('\n\n');

  it('keeps headings and list items as their own paragraphs', () => {
    expect(paragraphs).toContain('1. Your starter is stronger than you think');
    expect(paragraphs).toContain('5. Eat the mistakes');
    const listStart = paragraphs.indexOf('Every bake, I write down four things:');
    expect(paragraphs.slice(listStart, listStart + 6)).toEqual([
      'Every bake, I write down four things:',
      'the flour mix and hydration,',
      'the room temperature,',
      'how long bulk fermentation took, and',
      'what the crumb looked like.',
      'After a month the log told me more than any book.',
    ]);
    expect(paragraphs[0]).toMatch(/^A year ago I mixed flour and water in a jar/);
    expect(paragraphs.at(-1)).toBe('“The best bread is the one you actually bake.”');
    expectCleanParagraphs(post.text);
  });

  it('keeps quotes, apostrophes and thin spaces as published', () => {
    expect(post.text).toContain('Recipes say “bulk ferment for 4 to 6 hours,” but');
    expect(post.text).toContain('Wetting your hands doesn’t.');
    // U+2009 thin space is whitespace and collapses like any other space.
    expect(post.text).toContain('At 20 °C my dough');
  });

  it('drops the sharing widget, "Read more", the reply form, sidebar, post meta and footer', () => {
    for (const furniture of [
      'Share this',
      'Click to share',
      'Read more',
      'Leave a Reply',
      'Post Comment',
      'Recent posts',
      'Rye, revisited',
      'Posted on',
      'Posted in',
      'WordPress',
      'Recipes About',
    ]) {
      expect(post.text, furniture).not.toContain(furniture);
    }
  });

  it('reads metadata from meta tags and strips the site name from the title', () => {
    expect(post.title).toBe('Five things I learned baking sourdough for a year');
    expect(post.byline).toBe('Tomás Reyes');
    expect(post.publishedAt).toBe('2023-11-18T08:00:00+00:00');
    expect(post.canonicalUrl).toBe('https://crumbandcrust.example/2023/11/sourdough-year/');
    expect(post.siteName).toBe('Crumb & Crust');
  });
});

describe('extractHtml edge cases', () => {
  it('refuses a page with no article text (an app shell behind a cookie notice)', () => {
    let caught: unknown;
    try {
      extractHtml(fixture('no-article.html'), 'https://app.example/dashboard');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(QuothError);
    expect((caught as QuothError).code).toBe('invalid_input');
    expect((caught as QuothError).message).toBe('No readable article text found in https://app.example/dashboard.');
  });

  it('handles a fragment, <br> lines, zero-width characters, tables and <pre>', () => {
    const html = [
      '<h1>Notes</h1>',
      '<p>First\u200B line<br>second&nbsp;&nbsp;line</p>',
      '<p>Before the break<br><br>after the break</p>',
      '<table><tr><th>Year</th><th>Loaves</th></tr><tr><td>2023</td><td>312</td></tr></table>',
      '<pre>  indented code\n    more</pre>',
      '<div>Loose text in a div</div>',
    ].join('');
    const { title, text } = extractHtml(html);
    expect(title).toBe('Notes');
    expect(text.split('\n\n')).toEqual([
      'First line\nsecond line',
      'Before the break',
      'after the break',
      'Year Loaves',
      '2023 312',
      'indented code\nmore',
      'Loose text in a div',
    ]);
  });

  it('keeps an article body whose class mentions "commentary" and a wrapper with "has-comments"', () => {
    const body = 'The column argues that the bridge should be rebuilt before winter, not after. '.repeat(8).trim();
    const { text } = extractHtml(
      `<html><body><div class="page has-comments"><article><div ` +
        `class="commentary-body"><p>${body}</p></div></article></div></body></html>`,
    );
    expect(text).toBe(body);
  });

  it('falls back to <title>, og:url and <time> when richer metadata is missing', () => {
    const html =
      `<html><head><title>Plain page</title><meta property="og:url" content="/a/plain-page"></head>
      <body><article><p>${'Some words of the article body here. '.repeat(10).trim()}</p>` +
      '<time datetime="2022-02-01">1 Feb</time></article></body></html>';
    const result = extractHtml(html, 'https://example.org/x');
    expect(result.title).toBe('Plain page');
    expect(result.canonicalUrl).toBe('https://example.org/a/plain-page');
    expect(result.publishedAt).toBe('2022-02-01');
    expect(result.byline).toBeNull();
    expect(result.siteName).toBeNull();
  });

  it('matches furniture phrases only as whole short paragraphs', () => {
    expect(FURNITURE_PHRASES.length).toBeGreaterThan(10);
    for (const p of [
      'Leave a Comment',
      'Leave a reply',
      'Share this article',
      'Share on LinkedIn',
      'Click to share on Twitter (Opens in new window)',
      'Subscribe to our newsletter',
      'We use cookies to improve your experience.',
      'This site uses cookies.',
      'Accept all cookies',
      'Advertisement',
      'Read more',
      'Read more: Council passes budget',
      'Related articles',
      'Sign up for our daily newsletter',
      'Follow us on Instagram',
      'Print',
      'Email',
    ]) {
      expect(isFurniture(p), p).toBe(true);
    }
    for (const p of [
      'Sign up rates for the program doubled in 2023.',
      'Read more carefully, the report says otherwise.',
      'Share prices fell 4% on Tuesday.',
      'Email was how the leak began, investigators said.',
      'Printers were idle all week.',
    ]) {
      expect(isFurniture(p), p).toBe(false);
    }
  });
});
