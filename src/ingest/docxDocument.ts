// Word (.docx) files into the raw-article shape the other parsers produce. mammoth gives the text,
// one paragraph per Word paragraph; the title is the document's own Title property
// (docProps/core.xml) or else its first heading, which then is not repeated as body text.
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { QuothError, oneLine } from '../shared/errors.ts';
import { fromPlainText, type RawArticle } from './parseDocument.ts';

interface CoreProperties {
  title: string | null;
  creator: string | null;
  created: string | null;
}

export async function parseDocx(bytes: Uint8Array, source: string, fallbackTitle: string): Promise<RawArticle> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let html: string;
  let props: CoreProperties;
  try {
    props = coreProperties(bytes);
    // The HTML rendering, not mammoth's raw text: raw text drops soft line breaks (<w:br/>).
    html = (await mammoth.convertToHtml({ buffer })).value;
  } catch (err) {
    throw new QuothError(`${source} is not a readable Word document (${oneLine(err)}).`, 'invalid_input');
  }
  let text = htmlToText(html);
  if (!text.trim()) throw new QuothError(`${source} has no text.`);
  const heading = firstHeading(html);
  const title = props.title ?? heading ?? undefined;
  const lead = text.trimStart();
  // The heading used as the title (or equal to it) is not a sentence of the article.
  if (title && lead.startsWith(`${title}\n`)) text = lead.slice(title.length);
  return fromPlainText(text, source, fallbackTitle, { title, byline: props.creator, publishedAt: props.created });
}

/** Word paragraphs (and headings, list items, table cells) end in "\n\n"; a soft line break is "\n". */
function htmlToText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|h[1-6]|li|td|th|tr|table|ul|ol|blockquote)>/gi, '\n\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text).replace(/\n{3,}/g, '\n\n');
}

/** The text of the first <h1>–<h3> mammoth made from a Word heading style, or null. */
function firstHeading(html: string): string | null {
  const m = /<h[1-3][^>]*>([\s\S]*?)<\/h[1-3]>/i.exec(html);
  if (!m) return null;
  const text = decodeEntities(m[1]!.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
  return text || null;
}

/** dc:title, dc:creator and dcterms:created of docProps/core.xml, when the file has them. */
function coreProperties(bytes: Uint8Array): CoreProperties {
  const files = unzipSync(bytes, { filter: (f) => f.name === 'docProps/core.xml' || f.name === 'word/document.xml' });
  if (!files['word/document.xml']) throw new Error('no word/document.xml inside');
  const xml = files['docProps/core.xml'] ? strFromU8(files['docProps/core.xml']) : '';
  const tag = (name: string): string | null => {
    const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
    const value = m ? decodeEntities(m[1]!).trim() : '';
    return value || null;
  };
  const created = tag('dcterms:created');
  const date = created ? new Date(created) : null;
  return {
    title: tag('dc:title'),
    creator: tag('dc:creator'),
    created: date && !Number.isNaN(date.getTime()) ? date.toISOString() : null,
  };
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[\da-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()] ?? whole;
  });
}
