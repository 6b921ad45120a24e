import { describe, expect, it } from 'vitest';
import { isDateLine, stripFurniture } from '../../src/ingest/furniture.ts';
import { parseDocument } from '../../src/ingest/parseDocument.ts';

const BODY = [
  'The harbour authority said on Monday it would dredge the east channel this summer, the first time in a decade.',
  'Fishing crews have complained for years that boats run aground at low tide, and two were damaged last winter.',
  'The work will cost 2.1 million dollars and close the channel to leisure craft for six weeks, officials said.',
];

describe('stripFurniture', () => {
  it('removes head credits and date lines, isolated phrase lines and a teaser rail at the tail', () => {
    const text = [
      'By Ines Caldera',
      'Published 9:14 AM EST, Tue March 5, 2024 | Updated 11:02 AM EST, Tue March 5, 2024',
      BODY[0],
      'Share this:',
      BODY[1],
      'Read more: Harbour fees to rise in April',
      BODY[2],
      'More News from The Coast Times',
      'Ferry timetable changes announced',
      'New lifeboat station opens in Portwen',
      'Leave a Comment',
    ].join('\n\n');
    const { text: out, removed } = stripFurniture(text);
    expect(out).toBe(BODY.join('\n\n'));
    expect(removed).toContain('By Ines Caldera');
    expect(removed).toContain('New lifeboat station opens in Portwen');
  });

  it('never touches prose that starts like furniture, nor a marker mid-article with most text after it', () => {
    const prose = 'Share prices fell 4% on Tuesday after the harbour plan was announced, traders said.';
    const text = [prose, 'Comments', ...BODY].join('\n\n');
    // The isolated "Comments" line goes; the prose after it, most of the article, stays.
    expect(stripFurniture(text).text).toBe(text.replace('Comments\n\n', ''));
  });

  it('takes a desk and a date at the head for a credit, but not a short line of the story with a date', () => {
    const desk = ['Court reporter | 3 March 2025', ...BODY].join('\n\n');
    expect(stripFurniture(desk).text).toBe(BODY.join('\n\n'));
    // An earnings report: no prose before its NOTE line, which is part of the story.
    const report = 'Shr profit 22 cts vs loss 17 cts\nRevs 42.5 mln vs 2.9 mln\nNOTE: Quarter ends January 31.\nReuter';
    expect(stripFurniture(report).text).toContain('NOTE: Quarter ends January 31.');
  });

  it('recognises date lines but not numbers', () => {
    expect(isDateLine('Updated 3 hours ago')).toBe(true);
    expect(isDateLine('March 5, 2024, 9:14 a.m.')).toBe(true);
    expect(isDateLine('2023 312')).toBe(false);
    expect(isDateLine('March 5 was the day the vote failed.')).toBe(false);
  });

  it('applies the same rule to plain text and Markdown', () => {
    const tail = '\n\nRelated posts\n\nTen harbour walks for spring\n\nClick here to subscribe to our weekly digest';
    const txt = parseDocument(`Harbour dredging\n\n${BODY.join('\n\n')}${tail}`, 'text', '/x/a.txt', 'a').articles[0]!;
    const cookie = 'We use cookies to improve your experience.';
    const markdown = `# Harbour dredging\n\n${BODY.join('\n\n')}${tail}\n\n${cookie}`;
    const md = parseDocument(markdown, 'markdown', '/x/a.md', 'a').articles[0]!;
    expect(txt.text).toBe(BODY.join('\n\n'));
    expect(md.text).toBe(BODY.join('\n\n'));
  });
});
