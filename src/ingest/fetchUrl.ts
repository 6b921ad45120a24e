// Fetches one web page for ingest, refusing anything that could turn Quoth into a proxy into the
// host's own network (SSRF): every hop's address is checked at connect time, so neither a redirect
// nor a DNS answer that changes between "check" and "connect" (rebinding) can reach a private address.
import http from 'node:http';
import https from 'node:https';
import { QuothError } from '../shared/errors.ts';
import { addressPolicy, guardedLookup, parseFetchableUrl } from './addressGuard.ts';
import { type BinaryFormat, binaryFormatOfResponse } from './binaryDocuments.ts';
import { decode, parseContentType, readLimited, sniffMetaCharset, tooLarge } from './pageBody.ts';

export { isForbiddenAddress } from './addressGuard.ts';

export interface FetchedDocument {
  /** The URL asked for, normalized by the WHATWG URL parser. */
  requestedUrl: string;
  /** The URL the body came from, after redirects. */
  finalUrl: string;
  kind: 'html' | 'text' | BinaryFormat;
  /** The decoded page; '' for a PDF or Word document, whose bytes are in `bytes`. */
  body: string;
  /** The raw body of a PDF or Word document (only with `acceptDocuments`). */
  bytes?: Uint8Array;
  /** The media type, lower-case and without parameters (e.g. 'text/html'). */
  contentType: string;
}

export interface FetchOptions {
  /** Connect + redirects + body, all together. */
  timeoutMs: number;
  /** Limit on the (decompressed) body. */
  maxBytes: number;
  /** Lets loopback/private/link-local addresses through (tests, self-hosted setups). */
  allowPrivate: boolean;
  /** Defaults to 5. */
  maxRedirects?: number;
  userAgent?: string;
  /** Return PDF and Word documents as bytes instead of refusing them (ingest reads them; feeds do not). */
  acceptDocuments?: boolean;
  /** Limit on a PDF or Word body, which is mostly layout and images (defaults to maxBytes). */
  maxDocumentBytes?: number;
}

/**
 * Test-only knobs. A test cannot run a server on a public address, so it may name loopback
 * addresses that the address policy should treat as public; everything else stays forbidden.
 */
export interface FetchTestHooks {
  treatAsPublic?: readonly string[];
}

export const DEFAULT_USER_AGENT = 'QuothBot/0.1 (+article quotes)';
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const TEXT_TYPES = new Set(['text/plain', 'text/markdown', 'text/x-markdown']);

/**
 * True when `s` is meant as a URL rather than a file path: it has a `scheme://` prefix, or one of the
 * schemes that never take slashes (javascript:, data:, …). Non-http schemes count too, so that the
 * ingest router hands them to fetchUrl, which refuses them with a clear message instead of
 * "file not found". A Windows drive ("C:\x") is not a scheme (one letter).
 */
export function isHttpUrl(s: string): boolean {
  const t = s.trim();
  return /^[a-z][a-z\d+.-]+:\/\//i.test(t) || /^(javascript|vbscript|data|mailto|about|blob):/i.test(t);
}

export async function fetchUrl(url: string, opts: FetchOptions, hooks: FetchTestHooks = {}): Promise<FetchedDocument> {
  const requested = parseFetchableUrl(url);
  const isAllowed = addressPolicy(opts.allowPrivate, hooks.treatAsPublic);

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    return await fetchFollowingRedirects(requested, opts, isAllowed, controller.signal);
  } catch (err) {
    if (err instanceof QuothError) throw err;
    if (controller.signal.aborted) {
      throw new QuothError(
        `Timed out after ${formatSeconds(opts.timeoutMs)} fetching ${requested.href}.`,
        'fetch_failed',
      );
    }
    throw new QuothError(`Could not fetch ${requested.href}: ${describeNetworkError(err)}.`, 'fetch_failed');
  } finally {
    clearTimeout(timer);
  }
}

