// URL ingestion end to end, from a real HTTP server on 127.0.0.1 (ALLOW_PRIVATE_URLS on).
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuothLibrary } from '../../src/core/library.ts';
import { CORE_FIXTURES_DIR, expectVerbatim, openTestLibrary, removeTempDirs } from '../helpers/library.ts';

const FARE_V1 = 'A single night fare will cost $7.50, and children under 12 travel free.';
const FARE_V2 =
  'A single night fare will cost $8.25 after the board revised its estimate, and children under 12 travel free.';

afterAll(removeTempDirs);

describe('ingesting a URL from a local server', () => {
  let lib: QuothLibrary;
  let server: http.Server;
  let base: string;
  let template: string;
  let fare = FARE_V1;
  const requests: string[] = [];

  beforeAll(async () => {
    template = await readFile(path.join(CORE_FIXTURES_DIR, 'url-story.html'), 'utf8');
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      const { pathname } = new URL(req.url ?? '/', 'http://x');
      if (pathname === '/story') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return void res.end(template.replace('{{FARE_SENTENCE}}', fare));
      }
      if (pathname === '/moved') {
        res.writeHead(301, { Location: '/story' });
        return void res.end();
      }
      if (pathname === '/timetable.txt') {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        return void res.end(
          'Ferry Timetable\n\nThe first crossing leaves Elsmere at 6 a.m. and the last at 11 p.m. on weekdays.',
        );
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ({ lib } = await openTestLibrary({ config: { allowPrivateUrls: true, fetchTimeoutMs: 5000 } }));
  });

  afterAll(async () => {
    await lib?.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('keeps the title, byline, date and canonical URL of an HTML article', async () => {
    const report = await lib.ingest([`${base}/story`]);
    expect(report).toMatchObject({ added: 1, updated: 0, unchanged: 0, failed: [] });
    expect(requests).toContain('/story');
    const [meta] = lib.list();
    expect(meta).toMatchObject({
      title: 'Elsmere Ferry Adds a Night Crossing',
      byline: 'Tobias Wren',
      url: `${base}/news/2026/ferry-night-crossing`,
      source: `${base}/news/2026/ferry-night-crossing`,
    });
    expect(meta!.publishedAt).toMatch(/^2026-05-02/);
  });

  it('stores only the article text: page furniture is gone', () => {
    const { text } = lib.get(lib.list()[0]!.articleId);
    expect(text.startsWith('The Elsmere ferry will add a night crossing from June')).toBe(true);
    expect(text).toContain(FARE_V1);
    expect(text).toContain('“The lights of the old harbor are worth the trip alone,” he said.');
    for (const furniture of [
      'cookies',
      'Share this article',
      'Share on',
      'Leave a Comment',
      'Advertisement',
      'Comments',
      'About time',
      'newsletter',
      'Elsmere Courier',
      'By Tobias Wren',
    ]) {
      expect(text, furniture).not.toContain(furniture);
    }
  });

  it('quotes it with its canonical URL', async () => {
    const result = await lib.ask('What will a single night fare cost?');
    const fareQuote = result.quotes.find((q) => q.text.includes('$7.50'))!;
    expect(fareQuote).toBeDefined();
    expect(fareQuote.url).toBe(`${base}/news/2026/ferry-night-crossing`);
    expectVerbatim(lib, fareQuote.articleId, fareQuote);
  });

  it('the same URL again is unchanged, and so is another URL of the same page (a redirect)', async () => {
    expect(await lib.ingest([`${base}/story`])).toMatchObject({ added: 0, updated: 0, unchanged: 1, failed: [] });
    expect(await lib.ingest([`${base}/moved`])).toMatchObject({ added: 0, updated: 0, unchanged: 1, failed: [] });
    expect(await lib.ingest([`${base}/story?utm_source=newsletter`])).toMatchObject({ added: 0, unchanged: 1 });
    expect(lib.list()).toHaveLength(1);
  });

  it('a changed page replaces the stored version', async () => {
    const id = lib.list()[0]!.articleId;
    fare = FARE_V2;
    const report = await lib.ingest([`${base}/story`]);
    expect(report).toMatchObject({ added: 0, updated: 1, unchanged: 0, failed: [], articleIds: [id] });
    expect(lib.list()).toHaveLength(1);
    expect(lib.get(id).text).toContain(FARE_V2);
    expect(lib.get(id).text).not.toContain('$7.50');
    const result = await lib.ask('What will a single night fare cost?');
    expect(result.quotes.some((q) => q.text.includes('$8.25'))).toBe(true);
    expect(result.quotes.some((q) => q.text.includes('$7.50'))).toBe(false);
  });

  it('ingests a text/plain URL with its URL as link and its first line as title', async () => {
    const report = await lib.ingest([`${base}/timetable.txt`]);
    expect(report).toMatchObject({ added: 1, failed: [] });
    const article = lib.get(report.articleIds[0]!);
    expect(article).toMatchObject({ title: 'Ferry Timetable', url: `${base}/timetable.txt` });
    expect(article.text).toBe('The first crossing leaves Elsmere at 6 a.m. and the last at 11 p.m. on weekdays.');
  });
});
