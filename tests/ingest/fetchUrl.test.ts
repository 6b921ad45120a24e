import type http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuothError, type QuothErrorCode } from '../../src/shared/errors.ts';
import { startServer, stopServer, type TestServer } from '../helpers/testServer.ts';
import {
  fetchUrl,
  isForbiddenAddress,
  isHttpUrl,
  type FetchOptions,
  type FetchTestHooks,
} from '../../src/ingest/fetchUrl.ts';

const LOCAL: FetchOptions = { timeoutMs: 5000, maxBytes: 1_000_000, allowPrivate: true };
const STRICT: FetchOptions = { ...LOCAL, allowPrivate: false };

async function failure(promise: Promise<unknown>): Promise<QuothError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(QuothError);
    expect((err as Error).message).not.toContain('\n');
    return err as QuothError;
  }
  throw new Error('expected the fetch to fail');
}

async function expectRefused(promise: Promise<unknown>, code: QuothErrorCode, message?: RegExp): Promise<void> {
  const err = await failure(promise);
  expect(err.code, err.message).toBe(code);
  if (message) expect(err.message).toMatch(message);
}

const ARTICLE_HTML =
  '<!doctype html><html><head><title>T</title></head><body><p>“Curly” quotes — and a dash.</p></body></html>';

function site(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname;
  const send = (type: string, body: string | Buffer, headers: http.OutgoingHttpHeaders = {}): void => {
    res.writeHead(200, { 'Content-Type': type, ...headers });
    res.end(body);
  };
  const redirect = (location: string, status = 302): void => {
    res.writeHead(status, { Location: location });
    res.end();
  };

  if (path === '/html') return send('text/html; charset=utf-8', ARTICLE_HTML);
  if (path === '/text') return send('text/plain', 'Just plain text.\n');
  if (path === '/markdown') return send('text/markdown; charset=UTF-8', '# Heading\n\nBody.');
  if (path === '/xhtml') return send('application/xhtml+xml', '<html><body><p>x</p></body></html>');
  if (path === '/ua') return send('text/plain', String(req.headers['user-agent']));
  if (path === '/latin1') {
    // 0x92 is not ISO-8859-1 but appears in most "Latin-1" pages; browsers (WHATWG) read it as windows-1252.
    const bytes = Buffer.concat([
      Buffer.from('<p>Café, naïve, © 2024, it', 'latin1'),
      Buffer.from([0x92]),
      Buffer.from('s</p>'),
    ]);
    return send('text/html; charset=ISO-8859-1', bytes);
  }
  if (path === '/meta-charset') {
    // windows-1252 curly quotes (0x93/0x94) declared only in the document.
    const head = Buffer.from('<html><head><meta charset="windows-1252"></head><body><p>', 'latin1');
    return send(
      'text/html',
      Buffer.concat([head, Buffer.from([0x93, 0x48, 0x69, 0x94]), Buffer.from('</p></body></html>')]),
    );
  }
  if (path === '/bad-utf8') return send('text/plain; charset=utf-8', Buffer.from([0x48, 0x69, 0xff, 0xfe, 0x00]));
  if (path === '/gzip')
    return send('text/html; charset=utf-8', zlib.gzipSync(ARTICLE_HTML), { 'Content-Encoding': 'gzip' });
  if (path === '/deflate')
    return send('text/plain', zlib.deflateSync('deflated text'), { 'Content-Encoding': 'deflate' });
  if (path === '/br') return send('text/plain', zlib.brotliCompressSync('brotli text'), { 'Content-Encoding': 'br' });
  if (path === '/gzip-bomb')
    return send('text/plain', zlib.gzipSync(Buffer.alloc(200_000, 0x61)), { 'Content-Encoding': 'gzip' });
  if (path === '/no-type') {
    res.writeHead(200);
    return void res.end('<!DOCTYPE html><html><body><p>untyped</p></body></html>');
  }
  if (path === '/png') return send('image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (path === '/pdf') return send('application/pdf', '%PDF-1.7');
  if (path === '/missing') {
    res.writeHead(404, { 'Content-Type': 'text/html' });
    return void res.end('<p>Not here</p>');
  }
  if (path === '/big-declared') return send('text/plain', 'x'.repeat(2000), { 'Content-Length': '2000' });
  if (path === '/big-stream') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }); // no Content-Length: chunked
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed || sent >= 20) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write('y'.repeat(500));
      sent++;
    }, 5);
    return;
  }
  if (path === '/hang') return; // never answers
  if (path === '/trickle') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('the first bytes, then nothing');
    return;
  }
  // Relative, absolute-path and absolute Location headers, across three hops.
  if (path === '/chain/1') return redirect('2', 301);
  if (path === '/chain/2') return redirect('/chain/3', 307);
  if (path === '/chain/3') return redirect(`http://${req.headers.host}/html`, 308);
  if (path === '/loop/a') return redirect('/loop/b');
  if (path === '/loop/b') return redirect('/loop/a');
  if (path.startsWith('/many/')) return redirect(`/many/${Number(path.slice(6)) + 1}`);
  if (path === '/no-location') {
    res.writeHead(302);
    return void res.end();
  }
  if (path === '/to-ftp') return redirect('ftp://files.example/a.txt');
  if (path === '/to-localhost') return redirect(String(url.searchParams.get('target')));
  if (path === '/to-metadata') return redirect('http://169.254.169.254/latest/meta-data/');
  if (path === '/to-private') return redirect('http://10.0.0.1/admin');
  res.writeHead(500);
  res.end();
}

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

