// JSON Lines files are streamed a chunk of lines at a time: every kind of bad line becomes one
// failure naming its line, the good lines around it are kept, and a line over the cap is skipped
// without being held whole.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_LISTED_FAILURES } from '../../src/ingest/jsonLines.ts';
import { type ReadOptions, readSourceItem, readSourceParts } from '../../src/ingest/readSources.ts';
import { makeTempDir, openTestLibrary, removeTempDirs } from '../helpers/library.ts';

const OPTS: ReadOptions = { maxArticleBytes: 4096, fetch: { timeoutMs: 5000, allowPrivate: false } };

afterAll(removeTempDirs);

async function jsonlFile(name: string, content: Buffer): Promise<string> {
  const file = path.join(await makeTempDir('quoth-jsonl-'), name);
  await writeFile(file, content);
  return file;
}

const line = (o: object) => Buffer.from(`${JSON.stringify(o)}\r\n`);

/** One file with every kind of line, CRLF endings, a BOM on line 1 and no newline after the last line. */
function mixedFile(): Buffer {
  return Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    line({ title: 'First', text: 'The first article is about lighthouse keepers. It has two sentences.' }),
    Buffer.from('\r\n'),
    Buffer.from('{"title": "Broken", "text": \r\n'),
    Buffer.from('{"title": "Caf\xe9", "text": "A stray Latin-1 byte."}\r\n', 'latin1'),
    line({ title: 'Huge', text: 'lighthouse '.repeat(2000) }),
    line({ title: 'Big', text: 'marmalade '.repeat(500) }),
    Buffer.from('   \r\n'),
    Buffer.from(JSON.stringify({ title: 'Last', url: 'https://example.com/last', text: 'The marmalade festival.' })),
  ]);
}

describe('streaming a JSON Lines file', () => {
  it('keeps the good lines and names each bad one in one line', async () => {
    const file = await jsonlFile('mixed.jsonl', mixedFile());
    const out = await readSourceItem({ kind: 'file', path: file, label: 'mixed.jsonl' }, OPTS);
    expect(out.articles.map((a) => [a.title, a.text, a.source])).toEqual([
      ['First', 'The first article is about lighthouse keepers. It has two sentences.', `${file}#First`],
      ['Last', 'The marmalade festival.', 'https://example.com/last'],
    ]);
    expect(out.failures).toEqual([
      { source: `${file}:3`, error: expect.stringMatching(/^line 3 is not valid JSON \(.*\)\.$/) },
      { source: `${file}:4`, error: 'line 4 is not UTF-8 text; convert it to UTF-8 first.' },
      { source: `${file}:5`, error: 'line 5 is 22 KB, too long for one article (the limit is 4 KB).' },
      { source: `${file}#Big`, error: `${file}#Big is over the 4096 byte limit for one article.` },
    ]);
    for (const f of out.failures) expect(f.error).not.toMatch(/[\r\n]/);
  });

  it('yields articles in parts with progress, across chunk boundaries, skipping a line longer than a chunk', async () => {
    const opts = { ...OPTS, maxArticleBytes: 256 * 1024 };
    const article = (i: number) =>
      line({ title: `Dispatch ${i}`, text: `Dispatch ${i} reports ${'grain '.repeat(i % 300)}.` });
    const lines = Array.from({ length: 3000 }, (_, i) => article(i + 1));
    // 3 MB, over the 1 MB line cap and three read chunks long.
    lines.splice(1500, 0, line({ title: 'Giant', text: 'x'.repeat(3 * 1024 * 1024) }));
    const file = await jsonlFile('many.jsonl', Buffer.concat(lines));
    const parts = [];
    for await (const part of readSourceParts({ kind: 'file', path: file, label: 'many.jsonl' }, opts)) parts.push(part);
    expect(parts.length).toBeGreaterThan(3);
    const articles = parts.flatMap((p) => p.articles);
    expect(articles.map((a) => a.title)).toEqual(Array.from({ length: 3000 }, (_, i) => `Dispatch ${i + 1}`));
    expect(articles[2999]!.text).toBe(`Dispatch 3000 reports ${'grain '.repeat(0)}.`);
    expect(parts.flatMap((p) => p.failures)).toEqual([
      { source: `${file}:1501`, error: 'line 1501 is 3.0 MB, too long for one article (the limit is 256 KB).' },
    ]);
    const progress = parts.flatMap((p) => (p.bytes ? [p.bytes] : []));
    expect(progress.at(-1)).toEqual({ done: progress.at(-1)!.total, total: progress.at(-1)!.total });
  });

  it('lists the first bad lines of a file that is not JSON Lines at all, and counts the rest', async () => {
    const rows = Array.from({ length: MAX_LISTED_FAILURES + 5 }, (_, i) => `${i},oil,${i * 2}\n`);
    const good = JSON.stringify({ title: 'Good', text: 'One good line among the rows.' });
    const file = await jsonlFile('table.jsonl', Buffer.from(rows.join('') + good));
    const out = await readSourceItem({ kind: 'file', path: file, label: 'table.jsonl' }, OPTS);
    expect(out.articles.map((a) => a.title)).toEqual(['Good']);
    expect(out.failures).toHaveLength(MAX_LISTED_FAILURES + 1);
    expect(out.failures.at(-2)!.source).toBe(`${file}:${MAX_LISTED_FAILURES}`);
    expect(out.failures.at(-1)).toEqual({
      source: 'table.jsonl',
      error: `table.jsonl has 5 more bad lines, not listed after the first ${MAX_LISTED_FAILURES}.`,
    });
  });

  it.each([
    ['empty.jsonl', Buffer.alloc(0), 'empty.jsonl is empty.'],
    ['blank.jsonl', Buffer.from('\n  \r\n\n'), 'blank.jsonl is empty.'],
    [
      'binary.jsonl',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      'binary.jsonl is a binary file, not text.',
    ],
    [
      'wide.jsonl',
      Buffer.from('\ufeff{"text": "x"}\n', 'utf16le'),
      'wide.jsonl is UTF-16 text; JSON Lines must be UTF-8, convert it first.',
    ],
  ])('refuses %s whole, in one line', async (name, content, error) => {
    const file = await jsonlFile(name, content);
    const out = await readSourceItem({ kind: 'file', path: file, label: name }, OPTS);
    expect(out).toEqual({ articles: [], failures: [{ source: name, error }] });
  });
});

describe('a streamed JSON Lines file in the library', () => {
  it('stores the good lines, reports the bad ones, and quotes stay slices of the stored text', async () => {
    const { lib } = await openTestLibrary({ config: { maxArticleBytes: OPTS.maxArticleBytes } });
    try {
      const file = await jsonlFile('mixed.jsonl', mixedFile());
      const report = await lib.ingest([file]);
      expect(report.added).toBe(2);
      expect(report.failed.map((f) => f.source)).toEqual([`${file}:3`, `${file}:4`, `${file}:5`, `${file}#Big`]);
      const result = await lib.ask('Who are the lighthouse keepers?');
      expect(result.quotes.length).toBeGreaterThan(0);
      for (const q of result.quotes) expect(lib.get(q.articleId).text.slice(q.start, q.end)).toBe(q.text);
    } finally {
      await lib.close();
    }
  });
});
