import fs from 'node:fs';
import { formatBytes } from '../shared/bytes.ts';
import { QuothError } from '../shared/errors.ts';
import { dropOversized, sniffText } from './decodeText.ts';
import { JsonLinesParser, type ParseOutcome } from './parseDocument.ts';

/** Read size: one part of a stream's articles is what one chunk holds, so ingest keeps little in memory. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * A line holds an article's text plus its other fields, and JSON escapes grow text (`\n` is two
 * bytes, `\u00e9` six where UTF-8 needs two), so the line cap is a multiple of the article limit;
 * the article limit itself is checked on the parsed text, as for every other format.
 */
const LINE_BYTES_PER_ARTICLE_BYTE = 4;

/**
 * Bad lines listed one by one per file. Past this they are only counted: a file that is not JSON
 * Lines at all (a CSV renamed) would otherwise fill memory and the terminal with a failure a line.
 */
export const MAX_LISTED_FAILURES = 1000;

/** The articles and failures of some lines, and how far through the file they are. */
export interface SourcePart extends ParseOutcome {
  bytes?: { done: number; total: number };
}

/**
 * Reads a JSON Lines file from an open descriptor (closed when done) and yields its articles a
 * chunk at a time, so memory does not grow with the file. Lines are split on bytes by hand, not by
 * readline: each line must be decoded strictly (one stray byte fails that line, not the file or
 * into U+FFFD), and a line over the cap must be counted and skipped, not buffered whole.
 */
export async function* streamJsonLines(
  fd: number,
  size: number,
  file: string,
  label: string,
  maxArticleBytes: number,
): AsyncGenerator<SourcePart> {
  const parser = new JsonLinesParser(file);
  const maxLineBytes = maxArticleBytes * LINE_BYTES_PER_ARTICLE_BYTE;
  // ignoreBOM false: a UTF-8 byte-order mark on line 1 is dropped, not parsed as JSON.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pieces: Buffer[] = [];
  let lineBytes = 0;
  let lineNo = 0;
  let done = 0;
  let found = 0;
  let listed = 0;
  let unlisted = 0;

  const take = (piece: Buffer) => {
    lineBytes += piece.length;
    // Over the cap the line is only counted, so its pieces (and their chunks) can be freed.
    if (lineBytes > maxLineBytes) pieces = [];
    else pieces.push(piece);
  };
  const endLine = (out: ParseOutcome) => {
    lineNo++;
    if (lineBytes > maxLineBytes) {
      const why = `is ${formatBytes(lineBytes)}, too long for one article (the limit is ${formatBytes(maxArticleBytes)}).`;
      parser.fail(lineNo, why, out);
    } else {
      let text: string | null = null;
      try {
        text = decoder.decode(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, lineBytes));
      } catch {
        parser.fail(lineNo, 'is not UTF-8 text; convert it to UTF-8 first.', out);
      }
      if (text !== null) parser.parse(text, lineNo, out);
    }
    pieces = [];
    lineBytes = 0;
  };

  const finishPart = (out: ParseOutcome): ParseOutcome => {
    dropOversized(out, maxArticleBytes);
    found += out.articles.length + out.failures.length;
    const room = MAX_LISTED_FAILURES - listed;
    unlisted += Math.max(0, out.failures.length - room);
    out.failures = out.failures.slice(0, room);
    listed += out.failures.length;
    return out;
  };

  for await (const chunk of fs.createReadStream(file, { fd, highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    if (done === 0 && sniffText(chunk, label).encoding !== 'utf-8') {
      throw new QuothError(`${label} is UTF-16 text; JSON Lines must be UTF-8, convert it first.`, 'invalid_input');
    }
    done += chunk.length;
    const out: ParseOutcome = { articles: [], failures: [] };
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      take(chunk.subarray(start, nl));
      endLine(out);
      start = nl + 1;
    }
    if (start < chunk.length) take(chunk.subarray(start));
    yield { ...finishPart(out), bytes: { done, total: size } };
  }
  // The last line need not end with a newline.
  const out: ParseOutcome = { articles: [], failures: [] };
  if (lineBytes > 0) endLine(out);
  const last = finishPart(out);
  if (found === 0) throw new QuothError(`${label} is empty.`);
  if (unlisted > 0) {
    const error = `${label} has ${unlisted} more bad lines, not listed after the first ${MAX_LISTED_FAILURES}.`;
    last.failures.push({ source: label, error });
  }
  yield last;
}
