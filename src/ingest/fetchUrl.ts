// Fetches one web page for ingest, refusing anything that could turn Quoth into a proxy into the
// host's own network (SSRF): every hop's address is checked at connect time, so neither a redirect
// nor a DNS answer that changes between "check" and "connect" (rebinding) can reach a private address.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { addAbortSignal, pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import ipaddr from 'ipaddr.js';
import { QuothError } from '../shared/errors.ts';

export interface FetchedDocument {
  /** The URL asked for, normalized by the WHATWG URL parser. */
  requestedUrl: string;
  /** The URL the body came from, after redirects. */
  finalUrl: string;
  kind: 'html' | 'text';
  body: string;
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

/**
 * True for any address a fetch must not reach: loopback, RFC 1918, CGNAT, link-local (incl. cloud
 * metadata 169.254.169.254), unspecified, multicast, broadcast, reserved/documentation ranges, IPv6
 * ULA, and IPv4-mapped forms of these. Only ipaddr.js's plain 'unicast' range is allowed: NAT64/6to4/
 * Teredo addresses embed an IPv4 address that could be private, so they are refused too (fail closed).
 * Unparseable input is forbidden.
 */
export function isForbiddenAddress(ip: string): boolean {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (!ipaddr.isValid(bare)) return true;
  // process() turns ::ffff:a.b.c.d into the IPv4 address so the IPv4 ranges apply to it.
  return ipaddr.process(bare).range() !== 'unicast';
}

export async function fetchUrl(url: string, opts: FetchOptions, hooks: FetchTestHooks = {}): Promise<FetchedDocument> {
  const requested = parseFetchableUrl(url);
  const treatAsPublic = new Set((hooks.treatAsPublic ?? []).map(canonicalIp));
  const isAllowed = (ip: string): boolean =>
    opts.allowPrivate || treatAsPublic.has(canonicalIp(ip)) || !isForbiddenAddress(ip);

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    return await fetchFollowingRedirects(requested, opts, isAllowed, controller.signal);
  } catch (err) {
    if (err instanceof QuothError) throw err;
    if (controller.signal.aborted) {
      throw new QuothError(`Timed out after ${formatSeconds(opts.timeoutMs)} fetching ${requested.href}.`, 'fetch_failed');
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
      if (!location) throw new QuothError(`${current.href} answered a redirect (HTTP ${status}) without saying where to.`, 'fetch_failed');
      const next = parseFetchableUrl(location, current);
      if (visited.has(withoutHash(next))) throw new QuothError(`Redirect loop fetching ${requested.href} (back to ${next.href}).`, 'fetch_failed');
      if (redirects >= maxRedirects) throw new QuothError(`Too many redirects (more than ${maxRedirects}) fetching ${requested.href}.`, 'fetch_failed');
      current = next;
      continue;
    }

    if (status >= 400) {
      res.destroy();
      throw new QuothError(`Fetching ${current.href} failed with HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}.`, 'fetch_failed');
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
  // lookup is skipped for IP-literal hosts (including normalized forms like http://2130706433/),
  // so those are checked here, before any connection is attempted.
  const literal = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (net.isIP(literal) && !isAllowed(literal)) throw forbidden(url, literal);

  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const refused = addresses.find((a) => !isAllowed(a.address));
      // Refuse if any answer is forbidden: picking only the allowed ones would still let an attacker
      // who controls DNS mix a private address into a rotation.
      if (refused) return callback(forbidden(url, refused.address) as NodeJS.ErrnoException, '');
      if (addresses.length === 0) return callback(Object.assign(new Error('no addresses'), { code: 'ENOTFOUND' }), '');
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };

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

async function readLimited(url: URL, res: http.IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  addAbortSignal(signal, res);
  const decoder = decompressorFor(url, res);
  const stream: Readable = decoder ? pipeline(res, decoder, () => {}) : res;
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        res.destroy();
        throw tooLarge(url, maxBytes);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof QuothError || signal.aborted) throw err;
    if (decoder && (err as NodeJS.ErrnoException).code?.startsWith('Z_')) {
      throw new QuothError(`Could not decompress the ${res.headers['content-encoding']} body of ${url.href}.`, 'fetch_failed');
    }
    throw err;
  }
  return Buffer.concat(chunks);
}

