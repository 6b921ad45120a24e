import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchUrl } from '../../src/ingest/fetchUrl.ts';
import { ARTICLE_HTML, expectRefused, LOCAL, site } from '../helpers/fetchSite.ts';
import { startServer, stopServer, type TestServer } from '../helpers/testServer.ts';

describe('fetchUrl against a local server (allowPrivate)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer('127.0.0.1', site);
  });
  afterAll(() => stopServer(s));

  it('fetches an HTML page, decoding UTF-8 and keeping typographic characters', async () => {
    const doc = await fetchUrl(`${s.base}/html`, LOCAL);
    expect(doc).toEqual({
      requestedUrl: `${s.base}/html`,
      finalUrl: `${s.base}/html`,
      kind: 'html',
      body: ARTICLE_HTML,
      contentType: 'text/html',
    });
  });

  it('fetches text/plain, text/markdown and application/xhtml+xml', async () => {
    expect(await fetchUrl(`${s.base}/text`, LOCAL)).toMatchObject({
      kind: 'text',
      body: 'Just plain text.\n',
      contentType: 'text/plain',
    });
    expect(await fetchUrl(`${s.base}/markdown`, LOCAL)).toMatchObject({ kind: 'text', contentType: 'text/markdown' });
    expect(await fetchUrl(`${s.base}/xhtml`, LOCAL)).toMatchObject({
      kind: 'html',
      contentType: 'application/xhtml+xml',
    });
  });

  it('sends the Quoth user agent', async () => {
    expect((await fetchUrl(`${s.base}/ua`, LOCAL)).body).toBe('QuothBot/0.1 (+article quotes)');
    expect((await fetchUrl(`${s.base}/ua`, { ...LOCAL, userAgent: 'Custom/1' })).body).toBe('Custom/1');
  });

  it('decodes the charset from Content-Type, or from <meta charset>', async () => {
    expect((await fetchUrl(`${s.base}/latin1`, LOCAL)).body).toBe('<p>Café, naïve, © 2024, it’s</p>');
    expect((await fetchUrl(`${s.base}/meta-charset`, LOCAL)).body).toContain('<p>“Hi”</p>');
  });

  it('refuses a body that is not valid in its charset', async () => {
    await expectRefused(fetchUrl(`${s.base}/bad-utf8`, LOCAL), 'invalid_input', /not valid utf-8 text/);
  });

  it('decompresses gzip, deflate and brotli bodies', async () => {
    expect((await fetchUrl(`${s.base}/gzip`, LOCAL)).body).toBe(ARTICLE_HTML);
    expect((await fetchUrl(`${s.base}/deflate`, LOCAL)).body).toBe('deflated text');
    expect((await fetchUrl(`${s.base}/br`, LOCAL)).body).toBe('brotli text');
  });

  it('sniffs HTML when the server sends no Content-Type', async () => {
    expect(await fetchUrl(`${s.base}/no-type`, LOCAL)).toMatchObject({ kind: 'html', contentType: 'text/html' });
  });

  it('follows a redirect chain with relative Locations and reports the final URL', async () => {
    const doc = await fetchUrl(`${s.base}/chain/1`, LOCAL);
    expect(doc.requestedUrl).toBe(`${s.base}/chain/1`);
    expect(doc.finalUrl).toBe(`${s.base}/html`);
    expect(doc.body).toBe(ARTICLE_HTML);
  });

  it('refuses redirect loops, too many redirects and redirects without a Location', async () => {
    await expectRefused(fetchUrl(`${s.base}/loop/a`, LOCAL), 'fetch_failed', /^Redirect loop fetching .*\/loop\/a/);
    await expectRefused(fetchUrl(`${s.base}/many/0`, LOCAL), 'fetch_failed', /^Too many redirects \(more than 5\)/);
    await expectRefused(fetchUrl(`${s.base}/many/0`, { ...LOCAL, maxRedirects: 1 }), 'fetch_failed', /more than 1\)/);
    await expectRefused(fetchUrl(`${s.base}/no-location`, LOCAL), 'fetch_failed', /without saying where/);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    await expectRefused(fetchUrl(`${s.base}/to-ftp`, LOCAL), 'unsupported', /redirects to a ftp: URL/);
  });

  it('refuses a body whose Content-Length is over the limit', async () => {
    await expectRefused(
      fetchUrl(`${s.base}/big-declared`, { ...LOCAL, maxBytes: 1000 }),
      'too_large',
      /larger than the 1000-byte limit/,
    );
  });

  it('cuts off a chunked body as soon as it passes the limit', async () => {
    await expectRefused(fetchUrl(`${s.base}/big-stream`, { ...LOCAL, maxBytes: 1000 }), 'too_large');
  });

  it('applies the limit to the decompressed size', async () => {
    await expectRefused(fetchUrl(`${s.base}/gzip-bomb`, { ...LOCAL, maxBytes: 10_000 }), 'too_large');
  });

  it('times out on a server that never answers, and on one that stalls mid-body', async () => {
    await expectRefused(
      fetchUrl(`${s.base}/hang`, { ...LOCAL, timeoutMs: 300 }),
      'fetch_failed',
      /^Timed out after 0\.3 s fetching http:\/\/127\.0\.0\.1:\d+\/hang\.$/,
    );
    await expectRefused(
      fetchUrl(`${s.base}/trickle`, { ...LOCAL, timeoutMs: 300 }),
      'fetch_failed',
      /^Timed out after 0\.3 s/,
    );
  });

  it('reports HTTP errors with their status', async () => {
    await expectRefused(fetchUrl(`${s.base}/missing`, LOCAL), 'fetch_failed', /failed with HTTP 404 Not Found\.$/);
  });

  it('refuses images, PDFs and other non-text types', async () => {
    await expectRefused(fetchUrl(`${s.base}/png`, LOCAL), 'unsupported', /is image\/png, not an HTML or text page/);
    await expectRefused(fetchUrl(`${s.base}/pdf`, LOCAL), 'unsupported', /application\/pdf/);
  });

  it('reports a refused connection as fetch_failed', async () => {
    const closed = await startServer('127.0.0.1', () => {});
    const url = `${closed.base}/`;
    await stopServer(closed);
    await expectRefused(fetchUrl(url, LOCAL), 'fetch_failed', /connection was refused/);
  });
});
