import fs from 'node:fs';
import path from 'node:path';
import { QuothError, oneLine } from '../shared/errors.ts';
import type { DocumentInput, TextInput } from '../shared/types.ts';
import { BINARY_EXTENSIONS, binaryFormatOf, maxBinaryFileBytes, parseBinaryDocument } from './binaryDocuments.ts';
import { checkByteSize, checkText, decodeText, dropOversized } from './decodeText.ts';
import { type FetchOptions, fetchUrl, isHttpUrl } from './fetchUrl.ts';
import { type SourcePart, streamJsonLines } from './jsonLines.ts';
import {
  formatOfPath,
  fromHtml,
  fromPlainText,
  type ParseOutcome,
  parseDocument,
  type RawArticle,
  SUPPORTED_EXTENSIONS,
} from './parseDocument.ts';

const READABLE_EXTENSIONS = [...SUPPORTED_EXTENSIONS, ...BINARY_EXTENSIONS];
const isReadable = (file: string): boolean => formatOfPath(file) !== null || binaryFormatOf(file) !== null;

export interface ReadOptions {
  maxArticleBytes: number;
  fetch: Omit<FetchOptions, 'maxBytes'>;
}

/**
 * One unit of ingest work. Every way text enters Quoth (files, URLs, text handed to ingestText,
 * Discord attachments through it) is one of these, read by readSourceItem with the same size
 * check, decoding and parsing.
 */
export type SourceItem =
  | { kind: 'file'; path: string; label: string }
  | { kind: 'url'; url: string }
  | ({ kind: 'text' } & (TextInput | DocumentInput))
  | { kind: 'error'; source: string; error: string };

/** The name a source goes by in progress lines and failures. */
export function sourceLabel(item: SourceItem): string {
  switch (item.kind) {
    case 'file':
      return item.label;
    case 'url':
      return item.url;
    case 'text':
    case 'error':
      return item.source;
  }
}

/**
 * Expands the user's sources into files and URLs. Folders are walked recursively for supported
 * files (hidden entries and node_modules skipped); a file named explicitly must exist and have a
 * supported extension.
 */
export function expandSources(sources: string[]): SourceItem[] {
  const items: SourceItem[] = [];
  for (const raw of sources) {
    const source = raw.trim();
    if (!source) {
      items.push({ kind: 'error', source: raw, error: 'An empty source was given.' });
      continue;
    }
    if (isHttpUrl(source)) {
      items.push({ kind: 'url', url: source });
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(source);
    } catch {
      items.push({ kind: 'error', source, error: `${source}: no such file or folder.` });
      continue;
    }
    if (stat.isDirectory()) {
      const found = walk(source);
      if (found.length === 0)
        items.push({ kind: 'error', source, error: `${source} holds no ${READABLE_EXTENSIONS.join(' ')} files.` });
      for (const f of found) items.push({ kind: 'file', path: path.resolve(f), label: f });
    } else if (!isReadable(source)) {
      items.push({
        kind: 'error',
        source,
        error:
          `${source}: unsupported file type "${path.extname(source) || 'no extension'}" ` +
          `(Quoth reads .txt, .md, .html, .json, .jsonl, .pdf and .docx).`,
      });
    } else {
      items.push({ kind: 'file', path: path.resolve(source), label: source });
    }
  }
  return items;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile() && isReadable(entry.name)) out.push(full);
  }
  return out;
}

/**
 * Reads and parses one item in parts: a JSON Lines file a chunk of lines at a time (its articles
 * are never all in memory), anything else in one part. Never throws: problems come back as
 * failures, those found partway through a file after the parts before them.
 */
export async function* readSourceParts(item: SourceItem, opts: ReadOptions): AsyncGenerator<SourcePart> {
  try {
    switch (item.kind) {
      case 'error':
        yield { articles: [], failures: [{ source: item.source, error: item.error }] };
        return;
      case 'file':
        if (formatOfPath(item.path) === 'jsonl') yield* readJsonLinesFile(item.path, item.label, opts);
        else yield await readFile(item.path, item.label, opts);
        return;
      case 'url':
        yield await readUrl(item.url, opts);
        return;
      case 'text':
        yield 'bytes' in item ? await readDocument(item, opts) : readText(item, opts);
    }
  } catch (err) {
    yield { articles: [], failures: [{ source: sourceLabel(item), error: oneLine(err) }] };
  }
}

/** Reads and parses one item whole. Never throws: problems come back as failures. */
export async function readSourceItem(item: SourceItem, opts: ReadOptions): Promise<ParseOutcome> {
  const outcome: ParseOutcome = { articles: [], failures: [] };
  for await (const part of readSourceParts(item, opts)) {
    outcome.articles.push(...part.articles);
    outcome.failures.push(...part.failures);
  }
  return outcome;
}