function decompressorFor(url: URL, res: http.IncomingMessage): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  // Sync flush tolerates a body cut short at the end, as browsers do.
  const lenient = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (encoding) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(lenient);
    case 'deflate':
      return zlib.createInflate(lenient);
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      res.destroy();
      throw new QuothError(`${url.href} uses an unsupported content encoding (${encoding}).`, 'unsupported');
  }
}

function decode(url: URL, bytes: Buffer, label: string): string {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    // An unknown charset label is a server mistake; UTF-8 is what such pages almost always are.
    decoder = new TextDecoder('utf-8', { fatal: true });
  }
  try {
    const text = decoder.decode(bytes);
    return decoder.encoding === 'windows-1252' && NODE_DECODES_CP1252_AS_LATIN1 ? fixCp1252(text) : text;
  } catch {
    throw new QuothError(`The page at ${url.href} is not valid ${decoder.encoding} text.`, 'invalid_input');
  }
}

// Node 20.18.3+ decodes windows-1252 (and its aliases latin1/iso-8859-1, which most "Latin-1" pages
// really are) as ISO-8859-1, turning curly quotes and dashes into C1 control characters
// (nodejs/node#56542, #60888). Until the runtime is fixed, bytes 0x80–0x9F are re-mapped with the
// WHATWG windows-1252 index; the check keeps a fixed Node on its own decoder.
const NODE_DECODES_CP1252_AS_LATIN1 = new TextDecoder('windows-1252').decode(Uint8Array.of(0x80)) !== '\u20AC';
const CP1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function fixCp1252(text: string): string {
  return text.replace(/[\u0080-\u009F]/g, (c) => String.fromCharCode(CP1252_C1[c.charCodeAt(0) - 0x80]!));
}

function parseContentType(header: string | undefined): { mediaType: string | null; charset: string | null } {
  if (!header || !header.trim()) return { mediaType: null, charset: null };
  const [type, ...params] = header.split(';');
  let charset: string | null = null;
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p);
    if (m) charset = m[1]!.toLowerCase();
  }
  return { mediaType: type!.trim().toLowerCase(), charset };
}

/** The <meta charset> / http-equiv charset within the first KiB, as the HTML spec's prescan does. */
function sniffMetaCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 1024).toString('latin1');
  const m = /<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

/** Parses `raw` (relative to `base` for redirects) and refuses anything but credential-free http(s). */
function parseFetchableUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    throw new QuothError(`"${truncate(raw, 80)}" is not a valid URL.`, 'invalid_input');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const what = base ? `${base.href} redirects to a ${url.protocol} URL` : `${url.protocol} URLs are not supported`;
    throw new QuothError(`${what}; only http and https pages can be fetched.`, 'unsupported');
  }
  if (url.username || url.password) {
    throw new QuothError('URLs with a user name or password in them are not fetched.', 'invalid_input');
  }
  return url;
}

function forbidden(url: URL, address: string): QuothError {
  return new QuothError(`Refusing to fetch ${url.href}: ${url.hostname} is a private or local address (${address}).`, 'forbidden_address');
}

function tooLarge(url: URL, maxBytes: number): QuothError {
  return new QuothError(`${url.href} is larger than the ${formatBytes(maxBytes)} limit.`, 'too_large');
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

function canonicalIp(ip: string): string {
  return ipaddr.isValid(ip) ? ipaddr.process(ip).toString() : ip;
}

function withoutHash(url: URL): string {
  return url.href.replace(/#.*$/, '');
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Number((n / (1024 * 1024)).toFixed(1))} MB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KB`;
  return `${n}-byte`;
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
