// Extraction quality on the corpus in tests/fixtures/extraction: token precision, recall and F1 of
// the extracted text against the text a careful reader keeps, for Quoth's extractHtml and for plain
// Readability used the way its README shows (parse the page, take `textContent`), on the same pages.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Readability } from '@mozilla/readability';
import { extractHtml } from '../../src/ingest/extractHtml.ts';

export const CORPUS_DIR = fileURLToPath(new URL('../../tests/fixtures/extraction/', import.meta.url));

export interface PageScore {
  name: string;
  precision: number;
  recall: number;
  f1: number;
  empty: boolean;
}
export interface SystemScore {
  precision: number;
  recall: number;
  f1: number;
  emptyPages: number;
  pages: PageScore[];
}
export interface ExtractionResult {
  pages: number;
  quoth: SystemScore;
  readability: SystemScore;
}

/** Lower-cased word tokens; punctuation and spacing do not count. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Bag-of-tokens overlap: each expected token can be matched once. */
export function scoreText(name: string, got: string, expected: string): PageScore {
  const want = new Map<string, number>();
  const exp = tokens(expected);
  for (const t of exp) want.set(t, (want.get(t) ?? 0) + 1);
  const have = tokens(got);
  let hit = 0;
  for (const t of have) {
    const n = want.get(t) ?? 0;
    if (n > 0) {
      hit++;
      want.set(t, n - 1);
    }
  }
  const precision = have.length ? hit / have.length : 0;
  const recall = exp.length ? hit / exp.length : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { name, precision, recall, f1, empty: have.length === 0 };
}

export function corpusPages(): { name: string; html: string; expected: string }[] {
  const manifestText = fs.readFileSync(path.join(CORPUS_DIR, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as { pages: { name: string }[] };
  return manifest.pages.map(({ name }) => ({
    name,
    html: fs.readFileSync(path.join(CORPUS_DIR, name, 'page.html'), 'utf8'),
    expected: fs.readFileSync(path.join(CORPUS_DIR, name, 'expected.txt'), 'utf8'),
  }));
}

export function quothText(html: string, name: string): string {
  try {
    return extractHtml(html, `https://corpus.example/${name}`).text;
  } catch {
    return '';
  }
}

export function readabilityText(html: string): string {
  const { parseHTML } = createRequire(import.meta.url)('linkedom') as typeof import('linkedom');
  try {
    const { document } = parseHTML(html);
    return new Readability(document as never).parse()?.textContent ?? '';
  } catch {
    return '';
  }
}

function summarize(pages: PageScore[]): SystemScore {
  const mean = (k: 'precision' | 'recall' | 'f1'): number => pages.reduce((s, p) => s + p[k], 0) / pages.length;
  const emptyPages = pages.filter((p) => p.empty).length;
  return { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), emptyPages, pages };
}

export async function runExtraction({ log }: { log: (line: string) => void }): Promise<ExtractionResult> {
  const pages = corpusPages();
  const quoth = summarize(pages.map((p) => scoreText(p.name, quothText(p.html, p.name), p.expected)));
  const readability = summarize(pages.map((p) => scoreText(p.name, readabilityText(p.html), p.expected)));
  const f1 = `F1 Quoth ${quoth.f1.toFixed(3)}, plain Readability ${readability.f1.toFixed(3)}`;
  log(`extraction: ${pages.length} pages, ${f1}`);
  return { pages: pages.length, quoth, readability };
}
