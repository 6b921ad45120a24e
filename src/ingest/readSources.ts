import fs from 'node:fs';
import path from 'node:path';
import { QuothError, oneLine } from '../shared/errors.ts';
import { fetchUrl, isHttpUrl, type FetchOptions } from './fetchUrl.ts';
import { decodeText, formatOfPath, fromHtml, fromPlainText, parseDocument, SUPPORTED_EXTENSIONS, type ParseOutcome } from './parseDocument.ts';

export interface ReadOptions {
  maxArticleBytes: number;
  fetch: Omit<FetchOptions, 'maxBytes'>;
}

/** One unit of ingest work: a file or a URL. */
export type SourceItem = { kind: 'file'; path: string; label: string } | { kind: 'url'; url: string } | { kind: 'error'; source: string; error: string };

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
      if (found.length === 0) items.push({ kind: 'error', source, error: `${source} holds no ${SUPPORTED_EXTENSIONS.join(' ')} files.` });
      for (const f of found) items.push({ kind: 'file', path: path.resolve(f), label: f });
    } else if (!formatOfPath(source)) {
      items.push({
        kind: 'error',
        source,
        error: `${source}: unsupported file type "${path.extname(source) || 'no extension'}" (Quoth reads .txt, .md, .html, .json and .jsonl).`,
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
    else if (entry.isFile() && formatOfPath(entry.name)) out.push(full);
  }
  return out;
}

/** Reads and parses one item. Never throws: problems come back as failures. */
export async function readSourceItem(item: SourceItem, opts: ReadOptions): Promise<ParseOutcome> {
  try {
    switch (item.kind) {
      case 'error':
        return { articles: [], failures: [{ source: item.source, error: item.error }] };
      case 'file':
        return readFile(item.path, item.label, opts);
      case 'url':
        return await readUrl(item.url, opts);
    }
  } catch (err) {
    const source = item.kind === 'url' ? item.url : item.kind === 'file' ? item.label : item.source;
    return { articles: [], failures: [{ source, error: oneLine(err) }] };
  }
}

function readFile(file: string, label: string, opts: ReadOptions): ParseOutcome {
  const format = formatOfPath(file)!;
  // Check the size before reading, so a huge file is refused without loading it. JSON Lines files
  // hold many articles, so only each article (not the file) is held to the per-article limit.
  const size = fs.statSync(file).size;
  const perFileLimit = format === 'jsonl' || format === 'json' ? opts.maxArticleBytes * 200 : opts.maxArticleBytes;
  if (size > perFileLimit) decodeText(new Uint8Array(size), label, perFileLimit);
  const text = decodeText(fs.readFileSync(file), label, perFileLimit);
  const outcome = parseDocument(text, format, file, path.basename(file, path.extname(file)));
  const tooBig = (t: string) => Buffer.byteLength(t) > opts.maxArticleBytes;
  for (const a of outcome.articles.filter((a) => tooBig(a.text))) {
    outcome.failures.push({ source: a.source, error: `${a.source} is over the ${opts.maxArticleBytes} byte limit for one article.` });
  }
  outcome.articles = outcome.articles.filter((a) => !tooBig(a.text));
  return outcome;
}

async function readUrl(url: string, opts: ReadOptions): Promise<ParseOutcome> {
  const doc = await fetchUrl(url, { ...opts.fetch, maxBytes: opts.maxArticleBytes });
  if (doc.kind === 'html') return { articles: [fromHtml(doc.body, doc.finalUrl, doc.finalUrl)], failures: [] };
  if (!doc.body.trim()) throw new QuothError(`${url} returned an empty page.`);
  const name = decodeURIComponent(new URL(doc.finalUrl).pathname.split('/').pop() || new URL(doc.finalUrl).hostname);
  return { articles: [fromPlainText(doc.body, doc.finalUrl, name, { url: doc.finalUrl })], failures: [] };
}
