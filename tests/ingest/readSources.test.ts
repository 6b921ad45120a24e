import fs from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandSources, readSourceItem, type ReadOptions, type SourceItem } from '../../src/ingest/readSources.ts';
import { makeTempDir, removeTempDirs } from '../helpers/library.ts';

const OPTS: ReadOptions = { maxArticleBytes: 4096, fetch: { timeoutMs: 5000, allowPrivate: true } };
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

let dir: string;

beforeAll(async () => {
  dir = await makeTempDir('quoth-sources-');
  await mkdir(path.join(dir, 'lib', 'nested'), { recursive: true });
  await mkdir(path.join(dir, 'lib', '.hidden'), { recursive: true });
  await mkdir(path.join(dir, 'lib', 'node_modules', 'pkg'), { recursive: true });
  await mkdir(path.join(dir, 'nothing-here'), { recursive: true });
  await writeFile(path.join(dir, 'lib', 'b.txt'), 'Bee\n\nThe b article.');
  await writeFile(path.join(dir, 'lib', 'a.md'), '# Ay\n\nThe a article.');
  await writeFile(path.join(dir, 'lib', 'nested', 'c.html'), '<p>The c article.</p>');
  await writeFile(path.join(dir, 'lib', 'notes.pdf'), '%PDF-1.7');
  await writeFile(path.join(dir, 'lib', '.hidden', 'h.txt'), 'Hidden.');
  await writeFile(path.join(dir, 'lib', '.dotfile.txt'), 'Hidden too.');
  await writeFile(path.join(dir, 'lib', 'node_modules', 'pkg', 'readme.md'), '# Not an article');
  await writeFile(path.join(dir, 'nothing-here', 'image.png'), PNG);
  await writeFile(path.join(dir, 'report.odt'), 'PK');
});

afterAll(removeTempDirs);

describe('expandSources', () => {
  it('walks a folder recursively for supported files, in name order, skipping hidden entries and node_modules', () => {
    const items = expandSources([path.join(dir, 'lib')]);
    expect(items).toEqual([
      { kind: 'file', path: path.join(dir, 'lib', 'a.md'), label: path.join(dir, 'lib', 'a.md') },
      { kind: 'file', path: path.join(dir, 'lib', 'b.txt'), label: path.join(dir, 'lib', 'b.txt') },
      {
        kind: 'file',
        path: path.join(dir, 'lib', 'nested', 'c.html'),
        label: path.join(dir, 'lib', 'nested', 'c.html'),
      },
      // PDF and Word files are found too (readSourceItem parses them from their bytes).
      { kind: 'file', path: path.join(dir, 'lib', 'notes.pdf'), label: path.join(dir, 'lib', 'notes.pdf') },
    ]);
  });

  it('resolves a relative file path to an absolute one, keeping what the user typed as the label', () => {
    const relative = path.relative(process.cwd(), path.join(dir, 'lib', 'b.txt'));
    expect(expandSources([relative])).toEqual([
      { kind: 'file', path: path.join(dir, 'lib', 'b.txt'), label: relative },
    ]);
  });

  it('turns each bad source into one error item with a one-line message', () => {
    const missing = path.join(dir, 'missing.txt');
    const items = expandSources([missing, path.join(dir, 'report.odt'), path.join(dir, 'nothing-here'), '  ']);
    expect(items.map((i) => i.kind)).toEqual(['error', 'error', 'error', 'error']);
    const errors = items.map((i) => (i as Extract<SourceItem, { kind: 'error' }>).error);
    expect(errors[0]).toBe(`${missing}: no such file or folder.`);
    expect(errors[1]).toMatch(
      /unsupported file type "\.odt" \(Quoth reads \.txt, \.md, \.html, \.json, \.jsonl, \.pdf and \.docx\)\.$/,
    );
    expect(errors[2]).toMatch(/nothing-here holds no \.txt .* files\.$/);
    expect(errors[3]).toBe('An empty source was given.');
    for (const e of errors) expect(e).not.toContain('\n');
  });

  it('hands every scheme:// source to the URL reader, which refuses the non-http ones', () => {
    expect(
      expandSources(['https://quoth.example/a', 'ftp://files.example/a.txt', 'file:///etc/passwd']).map((i) => i.kind),
    ).toEqual(['url', 'url', 'url']);
  });
});

