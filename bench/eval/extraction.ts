// Extraction quality on two corpora: token precision, recall and F1 of the extracted text against
// the text a careful reader keeps, for Quoth's extractHtml and for plain Readability used the way
// its README shows (parse the page, take `textContent`), on the same pages.
// - tests/fixtures/extraction: 50 pages written together with the extractor.
// - tests/fixtures/extraction-independent: 52 pages written by someone who never saw the extractor;
//   pages at even manifest positions are the development half (the only ones whose diffs may guide
//   tuning), odd positions the held-out half, so the held-out score measures the general case.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Readability } from '@mozilla/readability';
import { extractHtml } from '../../src/ingest/extractHtml.ts';

export const CORPUS_DIR = fileURLToPath(new URL('../../tests/fixtures/extraction/', import.meta.url));
export const INDEPENDENT_DIR = fileURLToPath(new URL('../../tests/fixtures/extraction-independent/', import.meta.url));

export interface PageScore {
  name: string;
  precision: number;
  recall: number;
  f1: number;
  /** Nothing extracted. */
  empty: boolean;
  /** False where expected.txt is empty: the page is not an article and extracting nothing is right. */
  article: boolean;
}
export interface SystemScore {
  precision: number;
  recall: number;
  f1: number;
  /** Article pages (non-empty expected text) where nothing was extracted. */
  emptyPages: number;
  pages: PageScore[];
}
export interface CorpusScore {
  pages: number;
  quoth: SystemScore;
  readability: SystemScore;
}
export interface ExtractionResult extends CorpusScore {
  /** Absent in results written before the independent corpus existed. */
  independent?: { all: CorpusScore; dev: CorpusScore; heldOut: CorpusScore };
}

/** Lower-cased word tokens; punctuation and spacing do not count. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Bag-of-tokens overlap: each expected token can be matched once. An empty expected text means
 * "not an article": extracting nothing scores 1, extracting anything scores 0 (precision 0).
 */
export function scoreText(name: string, got: string, expected: string): PageScore {
  const want = new Map<string, number>();
  const exp = tokens(expected);
  for (const t of exp) want.set(t, (want.get(t) ?? 0) + 1);
  const have = tokens(got);
  if (exp.length === 0) {
    const right = have.length === 0 ? 1 : 0;
    return { name, precision: right, recall: 1, f1: right, empty: have.length === 0, article: false };
  }
  let hit = 0;
  for (const t of have) {
    const n = want.get(t) ?? 0;
    if (n > 0) {
      hit++;
      want.set(t, n - 1);
    }
  }
  const precision = have.length ? hit / have.length : 0;
  const recall = hit / exp.length;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { name, precision, recall, f1, empty: have.length === 0, article: true };
}

export interface CorpusPage {
  name: string;
  html: string;
  expected: string;
  /** The page's position in the manifest; even positions are the development half. */
  index: number;
}

export function corpusPages(dir: string = CORPUS_DIR): CorpusPage[] {
  const manifestText = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as { pages: { name: string }[] };
  return manifest.pages.map(({ name }, index) => ({
    name,
    html: fs.readFileSync(path.join(dir, name, 'page.html'), 'utf8'),
    expected: fs.readFileSync(path.join(dir, name, 'expected.txt'), 'utf8'),
    index,
  }));
}

/** The extracted text; '' when the extractor refuses the page (its "no readable article" error). */
export function quothText(html: string, name: string): string {
  try {
    return extractHtml(html, `https://corpus.example/${name}`).text;
  } catch {
    return '';
  }
}

/** Readability's textContent; '' when it finds no article (parse() returns null). */
export function readabilityText(html: string): string {
  const { parseHTML } = createRequire(import.meta.url)('linkedom') as typeof import('linkedom');
  try {
    const { document } = parseHTML(html);
    return new Readability(document as never).parse()?.textContent ?? '';
  } catch {
    return '';
  }
}

export function summarize(pages: PageScore[]): SystemScore {
  const mean = (k: 'precision' | 'recall' | 'f1'): number => pages.reduce((s, p) => s + p[k], 0) / pages.length;
  const emptyPages = pages.filter((p) => p.empty && p.article).length;
  return { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), emptyPages, pages };
}

export function scoreCorpus(pages: CorpusPage[]): CorpusScore {
  const quoth = summarize(pages.map((p) => scoreText(p.name, quothText(p.html, p.name), p.expected)));
  const readability = summarize(pages.map((p) => scoreText(p.name, readabilityText(p.html), p.expected)));
  return { pages: pages.length, quoth, readability };
}

/** A corpus score restricted to the named pages (a half of the independent corpus). */
function subset(score: CorpusScore, names: Set<string>): CorpusScore {
  const pick = (s: SystemScore): SystemScore => summarize(s.pages.filter((p) => names.has(p.name)));
  return { pages: names.size, quoth: pick(score.quoth), readability: pick(score.readability) };
}

export function scoreIndependent(pages: CorpusPage[] = corpusPages(INDEPENDENT_DIR)): ExtractionResult['independent'] {
  const all = scoreCorpus(pages);
  const dev = new Set(pages.filter((p) => p.index % 2 === 0).map((p) => p.name));
  const heldOut = new Set(pages.filter((p) => p.index % 2 === 1).map((p) => p.name));
  return { all, dev: subset(all, dev), heldOut: subset(all, heldOut) };
}

export async function runExtraction({ log }: { log: (line: string) => void }): Promise<ExtractionResult> {
  const f1 = (s: CorpusScore): string =>
    `F1 Quoth ${s.quoth.f1.toFixed(3)}, plain Readability ${s.readability.f1.toFixed(3)}`;
  const own = scoreCorpus(corpusPages());
  log(`extraction: ${own.pages} pages, ${f1(own)}`);
  const independent = scoreIndependent();
  if (independent) {
    log(`extraction (independent): ${independent.all.pages} pages, ${f1(independent.all)}`);
    log(`  development half: ${f1(independent.dev)}; held-out half: ${f1(independent.heldOut)}`);
  }
  return { ...own, independent };
}
