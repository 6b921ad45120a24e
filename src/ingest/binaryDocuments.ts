// PDF and Word files: the formats read as bytes rather than decoded text. One entry point, so
// readSources (files) and the Discord attachment path can each hook them in with one call.
import path from 'node:path';
import { QuothError } from '../shared/errors.ts';
import { parseDocx } from './docxDocument.ts';
import { formatBytes } from '../shared/bytes.ts';
import type { RawArticle } from './parseDocument.ts';
import { parsePdf } from './pdfDocument.ts';

export type BinaryFormat = 'pdf' | 'docx';

const FORMAT_BY_EXTENSION: Record<string, BinaryFormat> = { '.pdf': 'pdf', '.docx': 'docx' };
const FORMAT_BY_MEDIA_TYPE: Record<string, BinaryFormat> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};
export const BINARY_EXTENSIONS = Object.keys(FORMAT_BY_EXTENSION);

/**
 * A PDF or Word file is mostly layout, fonts and images: the file may be this many times the
 * per-article limit, which then applies to the extracted text.
 */
const FILE_TO_TEXT_RATIO = 8;

/** The largest PDF or Word file read for an article of at most `maxArticleBytes` of text. */
export function maxBinaryFileBytes(maxArticleBytes: number): number {
  return maxArticleBytes * FILE_TO_TEXT_RATIO;
}

/**
 * 'pdf' / 'docx' for a web response. The media type decides; only a server that names none, or
 * says application/octet-stream (as bare file hosts do), is judged by the URL's extension.
 */
export function binaryFormatOfResponse(url: URL, mediaType: string | null): BinaryFormat | null {
  if (mediaType !== null && mediaType !== 'application/octet-stream') return FORMAT_BY_MEDIA_TYPE[mediaType] ?? null;
  return FORMAT_BY_EXTENSION[path.posix.extname(url.pathname).toLowerCase()] ?? null;
}

/** 'pdf' / 'docx' for a file name (or a media type, e.g. a Discord attachment's), else null. */
export function binaryFormatOf(fileName: string, mediaType?: string | null): BinaryFormat | null {
  const byType = mediaType ? FORMAT_BY_MEDIA_TYPE[mediaType.split(';')[0]!.trim().toLowerCase()] : undefined;
  return byType ?? FORMAT_BY_EXTENSION[path.extname(fileName).toLowerCase()] ?? null;
}

export async function parseBinaryDocument(
  bytes: Uint8Array,
  format: BinaryFormat,
  source: string,
  fallbackTitle: string,
  maxArticleBytes: number,
): Promise<RawArticle> {
  const maxFileBytes = maxBinaryFileBytes(maxArticleBytes);
  if (bytes.byteLength > maxFileBytes) {
    const size = formatBytes(bytes.byteLength);
    throw new QuothError(`${source} is ${size}, over the ${formatBytes(maxFileBytes)} limit.`, 'too_large');
  }
  if (bytes.byteLength === 0) throw new QuothError(`${source} is empty.`);
  const parse = format === 'pdf' ? parsePdf : parseDocx;
  const raw = await parse(bytes, source, fallbackTitle);
  if (Buffer.byteLength(raw.text) > maxArticleBytes) {
    throw new QuothError(`${source} is over the ${formatBytes(maxArticleBytes)} limit for one article.`, 'too_large');
  }
  return raw;
}
