// Fetches a feed document with a conditional GET. fetchUrl only accepts HTML and text pages and
// treats 304 as an error, so feeds get their own small client — with the same SSRF rule as
// fetchUrl: every hop's resolved address is checked at connect time (redirects and DNS rebinding
// cannot reach a private address unless private addresses are allowed).
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { QuothError } from '../shared/errors.ts';
import { guardedLookup, isForbiddenAddress, parseFetchableUrl } from '../ingest/addressGuard.ts';
import { DEFAULT_USER_AGENT } from '../ingest/fetchUrl.ts';

export interface FeedFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  allowPrivate: boolean;
  etag?: string | null;
  lastModified?: string | null;
  /** Test-only (see FetchTestHooks): loopback addresses the address policy treats as public. */
  treatAsPublic?: readonly string[];
}

export type FeedResponse =
  | { status: 'not_modified'; finalUrl: string }
  | {
      status: 'ok';
      finalUrl: string;
      body: string;
      contentType: string;
      etag: string | null;
      lastModified: string | null;
    };

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, ' +
  'application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, text/x-opml;q=0.8, */*;q=0.1';

export async function fetchFeed(url: string, opts: FeedFetchOptions): Promise<FeedResponse> {
  let current = parseFetchableUrl(url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    for (let hop = 0; ; hop++) {
      const res = await get(current, opts, controller.signal);
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        res.destroy();
        if (!res.headers.location)
          throw new QuothError(`${current.href} redirects without saying where to.`, 'fetch_failed');
        if (hop >= MAX_REDIRECTS) throw new QuothError(`Too many redirects fetching ${url}.`, 'fetch_failed');
        current = parseFetchableUrl(res.headers.location, current);
        continue;
      }
      if (status === 304) {
        res.resume();
        return { status: 'not_modified', finalUrl: current.href };
      }
      if (status < 200 || status >= 300) {
        res.destroy();
        throw new QuothError(`Fetching ${current.href} failed with HTTP ${status}.`, 'fetch_failed');
      }
      const bytes = await readLimited(current, res, opts.maxBytes);
      const contentType = (res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      return {
        status: 'ok',
        finalUrl: current.href,
        body: decodeBody(bytes, res.headers['content-type']),
        contentType,
        etag: headerValue(res.headers.etag),
        lastModified: headerValue(res.headers['last-modified']),
      };
    }
  } catch (err) {
    if (err instanceof QuothError) throw err;
    if (controller.signal.aborted) throw new QuothError(`Timed out fetching ${url}.`, 'fetch_failed');
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new QuothError(`Could not fetch ${current.href}: ${message}.`, 'fetch_failed');
  } finally {
    clearTimeout(timer);
  }
}

function get(url: URL, opts: FeedFetchOptions, signal: AbortSignal): Promise<http.IncomingMessage> {
  const allowed = (ip: string): boolean =>
    opts.allowPrivate || (opts.treatAsPublic ?? []).includes(ip) || !isForbiddenAddress(ip);
  // Checked at connect time on every hop, like fetchUrl: a DNS rebinding cannot slip through.
  const lookup = guardedLookup(url, allowed);
  const headers: Record<string, string> = {
    'User-Agent': DEFAULT_USER_AGENT,
    Accept: ACCEPT,
    'Accept-Encoding': 'gzip, deflate',
  };
  if (opts.etag) headers['If-None-Match'] = opts.etag;
  if (opts.lastModified) headers['If-Modified-Since'] = opts.lastModified;
  return new Promise((resolve, reject) => {
    // agent: false — a pooled socket would skip `lookup` and so the address check.
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      { agent: false, lookup, signal, headers },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

async function readLimited(url: URL, res: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = (res.headers['content-encoding'] ?? '').toLowerCase();
  const stream =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? res.pipe(zlib.createGunzip())
      : encoding === 'deflate'
        ? res.pipe(zlib.createInflate())
        : res;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      res.destroy();
      throw new QuothError(`The feed at ${url.href} is larger than ${Math.round(maxBytes / 1024)} KB.`, 'too_large');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The charset from the header, else the XML declaration's encoding, else UTF-8. */
function decodeBody(bytes: Buffer, contentType: string | undefined): string {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  const fromXml = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(fromHeader ?? fromXml ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}

function headerValue(v: string | string[] | undefined): string | null {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.trim() ? s.trim() : null;
}