function readJsonLinesFile(file: string, label: string, opts: ReadOptions): AsyncGenerator<SourcePart> {
  const { fd, size } = openRegularFile(file, label);
  return streamJsonLines(fd, size, file, label, opts.maxArticleBytes);
}

async function readFile(file: string, label: string, opts: ReadOptions): Promise<ParseOutcome> {
  const binary = binaryFormatOf(file);
  if (binary) {
    const bytes = readRegularFile(file, label, maxBinaryFileBytes(opts.maxArticleBytes));
    const fallbackTitle = path.basename(file, path.extname(file));
    return {
      articles: [await parseBinaryDocument(bytes, binary, file, fallbackTitle, opts.maxArticleBytes)],
      failures: [],
    };
  }
  const format = formatOfPath(file)!;
  // A JSON file holds many articles, so only each article (not the file) is held to the per-article limit.
  const perFileLimit = format === 'json' ? opts.maxArticleBytes * 200 : opts.maxArticleBytes;
  const text = decodeText(readRegularFile(file, label, perFileLimit), label, perFileLimit);
  const outcome = parseDocument(text, format, file, path.basename(file, path.extname(file)));
  return dropOversized(outcome, opts.maxArticleBytes);
}

/**
 * Opens a file for reading only if it is a regular file. O_NONBLOCK: opening a FIFO named p.txt
 * must not wait for a writer. /dev/zero behind a symlink has size 0 and would be read forever.
 */
function openRegularFile(file: string, label: string): { fd: number; size: number } {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    // fstat on the open descriptor: the file checked is the file then read.
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new QuothError(`${label} is not a regular file.`, 'unsupported');
    return { fd, size: stat.size };
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}

/** Reads a regular file, checking its size before reading so a huge file is refused without loading it. */
function readRegularFile(file: string, label: string, limit: number): Buffer {
  const { fd, size } = openRegularFile(file, label);
  try {
    checkByteSize(size, label, limit);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

async function readUrl(url: string, opts: ReadOptions): Promise<ParseOutcome> {
  const doc = await fetchUrl(url, {
    ...opts.fetch,
    maxBytes: opts.maxArticleBytes,
    acceptDocuments: true,
    maxDocumentBytes: maxBinaryFileBytes(opts.maxArticleBytes),
  });
  if (doc.kind === 'html') return { articles: [fromHtml(doc.body, doc.finalUrl, doc.finalUrl)], failures: [] };
  const name = fileNameOf(doc.finalUrl);
  if (doc.kind === 'pdf' || doc.kind === 'docx') {
    const fallbackTitle = name.replace(/\.(pdf|docx)$/i, '');
    const article = await parseBinaryDocument(doc.bytes!, doc.kind, doc.finalUrl, fallbackTitle, opts.maxArticleBytes);
    return { articles: [{ ...article, url: doc.finalUrl }], failures: [] };
  }
  if (!doc.body.trim()) throw new QuothError(`${url} returned an empty page.`);
  return { articles: [fromPlainText(doc.body, doc.finalUrl, name, { url: doc.finalUrl })], failures: [] };
}

/** The last path segment of a URL (its host when there is none), decoded when it can be. */
function fileNameOf(url: string): string {
  const u = new URL(url);
  const last = u.pathname.split('/').pop() || u.hostname;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** A PDF or Word file given as bytes: parsed like a file of that name. */
async function readDocument(item: DocumentInput, opts: ReadOptions): Promise<ParseOutcome> {
  const format = binaryFormatOf(item.name, item.contentType);
  if (!format) throw new QuothError(`"${item.name}" is not a PDF or Word (.docx) file.`, 'unsupported');
  const fallbackTitle = item.title?.trim() || path.basename(item.name, path.extname(item.name));
  const article = await parseBinaryDocument(item.bytes, format, item.source, fallbackTitle, opts.maxArticleBytes);
  return { articles: [{ ...article, source: item.source }], failures: [] };
}

/** Text given directly: checked like a file's decoded text, parsed by its declared format. */
function readText(item: { kind: 'text' } & TextInput, opts: ReadOptions): ParseOutcome {
  const { source } = item;
  const text = checkText(item.text, source, opts.maxArticleBytes);
  const url = item.url ?? null;
  const fallbackTitle = item.title?.trim() || source;
  let articles: RawArticle[];
  switch (item.format ?? 'text') {
    case 'html':
      articles = [{ ...fromHtml(text, source, url), source }];
      break;
    case 'markdown':
      articles = parseDocument(text, 'markdown', source, fallbackTitle).articles;
      break;
    case 'text':
      articles = [fromPlainText(text, source, fallbackTitle, { title: item.title, url })];
  }
  for (const a of articles) if (url && !a.url) a.url = url;
  return { articles, failures: [] };
}
