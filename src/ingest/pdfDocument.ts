// PDF files into the raw-article shape the other parsers produce. unpdf (pdf.js) gives positioned
// text items; lines are rebuilt from them, a vertical gap wider than a line marks a paragraph, and
// each page ends a paragraph, so sentences and quotes never run across page furniture-free breaks.
import { extractTextItems, getDocumentProxy, getMeta } from 'unpdf';
import { QuothError, oneLine } from '../shared/errors.ts';
import { fromPlainText, type RawArticle } from './parseDocument.ts';

/** A gap between two lines larger than this many font sizes starts a new paragraph. */
const PARAGRAPH_GAP = 1.6;

interface TextItem {
  str: string;
  y: number;
  fontSize: number;
  hasEOL: boolean;
}

/**
 * Parses a PDF's text layer. Title: the document's Title metadata, else the first line when it
 * stands alone as a heading, else `fallbackTitle`. A PDF without any text (a scan) is refused with
 * one line, as is anything pdf.js cannot open.
 */
export async function parsePdf(bytes: Uint8Array, source: string, fallbackTitle: string): Promise<RawArticle> {
  let pages: TextItem[][];
  let info: Record<string, unknown> = {};
  try {
    // pdf.js may detach the buffer it is given: hand it a copy, so the caller's bytes stay usable.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      pages = (await extractTextItems(pdf)).items;
      info = (await getMeta(pdf)).info ?? {};
    } finally {
      await pdf.destroy();
    }
  } catch (err) {
    throw new QuothError(`${source} is not a readable PDF (${oneLine(err)}).`, 'invalid_input');
  }
  let text = pages.map(pageText).filter(Boolean).join('\n\n');
  if (!text.trim()) {
    throw new QuothError(`${source} has no text layer (a scanned PDF?); run it through OCR first.`, 'unsupported');
  }
  const title = typeof info.Title === 'string' && info.Title.trim() ? info.Title.trim() : undefined;
  // The title printed as the first paragraph is the title, not a sentence of the article.
  if (title && text.startsWith(`${title}\n\n`)) text = text.slice(title.length + 2);
  const author = typeof info.Author === 'string' && info.Author.trim() ? info.Author.trim() : null;
  return fromPlainText(text, source, fallbackTitle, { title, byline: author, publishedAt: pdfDate(info.CreationDate) });
}

/** One page's text: lines joined by "\n", paragraphs by "\n\n". */
function pageText(items: TextItem[]): string {
  const lines: { text: string; y: number; size: number }[] = [];
  let current: { text: string; y: number; size: number } | null = null;
  for (const item of items) {
    if (current === null) current = { text: '', y: item.y, size: item.fontSize || 12 };
    current.text += item.str;
    if (item.hasEOL) {
      lines.push(current);
      current = null;
    }
  }
  if (current) lines.push(current);
  let out = '';
  for (const [i, line] of lines.entries()) {
    const prev = lines[i - 1];
    if (prev) out += prev.y - line.y > PARAGRAPH_GAP * Math.max(prev.size, line.size) ? '\n\n' : '\n';
    out += line.text;
  }
  return out.trim();
}

/** PDF dates look like "D:20261130104500+01'00'"; unpdf may already have turned them into Dates. */
function pdfDate(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (typeof v !== 'string') return null;
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz]|[+-]\d{2}'?\d{2}'?)?/.exec(v.trim());
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', tz] = m;
  const zone = !tz || /z/i.test(tz) ? 'Z' : `${tz.slice(0, 3)}:${tz.replace(/'/g, '').slice(3, 5) || '00'}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
