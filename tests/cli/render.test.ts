import { describe, expect, it } from 'vitest';
import { failureLine, renderAsk, renderIngest, renderList, renderSearch } from '../../src/cli/render.ts';

describe('ingest failures in the CLI text output', () => {
  const report = {
    added: 1,
    updated: 0,
    unchanged: 0,
    chunks: 1,
    mode: 'lexical' as const,
    articleIds: ['a1'],
    failed: [
      { source: '/data/a.jsonl:2', error: 'line 2 is not valid JSON (Unexpected token).' },
      { source: '/data/b.jsonl:7', error: 'line 7 has no "text".' },
      { source: '/data/c.txt', error: '/data/c.txt is empty.' },
    ],
  };

  it('names the file of a JSON Lines line error, which says only its line number', () => {
    expect(report.failed.map(failureLine)).toEqual([
      '/data/a.jsonl line 2 is not valid JSON (Unexpected token).',
      '/data/b.jsonl line 7 has no "text".',
      '/data/c.txt is empty.',
    ]);
    expect(renderIngest(report)).toContain('  failed: /data/b.jsonl line 7 has no "text".\n');
  });

  it('leaves an error alone when its source is not that line', () => {
    expect(failureLine({ source: 'https://x.test/feed:3', error: 'line 4 is not valid JSON.' })).toBe(
      'line 4 is not valid JSON.',
    );
  });
});

describe('an empty library in the text output', () => {
  const ask = {
    question: 'q?',
    mode: 'lexical' as const,
    abstained: true,
    answer: 'x',
    quotes: [],
    noArticles: true as const,
  };
  const search = { query: 'q', mode: 'lexical' as const, results: [], noArticles: true as const };

  it("says how to add articles, in the front end's own words", () => {
    const cli = 'The library is empty. Add articles with `quoth ingest PATH_OR_URL`.\n';
    expect([renderAsk(ask), renderSearch(search), renderList([])]).toEqual([cli, cli, cli]);
    const console = 'The library is empty. Add articles with /add PATH_OR_URL.\n';
    expect(renderAsk(ask, '/add PATH_OR_URL')).toBe(console);
    expect(renderSearch({ ...search, noArticles: undefined }, '/add PATH_OR_URL')).toBe('No matching articles.\n');
  });
});

describe('misspelled words read as the library’s, in the text output', () => {
  const corrections = [
    { from: 'okafr', to: 'Okafor' },
    { from: 'millbrok', to: 'Millbrook' },
  ];

  it('are named above the answer or the abstention', () => {
    const ask = {
      question: 'q?',
      corrections,
      mode: 'lexical' as const,
      abstained: true,
      answer: 'Not found.',
      quotes: [],
    };
    expect(renderAsk(ask)).toBe('(read "okafr" as "Okafor", "millbrok" as "Millbrook")\nNot found.\n');
    // The words no article holds follow the abstention on its line.
    expect(renderAsk({ ...ask, corrections: undefined, absentWords: ['France'] })).toBe(
      'Not found.\nNo article mentions “France”.\n',
    );
    expect(renderSearch({ query: 'okafr', corrections, mode: 'lexical', results: [] })).toBe(
      '(read "okafr" as "Okafor", "millbrok" as "Millbrook")\nNo matching articles.\n',
    );
  });
});
