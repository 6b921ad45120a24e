// Downloads an /add attachment. The URL comes from Discord's own interaction payload (the file a
// member uploaded sits on Discord's CDN), not from what the member typed, so it is fetched with plain
// fetch rather than the SSRF-guarded article fetcher, which would refuse the loopback address of a
// test server. What keeps this from becoming a way to fetch arbitrary URLs: only Discord's CDN hosts
// are accepted, plus the host of DISCORD_API_URL when one is configured (a proxy or a
// Discord-compatible test server that also serves the files), redirects are refused, and the body
// is capped at MAX_ARTICLE_BYTES.
import { QuothError } from '../shared/errors.ts';
import { type BinaryFormat, binaryFormatOf, maxBinaryFileBytes } from '../ingest/binaryDocuments.ts';
import { decodeText } from '../ingest/decodeText.ts';
import { formatOfPath } from '../ingest/parseDocument.ts';

export const DISCORD_CDN_HOSTS: readonly string[] = ['cdn.discordapp.com', 'media.discordapp.net'];

export type AttachmentFormat = 'text' | 'markdown' | 'html' | BinaryFormat;

/** What a download gives: decoded text, or the bytes of a PDF or Word file for the core to parse. */
export type AttachmentContent =
  | { text: string; format: 'text' | 'markdown' | 'html' }
  | { bytes: Uint8Array; format: BinaryFormat };

export interface AttachmentInfo {
  url: string;
  name: string;
  size: number;
  contentType: string | null;
}

const FORMAT_BY_TYPE: Record<string, AttachmentFormat> = {
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
};

export function attachmentFormat(att: Pick<AttachmentInfo, 'name' | 'contentType'>): AttachmentFormat {
  // Same extensions as file ingest, less JSON: an attachment is one article.
  const binary = binaryFormatOf(att.name, att.contentType);
  if (binary) return binary;
  const byExtension = formatOfPath(att.name);
  if (byExtension === 'text' || byExtension === 'markdown' || byExtension === 'html') return byExtension;
  const type = (att.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const byType = FORMAT_BY_TYPE[type];
  if (byType) return byType;
  throw new QuothError(
    `"${att.name}" is not a text, Markdown, HTML, PDF or Word file; attach a .txt, .md, .html, .pdf or .docx file.`,
    'unsupported',
  );
}

/** True when `url` is on Discord's CDN, or on the configured REST base's host (same scheme, host and port). */
export function attachmentUrlAllowed(url: string, apiUrl: string | null): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'https:' && DISCORD_CDN_HOSTS.includes(u.hostname)) return true;
  if (!apiUrl) return false;
  const api = new URL(apiUrl);
  return u.protocol === api.protocol && u.host === api.host;
}

export async function downloadAttachment(
  att: AttachmentInfo,
  opts: { maxBytes: number; timeoutMs: number; apiUrl: string | null },
): Promise<AttachmentContent> {
  const format = attachmentFormat(att);
  // A PDF or Word file is mostly layout: the file may be larger; its text is held to maxBytes later.
  const maxBytes = format === 'pdf' || format === 'docx' ? maxBinaryFileBytes(opts.maxBytes) : opts.maxBytes;
  const limitMb = Math.max(1, Math.round(maxBytes / 1048576));
  if (att.size > maxBytes)
    throw new QuothError(`"${att.name}" is over the ${limitMb} MB limit for one article.`, 'too_large');
  if (!attachmentUrlAllowed(att.url, opts.apiUrl)) {
    throw new QuothError(
      `The attachment "${att.name}" is not on Discord's CDN, so it was not downloaded.`,
      'forbidden_address',
    );
  }
  let res: Response;
  try {
    res = await fetch(att.url, { redirect: 'error', signal: AbortSignal.timeout(opts.timeoutMs) });
  } catch (err) {
    const reason = err instanceof Error && err.name === 'TimeoutError' ? 'it took too long' : 'the download failed';
    throw new QuothError(`Could not download "${att.name}": ${reason}.`, 'fetch_failed');
  }
  if (!res.ok || !res.body)
    throw new QuothError(`Could not download "${att.name}" (HTTP ${res.status}).`, 'fetch_failed');

  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) {
      await res.body.cancel().catch(() => undefined);
      throw new QuothError(`"${att.name}" is over the ${limitMb} MB limit for one article.`, 'too_large');
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  if (format === 'pdf' || format === 'docx') return { bytes: body, format };
  // The same strict decoding as a file: invalid UTF-8 is refused, never quoted as U+FFFD.
  return { text: decodeText(body, att.name, opts.maxBytes), format };
}
