import { describe, expect, it } from 'vitest';
import { markdownTitle, markdownToText } from '../../src/ingest/markdownToText.ts';

function blocks(markdown: string): string[] {
  return markdownToText(markdown).split('\n\n');
}

describe('markdownToText', () => {
  it('makes one paragraph per heading and paragraph, with emphasis and links reduced to their words', () => {
    expect(
      blocks(
        '# The *Big* Title\n\nSome **bold** and _italic_ text with ' +
          'a [link](https://x.example).\n\n## Sub heading\n\nLast one.',
      ),
    ).toEqual(['The Big Title', 'Some bold and italic text with a link.', 'Sub heading', 'Last one.']);
  });

  it('turns a soft line wrap into a space', () => {
    expect(markdownToText('A paragraph that was\nwrapped by the author\nat a short width.')).toBe(
      'A paragraph that was wrapped by the author at a short width.',
    );
  });

  it('drops images and raw HTML blocks, which are not article prose', () => {
    const text = markdownToText(
      'Before ![a chart](chart.png) after.\n\n<div class="embed">\n<iframe src="x"></iframe>\n</div>\n\nLast.',
    );
    expect(text).not.toContain('chart');
    expect(text).not.toContain('iframe');
    expect(text).not.toContain('<');
    expect(text.split('\n\n').at(-1)).toBe('Last.');
  });

  it('gives each list item, quote and code block a paragraph of its own', () => {
    expect(
      blocks('- First item\n- Second *item*\n\n1. One\n2. Two\n\n> A quoted line.\n\n```\ncode line\n```'),
    ).toEqual(['First item', 'Second item', 'One', 'Two', 'A quoted line.', 'code line']);
  });

  it('keeps table rows as lines of cells', () => {
    expect(blocks('| City | Cost |\n|---|---|\n| Harbor City | $48.5 million |')).toEqual([
      'City | Cost',
      'Harbor City | $48.5 million',
    ]);
  });

  it('decodes the entities marked escapes and keeps inline code and escapes as written', () => {
    expect(markdownToText('Tom &amp; Jerry use `a < b` and AT&T \\*really\\*.')).toBe(
      'Tom & Jerry use a < b and AT&T *really*.',
    );
  });

  it('keeps typographic characters verbatim', () => {
    expect(markdownToText('“Tonight we stopped betting,” she said — and left…')).toBe(
      '“Tonight we stopped betting,” she said — and left…',
    );
  });

  it('returns an empty string for a document with no prose', () => {
    expect(markdownToText('')).toBe('');
    expect(markdownToText('![only](an-image.png)\n\n<!-- a comment -->')).toBe('');
  });
});

describe('markdownTitle', () => {
  it('is the text of the first level-1 heading', () => {
    expect(markdownTitle('Intro line.\n\n## Not this\n\n# The *Real* Title\n\n# Second H1')).toBe('The Real Title');
    expect(markdownTitle('Setext Title\n============\n\nBody.')).toBe('Setext Title');
  });

  it('is null without a level-1 heading', () => {
    expect(markdownTitle('## Only a subheading\n\nBody.')).toBeNull();
    expect(markdownTitle('')).toBeNull();
  });
});
