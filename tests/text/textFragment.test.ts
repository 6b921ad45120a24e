import { describe, expect, it } from 'vitest';
import { encodeDirectiveText, quoteLink, textDirective } from '../../src/text/textFragment.ts';

/** Decodes a directive back to its terms, as a browser does before matching. */
function terms(link: string): string[] {
  const directive = link.slice(link.indexOf(':~:text=') + ':~:text='.length);
  return directive.split(',').map(decodeURIComponent);
}

describe('quoteLink', () => {
  it('puts a short quote in whole', () => {
    expect(quoteLink('https://news.example/a', 'The ferry leaves at dawn.')).toBe(
      'https://news.example/a#:~:text=The%20ferry%20leaves%20at%20dawn.',
    );
  });

  it('uses the first and last words of a long quote, so the link stays short', () => {
    const quote =
      'Tallyfox was founded in 2022 by Dr. Samir Quezada, a former economics lecturer, ' +
      'and software engineer M. T. Osei, ' +
      'who met while volunteering at a tax clinic in the city and later raised three rounds of funding.';
    const link = quoteLink('https://news.example/tallyfox', quote)!;
    expect(terms(link)).toEqual(['Tallyfox was founded in', 'three rounds of funding.']);
    expect(link.length).toBeLessThan(120);
  });

  it('encodes dashes, commas, ampersands and non-ASCII text so the directive stays valid', () => {
    const link = quoteLink('https://news.example/a', 'Café—bar & grill, well-known')!;
    const directive = link.slice(link.indexOf('text=') + 5);
    expect(directive).not.toMatch(/[-,&\s—é]/);
    expect(directive).toContain('%2D');
    expect(directive).toContain('%2C');
    expect(directive).toContain('%26');
    expect(terms(link)).toEqual(['Café—bar & grill, well-known']);
  });

  it('keeps start and end apart when a long quote has a comma or dash at its edges', () => {
    const quote =
      '“Yes, the line-up is final,” she said, adding that tickets - at €12 - go on sale ' + 'Monday, June 3.';
    const [start, end] = terms(quoteLink('https://e.example/x', quote)!);
    expect(start).toBe('“Yes, the line-up is');
    expect(end).toBe('sale Monday, June 3.');
    // Each term is one comma-separated piece of the raw directive: commas inside them are encoded.
    expect(quoteLink('https://e.example/x', quote)!.split(':~:text=')[1]!.split(',')).toHaveLength(2);
  });

  it('collapses paragraph breaks and runs of spaces inside a quote', () => {
    expect(terms(quoteLink('https://e.example/x', 'First  line.\n\nSecond line.')!)).toEqual([
      'First line. Second line.',
    ]);
  });

  it('splits a few very long words in half instead of overlapping start and end', () => {
    const long = 'Donaudampfschifffahrtsgesellschaftskapitän '.repeat(3).trim();
    const [start, end] = terms(quoteLink('https://e.example/x', long)!);
    expect(start).toBe('Donaudampfschifffahrtsgesellschaftskapitän');
    expect(end).toBe('Donaudampfschifffahrtsgesellschaftskapitän');
  });

  it('keeps the page fragment and replaces an existing text directive', () => {
    expect(quoteLink('https://e.example/x#section-2', 'Hello there')).toBe(
      'https://e.example/x#section-2:~:text=Hello%20there',
    );
    expect(quoteLink('https://e.example/x#top:~:text=old', 'New words')).toBe(
      'https://e.example/x#top:~:text=New%20words',
    );
    expect(quoteLink('https://e.example/x?q=1&r=2', 'Hi')).toBe('https://e.example/x?q=1&r=2#:~:text=Hi');
  });

  it('is null without an http(s) URL, and the plain URL for an empty quote', () => {
    expect(quoteLink(null, 'anything')).toBeNull();
    expect(quoteLink('', 'anything')).toBeNull();
    expect(quoteLink('discord:attachment/notes.txt', 'anything')).toBeNull();
    expect(quoteLink('not a url', 'anything')).toBeNull();
    expect(quoteLink('https://e.example/x', '   ')).toBe('https://e.example/x');
  });
});

describe('textDirective and encodeDirectiveText', () => {
  it('encodes the characters the spec reserves and leaves plain letters alone', () => {
    expect(encodeDirectiveText('a-b,c&d')).toBe('a%2Db%2Cc%26d');
    expect(encodeDirectiveText("it's (now)")).toBe('it%27s%20%28now%29');
    expect(encodeDirectiveText('日本語')).toBe('%E6%97%A5%E6%9C%AC%E8%AA%9E');
  });

  it('is null for a quote without words', () => {
    expect(textDirective('')).toBeNull();
    expect(textDirective('one')).toBe('text=one');
  });
});
