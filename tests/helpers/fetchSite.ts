// The local site and the refusal checks the fetchUrl tests share (fetchUrlLocalServer and fetchUrlAddressPolicy).
import type http from 'node:http';
import zlib from 'node:zlib';
import { expect } from 'vitest';
import type { FetchOptions } from '../../src/ingest/fetchUrl.ts';
import { QuothError, type QuothErrorCode } from '../../src/shared/errors.ts';

export const LOCAL: FetchOptions = { timeoutMs: 5000, maxBytes: 1_000_000, allowPrivate: true };
export const STRICT: FetchOptions = { ...LOCAL, allowPrivate: false };

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

export async function expectRefused(promise: Promise<unknown>, code: QuothErrorCode, message?: RegExp): Promise<void> {
  const err = await failure(promise);
  expect(err.code, err.message).toBe(code);
  if (message) expect(err.message).toMatch(message);
}

export const ARTICLE_HTML =
  '<!doctype html><html><head><title>T</title></head><body><p>“Curly” quotes — and a dash.</p></body></html>';

/** Every path the fetchUrl tests ask for: pages, charsets, encodings, sizes, stalls and redirects. */
export function site(req: http.IncomingMessage, res: http.ServerResponse): void {
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