describe('readSourceItem on files', () => {
  async function file(name: string, content: string | Buffer): Promise<SourceItem> {
    const p = path.join(dir, name);
    await writeFile(p, content);
    return { kind: 'file', path: p, label: name };
  }

  it('reads a good file into one article', async () => {
    const out = await readSourceItem(
      await file('good.txt', 'Good Title\n\nA good article. It has two sentences.'),
      OPTS,
    );
    expect(out.failures).toEqual([]);
    expect(out.articles).toHaveLength(1);
    expect(out.articles[0]).toMatchObject({
      title: 'Good Title',
      text: 'A good article. It has two sentences.',
      source: path.join(dir, 'good.txt'),
    });
  });

  it.each([
    ['empty.txt', '', 'empty.txt is empty.'],
    ['blank.md', '   \n\n\t \n', 'blank.md is empty.'],
    ['photo.txt', PNG, 'photo.txt is a binary file, not text.'],
    [
      'latin1.txt',
      Buffer.from('Un caf\xe9 au lait, s\x27il vous pla\xeet, with plain words around it.', 'latin1'),
      'latin1.txt is not UTF-8 text; convert it to UTF-8 first.',
    ],
    ['huge.txt', 'word '.repeat(2000), 'huge.txt is 10 KB, over the 4 KB limit for one article.'],
    ['broken.json', '{"title": "x", "text": ', /^.*broken\.json is not valid JSON \(.*\)\.$/],
  ] as const)('turns %s into a failure, never a throw', async (name, content, message) => {
    const out = await readSourceItem(await file(name, content as string | Buffer), OPTS);
    expect(out.articles).toEqual([]);
    expect(out.failures).toHaveLength(1);
    expect(out.failures[0]!.source).toBe(name);
    if (typeof message === 'string') expect(out.failures[0]!.error).toBe(message);
    else expect(out.failures[0]!.error).toMatch(message);
  });

  it('holds each JSON Lines article (not the whole file) to the per-article cap', async () => {
    const small = (i: number) => JSON.stringify({ title: `Small ${i}`, text: `Article number ${i} is short.` });
    const lines = [
      small(1),
      JSON.stringify({ title: 'Too big', text: 'long words '.repeat(600) }),
      small(3),
      ...Array.from({ length: 400 }, (_, i) => small(i + 4)),
    ];
    const out = await readSourceItem(await file('many.jsonl', lines.join('\n')), OPTS);
    expect(out.articles).toHaveLength(402);
    expect(out.articles.map((a) => a.title)).not.toContain('Too big');
    expect(out.failures).toHaveLength(1);
    expect(out.failures[0]!.error).toMatch(/over the 4096 byte limit for one article\.$/);
  });
});

describe('readSourceItem on URLs (a real server on 127.0.0.1)', () => {
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/page') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(
          '<html><head><title>A Page</title><link rel="canonical" href="/canonical/page"></head><body><article><h1>A ' +
            'Page</h1><p>The first sentence of the page is here. And a second ' +
            'one follows it.</p><p>Leave a Comment</p></article></body></html>',
        );
      } else if (req.url === '/notes.txt') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('Plain notes from the server. They have two sentences.');
      } else if (req.url === '/blank') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('  \n ');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reads an HTML page, keyed by its canonical URL, without furniture', async () => {
    const out = await readSourceItem({ kind: 'url', url: `${base}/page` }, OPTS);
    expect(out.failures).toEqual([]);
    expect(out.articles[0]).toMatchObject({
      title: 'A Page',
      source: `${base}/canonical/page`,
      url: `${base}/canonical/page`,
    });
    expect(out.articles[0]!.text).toBe('The first sentence of the page is here. And a second one follows it.');
  });

  it('reads a text page with the URL as its url and file name as title', async () => {
    const out = await readSourceItem({ kind: 'url', url: `${base}/notes.txt` }, OPTS);
    expect(out.articles[0]).toMatchObject({
      title: 'notes.txt',
      url: `${base}/notes.txt`,
      source: `${base}/notes.txt`,
      text: 'Plain notes from the server. They have two sentences.',
    });
  });

  it('turns an empty page, a 404 and a non-http scheme into failures', async () => {
    const blank = await readSourceItem({ kind: 'url', url: `${base}/blank` }, OPTS);
    expect(blank.failures[0]!.error).toBe(`${base}/blank returned an empty page.`);
    const missing = await readSourceItem({ kind: 'url', url: `${base}/missing` }, OPTS);
    expect(missing.failures[0]!.error).toMatch(/failed with HTTP 404/);
    const ftp = await readSourceItem({ kind: 'url', url: 'ftp://files.example/a.txt' }, OPTS);
    expect(ftp.failures).toEqual([
      {
        source: 'ftp://files.example/a.txt',
        error: 'ftp: URLs are not supported; only http and https pages can be fetched.',
      },
    ]);
  });
});

describe('readSourceItem size check', () => {
  it('refuses a huge sparse file by its size, without reading or allocating it', async () => {
    const huge = path.join(dir, 'sparse.txt');
    fs.closeSync(fs.openSync(huge, 'w'));
    fs.truncateSync(huge, 6 * 1024 ** 3);
    try {
      const out = await readSourceItem({ kind: 'file', path: huge, label: 'sparse.txt' }, OPTS);
      expect(out.articles).toEqual([]);
      expect(out.failures).toEqual([
        { source: 'sparse.txt', error: 'sparse.txt is 6144 MB, over the 4 KB limit for one article.' },
      ]);
    } finally {
      fs.rmSync(huge, { force: true });
    }
  });
});

describe('readSourceItem of text given directly', () => {
  it('applies the file size and emptiness rules and parses by format', async () => {
    const text = (t: string, format?: 'text' | 'markdown' | 'html') =>
      readSourceItem({ kind: 'text', text: t, source: 'pasted', format }, OPTS);
    expect((await text('  \n ')).failures).toEqual([{ source: 'pasted', error: 'pasted is empty.' }]);
    expect((await text('word '.repeat(2000))).failures[0]!.error).toBe(
      'pasted is 10 KB, over the 4 KB limit for one article.',
    );
    const md = await text('# Title here\n\nThe body of it.', 'markdown');
    expect(md.articles.map((a) => a.title)).toEqual(['Title here']);
  });
});
