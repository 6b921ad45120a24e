// Reading a fetched page's body: decompressed, capped at the size limit while streaming, and
// decoded strictly in the charset the server (or the page's <meta>) declares.
import type http from 'node:http';
import { addAbortSignal, pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { QuothError } from '../shared/errors.ts';

export async function readLimited(
  url: URL,
  res: http.IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Buffer> {
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
      throw new QuothError(
        `Could not decompress the ${res.headers['content-encoding']} body of ${url.href}.`,
        'fetch_failed',
      );
    }
    throw err;
  }
  return Buffer.concat(chunks);
}

function decompressorFor(
  url: URL,
  res: http.IncomingMessage,
): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
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

export function decode(url: URL, bytes: Buffer, label: string): string {
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

export function parseContentType(header: string | undefined): { mediaType: string | null; charset: string | null } {
  if (!header?.trim()) return { mediaType: null, charset: null };
  const [type, ...params] = header.split(';');
  let charset: string | null = null;
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p);
    if (m) charset = m[1]!.toLowerCase();
  }
  return { mediaType: type!.trim().toLowerCase(), charset };
}

/** The <meta charset> / http-equiv charset within the first KiB, as the HTML spec's prescan does. */
export function sniffMetaCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 1024).toString('latin1');
  const m = /<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

export function tooLarge(url: URL, maxBytes: number): QuothError {
  return new QuothError(`${url.href} is larger than the ${formatBytes(maxBytes)} limit.`, 'too_large');
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Number((n / (1024 * 1024)).toFixed(1))} MB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KB`;
  return `${n}-byte`;
}