async function fetchFollowingRedirects(
  requested: URL,
  opts: FetchOptions,
  isAllowed: (ip: string) => boolean,
  signal: AbortSignal,
): Promise<FetchedDocument> {
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const visited = new Set<string>();
  let current = requested;

  for (let redirects = 0; ; redirects++) {
    visited.add(withoutHash(current));
    const res = await requestOnce(current, opts, isAllowed, signal);
    const status = res.statusCode ?? 0;

    if (REDIRECT_STATUSES.has(status)) {
      res.destroy();
      const location = res.headers.location;
      if (!location)
        throw new QuothError(
          `${current.href} answered a redirect (HTTP ${status}) without saying where to.`,
          'fetch_failed',
        );
      const next = parseFetchableUrl(location, current);
      if (visited.has(withoutHash(next)))
        throw new QuothError(`Redirect loop fetching ${requested.href} (back to ${next.href}).`, 'fetch_failed');
      if (redirects >= maxRedirects)
        throw new QuothError(
          `Too many redirects (more than ${maxRedirects}) fetching ${requested.href}.`,
          'fetch_failed',
        );
      current = next;
      continue;
    }

    if (status >= 400) {
      res.destroy();
      throw new QuothError(
        `Fetching ${current.href} failed with HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}.`,
        'fetch_failed',
      );
    }
    if (status >= 300) {
      res.destroy();
      throw new QuothError(`Fetching ${current.href} got HTTP ${status}, which is not a page.`, 'fetch_failed');
    }
    return await readDocument(requested, current, res, opts, signal);
  }
}

/** One GET, no redirect handling. The socket only ever connects to an address `isAllowed` approved. */
function requestOnce(
  url: URL,
  opts: FetchOptions,
  isAllowed: (ip: string) => boolean,
  signal: AbortSignal,
): Promise<http.IncomingMessage> {
  const lookup = guardedLookup(url, isAllowed);

  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      {
        method: 'GET',
        // A fresh socket per request: a pooled keep-alive socket would skip `lookup`, and the pool
        // is keyed by host:port only, so it could carry a connection across address policies.
        agent: false,
        lookup,
        signal,
        headers: {
          'User-Agent': opts.userAgent ?? DEFAULT_USER_AGENT,
          Accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,*/*;q=0.1',
          'Accept-Encoding': 'gzip, deflate, br',
        },
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

async function readDocument(
  requested: URL,
  current: URL,
  res: http.IncomingMessage,
  opts: FetchOptions,
  signal: AbortSignal,
): Promise<FetchedDocument> {
  const { mediaType, charset } = parseContentType(res.headers['content-type']);
  const document = opts.acceptDocuments ? binaryFormatOfResponse(current, mediaType) : null;
  if (document) return readBinaryDocument(requested, current, res, document, mediaType, opts, signal);
  let kind: 'html' | 'text' | null = null;
  if (mediaType !== null) {
    kind = HTML_TYPES.has(mediaType) ? 'html' : TEXT_TYPES.has(mediaType) ? 'text' : null;
    if (kind === null) {
      res.destroy();
      throw new QuothError(`${current.href} is ${mediaType}, not an HTML or text page.`, 'unsupported');
    }
  }

  const declaredLength = Number(res.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > opts.maxBytes) {
    res.destroy();
    throw tooLarge(current, opts.maxBytes);
  }

  const bytes = await readLimited(current, res, opts.maxBytes, signal);
  const label = charset ?? (kind !== 'text' ? sniffMetaCharset(bytes) : null) ?? 'utf-8';
  const body = decode(current, bytes, label);
  // A server that names no type gets sniffed, so bare-bones servers still work; binary bodies
  // fail the strict decode above.
  if (kind === null) kind = /^\s*(<!doctype html|<html|<head|<body)/i.test(body) ? 'html' : 'text';

  return {
    requestedUrl: requested.href,
    finalUrl: current.href,
    kind,
    body,
    contentType: mediaType ?? (kind === 'html' ? 'text/html' : 'text/plain'),
  };
}

async function readBinaryDocument(
  requested: URL,
  current: URL,
  res: http.IncomingMessage,
  kind: BinaryFormat,
  mediaType: string | null,
  opts: FetchOptions,
  signal: AbortSignal,
): Promise<FetchedDocument> {
  const maxBytes = opts.maxDocumentBytes ?? opts.maxBytes;
  const declaredLength = Number(res.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes) {
    res.destroy();
    throw tooLarge(current, maxBytes);
  }
  const bytes = await readLimited(current, res, maxBytes, signal);
  return {
    requestedUrl: requested.href,
    finalUrl: current.href,
    kind,
    body: '',
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    contentType: mediaType ?? (kind === 'pdf' ? 'application/pdf' : 'application/octet-stream'),
  };
}

function describeNetworkError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ECONNRESET':
      return 'the connection was reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the host is unreachable';
    default: {
      const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      return code && !message.includes(code) ? `${message} (${code})` : message;
    }
  }
}

function withoutHash(url: URL): string {
  return url.href.replace(/#.*$/, '');
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}