describe('fetchUrl address policy (allowPrivate: false)', () => {
  let internal: TestServer;
  beforeAll(async () => {
    internal = await startServer('127.0.0.1', site);
  });
  afterAll(() => stopServer(internal));

  it('refuses loopback by IP literal and by name, without the request reaching the server', async () => {
    await expectRefused(
      fetchUrl(`${internal.base}/html`, STRICT),
      'forbidden_address',
      /^Refusing to fetch http:\/\/127\.0\.0\.1:\d+\/html: 127\.0\.0\.1 is a private or local address/,
    );
    // A name goes through DNS: the custom lookup rejects the answer before the socket connects.
    await expectRefused(
      fetchUrl(`http://localhost:${internal.port}/html`, STRICT),
      'forbidden_address',
      /\(127\.0\.0\.1\)/,
    );
    await expectRefused(fetchUrl(`http://[::1]:${internal.port}/`, STRICT), 'forbidden_address');
    await expectRefused(fetchUrl(`http://[::ffff:127.0.0.1]:${internal.port}/`, STRICT), 'forbidden_address');
    // WHATWG URL normalizes the decimal form to 127.0.0.1.
    await expectRefused(fetchUrl(`http://2130706433:${internal.port}/`, STRICT), 'forbidden_address');
    expect(internal.requests).toEqual([]);
  });

  it('refuses private, link-local and metadata IP literals before connecting', async () => {
    // Never connected to: the literal is checked before any socket is opened, so these fail at once
    // with forbidden_address (a connect attempt would end as fetch_failed instead).
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'https://[fd00::1]/',
      'http://[fe80::1]/',
    ]) {
      await expectRefused(fetchUrl(url, STRICT), 'forbidden_address');
    }
  });

  // A test cannot run a server on a public address, so a second loopback address (127.0.0.2) plays
  // the public site through the test-only `treatAsPublic` hook; 127.0.0.1 stays forbidden. The
  // redirects then exercise both guards on a later hop: the DNS lookup (localhost) and the IP-literal check.
  describe('redirects from a public site to private addresses', () => {
    let publicSite: TestServer;
    const hooks: FetchTestHooks = { treatAsPublic: ['127.0.0.2'] };
    beforeAll(async () => {
      publicSite = await startServer('127.0.0.2', site);
    });
    afterAll(() => stopServer(publicSite));

    it('fetches from the stand-in public site (the hook lets exactly that address through)', async () => {
      const doc = await fetchUrl(`${publicSite.base}/chain/1`, STRICT, hooks);
      expect(doc.finalUrl).toBe(`${publicSite.base}/html`);
    });

    it('refuses a redirect to localhost; the internal server never sees a request', async () => {
      const target = encodeURIComponent(`http://localhost:${internal.port}/html`);
      await expectRefused(
        fetchUrl(`${publicSite.base}/to-localhost?target=${target}`, STRICT, hooks),
        'forbidden_address',
        /localhost:\d+\/html: localhost is a private or local address/,
      );
      const literal = encodeURIComponent(`http://127.0.0.1:${internal.port}/html`);
      await expectRefused(
        fetchUrl(`${publicSite.base}/to-localhost?target=${literal}`, STRICT, hooks),
        'forbidden_address',
      );
      expect(internal.requests).toEqual([]);
    });

    it('refuses redirects to the metadata address and to RFC 1918', async () => {
      await expectRefused(
        fetchUrl(`${publicSite.base}/to-metadata`, STRICT, hooks),
        'forbidden_address',
        /169\.254\.169\.254/,
      );
      await expectRefused(fetchUrl(`${publicSite.base}/to-private`, STRICT, hooks), 'forbidden_address', /10\.0\.0\.1/);
    });
  });
});

describe('fetchUrl input checks', () => {
  it('refuses non-http schemes, junk and credentials with one clear sentence', async () => {
    await expectRefused(
      fetchUrl('ftp://files.example/a.txt', STRICT),
      'unsupported',
      /^ftp: URLs are not supported; only http and https pages can be fetched\.$/,
    );
    await expectRefused(fetchUrl('file:///etc/passwd', STRICT), 'unsupported', /^file: URLs are not supported/);
    await expectRefused(fetchUrl('javascript:alert(1)', STRICT), 'unsupported', /^javascript: URLs/);
    await expectRefused(fetchUrl('not a url', STRICT), 'invalid_input', /^"not a url" is not a valid URL\.$/);
    await expectRefused(fetchUrl('http://user:secret@example.com/', STRICT), 'invalid_input', /user name or password/);
  });
});

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.0.10',
    '100.64.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::a00:1',
    'not-an-ip',
    '[::1]',
  ])('forbids %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });
});

describe('isHttpUrl', () => {
  it.each([
    'https://example.com/a',
    'HTTP://EXAMPLE.COM',
    'ftp://x/y',
    'file:///etc/passwd',
    'javascript:alert(1)',
    ' https://x.org ',
  ])('%s is a URL', (s) => {
    expect(isHttpUrl(s)).toBe(true);
  });
  it.each([
    './articles/a.html',
    '/home/me/a.md',
    'C:\\articles\\a.txt',
    'notes.txt',
    'www.example.com/page',
    'notes:draft.md',
  ])('%s is a path', (s) => {
    expect(isHttpUrl(s)).toBe(false);
  });
});
