import { isBinaryFileSync } from 'isbinaryfile';
import { formatBytes } from '../shared/bytes.ts';
import { QuothError } from '../shared/errors.ts';
import type { ParseOutcome, RawArticle } from './parseDocument.ts';

/**
 * Refuses a source by its size alone (from fstat, Content-Length or a streamed count), before any
 * of it is held in memory: a huge (or sparse) file must not need a buffer of its size.
 */
export function checkByteSize(bytes: number, label: string, maxBytes: number): void {
  if (bytes > maxBytes) {
    throw new QuothError(
      `${label} is ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} limit for one article.`,
      'too_large',
    );
  }
}

/** Text given as a string (pasted, or an attachment already decoded): the same size and emptiness rules. */
export function checkText(text: string, label: string, maxBytes: number): string {
  checkByteSize(Buffer.byteLength(text), label, maxBytes);
  if (!text.trim()) throw new QuothError(`${label} is empty.`);
  return text;
}

/**
 * The encoding of a source from its first bytes (all of them, or the first chunk of a stream),
 * refusing an empty or binary one.
 */
export function sniffText(head: Uint8Array, label: string): ReturnType<typeof encodingOf> {
  if (head.byteLength === 0) throw new QuothError(`${label} is empty.`);
  const found = encodingOf(head);
  // UTF-16 text is full of NUL bytes, so only BOM-less input is sniffed for binary content.
  if (
    found.encoding === 'utf-8' &&
    isBinaryFileSync(Buffer.from(head.buffer, head.byteOffset, head.byteLength), head.byteLength)
  ) {
    throw new QuothError(`${label} is a binary file, not text.`, 'unsupported');
  }
  return found;
}

/** Moves each article whose text is over the per-article limit from `outcome.articles` to its failures. */
export function dropOversized(outcome: ParseOutcome, maxBytes: number): ParseOutcome {
  const tooBig = (a: RawArticle) => Buffer.byteLength(a.text) > maxBytes;
  for (const a of outcome.articles.filter(tooBig)) {
    outcome.failures.push({
      source: a.source,
      error: `${a.source} is over the ${maxBytes} byte limit for one article.`,
    });
  }
  outcome.articles = outcome.articles.filter((a) => !tooBig(a));
  return outcome;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The encoding a byte-order mark announces, and the mark's length; UTF-8 without one. */
function encodingOf(bytes: Uint8Array): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; bom: number } {
  if (UTF8_BOM.every((b, i) => bytes[i] === b)) return { encoding: 'utf-8', bom: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  return { encoding: 'utf-8', bom: 0 };
}

/**
 * Decodes a source's bytes, refusing empty, binary, oversized and invalid input. Decoding is
 * strict: a stray byte is refused rather than turned into U+FFFD, which would then be quoted as if
 * the article said it. A UTF-8 or UTF-16 byte-order mark selects the encoding and is dropped.
 */
export function decodeText(bytes: Uint8Array, label: string, maxBytes: number): string {
  checkByteSize(bytes.byteLength, label, maxBytes);
  const { encoding, bom } = sniffText(bytes, label);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom));
  } catch {
    throw new QuothError(`${label} is not UTF-8 text; convert it to UTF-8 first.`, 'invalid_input');
  }
  if (!text.trim()) throw new QuothError(`${label} is empty.`);
  return text;
}
