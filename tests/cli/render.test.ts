import { describe, expect, it } from 'vitest';
import { failureLine, renderIngest } from '../../src/cli/render.ts';

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
