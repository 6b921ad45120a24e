// The PDF and DOCX parsers on real files written by the tests (a hand-built PDF, a zipped
// WordprocessingML package), and the offsets contract: the parsed text is exactly what the
// library stores, so every quote and summary sentence is a slice of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuothLibrary } from '../../src/core/library.ts';
import { binaryFormatOf, parseBinaryDocument } from '../../src/ingest/binaryDocuments.ts';
import { parseDocx } from '../../src/ingest/docxDocument.ts';
import type { RawArticle } from '../../src/ingest/parseDocument.ts';
import { parsePdf } from '../../src/ingest/pdfDocument.ts';
import { expectVerbatim, openTestLibrary, removeTempDirs } from '../helpers/library.ts';
import { makeDocx } from './makeDocx.ts';
import { makePdf } from './makePdf.ts';

const REPORT_PAGES = [
  [
    'Harbour Report 2026',
    '',
    'The harbour authority published its annual report on Monday, and the figures',
    'show record traffic at the café pier, with 1,204 ferry crossings in August alone.',
    '',
    'Cargo volumes fell by 4% - the first fall in a decade - as two shipping lines left.',
  ],
  ['The authority expects the new night ferry (Route 7) to carry 80,000 passengers next year.'],
];

describe('parsePdf', () => {
  it('keeps paragraph and page breaks, joins wrapped lines, and takes the title from the metadata', async () => {
    const pdf = makePdf({ title: 'Harbour Report 2026', author: 'Ana Lima', pages: REPORT_PAGES });
    const raw = await parsePdf(pdf, '/docs/harbour.pdf', 'harbour');
    expect(raw).toEqual({
      source: '/docs/harbour.pdf',
      title: 'Harbour Report 2026',
      text:
        'The harbour authority published its annual report on Monday, and the figures show record traffic at the ' +
        'café pier, with 1,204 ferry crossings in August alone.\n\n' +
        'Cargo volumes fell by 4% - the first fall in a decade - as two shipping lines left.\n\n' +
        'The authority expects the new night ferry (Route 7) to carry 80,000 passengers next year.',
      url: null,
      byline: 'Ana Lima',
      publishedAt: '2026-11-30T09:45:00.000Z',
    });
  });

  it('without a Title property, a first line standing alone is the title; else the fallback', async () => {
    expect((await parsePdf(makePdf({ pages: REPORT_PAGES }), '/d/a.pdf', 'a')).title).toBe('Harbour Report 2026');
    const untitled = makePdf({ pages: [['The committee met twice, and it agreed on nothing at all.']] });
    expect(await parsePdf(untitled, '/d/minutes.pdf', 'minutes')).toMatchObject({
      title: 'minutes',
      text: 'The committee met twice, and it agreed on nothing at all.',
    });
  });

  it('refuses a PDF without text (a scan) and a file that is not a PDF, with one line each', async () => {
    await expect(parsePdf(makePdf({ pages: [[], []] }), 'scan.pdf', 'scan')).rejects.toThrow(
      'scan.pdf has no text layer (a scanned PDF?); run it through OCR first.',
    );
    const err = await parsePdf(new Uint8Array(Buffer.from('<html>not a pdf</html>')), 'fake.pdf', 'fake').catch(
      (e) => e,
    );
    expect(err.message).toMatch(/^fake\.pdf is not a readable PDF \(.+\)\.$/);
    expect(err.message).not.toContain('\n');
  });

  it('leaves the caller’s bytes usable (pdf.js gets a copy)', async () => {
    const pdf = makePdf({ pages: REPORT_PAGES });
    await parsePdf(pdf, 'a.pdf', 'a');
    expect((await parsePdf(pdf, 'a.pdf', 'a')).title).toBe('Harbour Report 2026');
  });
});

describe('parseDocx', () => {
  const docx = makeDocx({
    creator: 'M. T. Osei',
    paragraphs: [
      { text: 'Budget & Plans for 2027', heading: 1 },
      { text: 'The council met on Monday — and agreed, after a long debate, to fund the new library.' },
      { text: 'Opening hours', heading: 2 },
      { text: 'Mon–Fri: 9–17\nSat: 10–14', breaks: true },
      { text: 'Zürich’s “naïve” plan, said one critic, costs €4.2m.' },
    ],
  });

  it('takes the first heading as the title and keeps paragraphs, headings and soft line breaks', async () => {
    expect(await parseDocx(docx, '/docs/budget.docx', 'budget')).toEqual({
      source: '/docs/budget.docx',
      title: 'Budget & Plans for 2027',
      text:
        'The council met on Monday — and agreed, after a long debate, to fund the new library.\n\n' +
        'Opening hours\n\nMon–Fri: 9–17\nSat: 10–14\n\n' +
        'Zürich’s “naïve” plan, said one critic, costs €4.2m.',
      url: null,
      byline: 'M. T. Osei',
      publishedAt: '2026-11-30T10:00:00.000Z',
    });
  });

  it('prefers the document’s Title property, and falls back to the file name', async () => {
    const titled = makeDocx({
      title: 'Library Budget',
      paragraphs: [{ text: 'The library gets a new roof next spring.' }],
    });
    expect(await parseDocx(titled, 'x.docx', 'x')).toMatchObject({
      title: 'Library Budget',
      text: 'The library gets a new roof next spring.',
    });
    const plain = makeDocx({ paragraphs: [{ text: 'The library gets a new roof next spring, the council said.' }] });
    expect((await parseDocx(plain, 'notes.docx', 'notes')).title).toBe('notes');
  });

  it('refuses an empty document and a file that is not a .docx', async () => {
    await expect(parseDocx(makeDocx({ paragraphs: [] }), 'empty.docx', 'empty')).rejects.toThrow(
      'empty.docx has no text.',
    );
    await expect(parseDocx(new Uint8Array(Buffer.from('PK nonsense')), 'bad.docx', 'bad')).rejects.toThrow(
      /^bad\.docx is not a readable Word document \(.+\)\.$/,
    );
  });
});

describe('parsed PDF and DOCX text is exactly what the library stores', () => {
  let lib: QuothLibrary;
  beforeAll(async () => {
    ({ lib } = await openTestLibrary());
  });
  afterAll(async () => {
    await lib?.close();
    await removeTempDirs();
  });

  async function store(raw: RawArticle): Promise<string> {
    const report = await lib.ingestText({ text: raw.text, title: raw.title, source: raw.source, format: 'text' });
    expect(report).toMatchObject({ added: 1, failed: [] });
    const article = lib.get(report.articleIds[0]!);
    expect(article.title).toBe(raw.title);
    expect(article.text).toBe(raw.text);
    return article.articleId;
  }

  it('PDF: quotes and summary sentences are slices of the parsed text', async () => {
    const raw = await parsePdf(
      makePdf({ title: 'Harbour Report 2026', pages: REPORT_PAGES }),
      '/docs/harbour.pdf',
      'h',
    );
    const id = await store(raw);
    const answer = await lib.ask('How many ferry crossings were there in August?');
    expect(answer.quotes[0]!.text).toContain('1,204 ferry crossings');
    for (const q of answer.quotes) expectVerbatim(lib, q.articleId, q);
    for (const s of (await lib.summarize(id, { sentences: 2 })).sentences) expectVerbatim(lib, id, s);
  });

  it('DOCX: quotes and summary sentences are slices of the parsed text', async () => {
    const raw = await parseDocx(
      makeDocx({
        paragraphs: [
          { text: 'Library Budget', heading: 1 },
          { text: 'The council agreed on Monday to spend €4.2m on the library’s new roof, after a long debate.' },
          { text: 'Work starts in March and the reading room stays open throughout, the librarian said.' },
        ],
      }),
      '/docs/library.docx',
      'library',
    );
    const id = await store(raw);
    const answer = await lib.ask('When does the work on the roof start?');
    expect(answer.quotes.some((q) => q.text.includes('Work starts in March'))).toBe(true);
    for (const q of answer.quotes) expectVerbatim(lib, q.articleId, q);
    for (const s of (await lib.summarize(id, { sentences: 2 })).sentences) expectVerbatim(lib, id, s);
  });
});

describe('binaryFormatOf and parseBinaryDocument', () => {
  it('knows PDF and DOCX by extension or media type', () => {
    expect(binaryFormatOf('/x/Report.PDF')).toBe('pdf');
    expect(binaryFormatOf('notes.docx')).toBe('docx');
    expect(binaryFormatOf('upload', 'application/pdf')).toBe('pdf');
    expect(binaryFormatOf('notes.txt')).toBeNull();
    expect(binaryFormatOf('old.doc')).toBeNull();
  });

  it('parses by format and holds the extracted text to the per-article limit', async () => {
    const pdf = makePdf({ pages: REPORT_PAGES });
    expect((await parseBinaryDocument(pdf, 'pdf', 'r.pdf', 'r', 5000)).title).toBe('Harbour Report 2026');
    await expect(parseBinaryDocument(pdf, 'pdf', 'r.pdf', 'r', 200)).rejects.toThrow(
      'r.pdf is over the 200 bytes limit for one article.',
    );
    await expect(parseBinaryDocument(pdf, 'pdf', 'r.pdf', 'r', 10)).rejects.toThrow(/over the 80 bytes limit/);
    const empty = new Uint8Array();
    await expect(parseBinaryDocument(empty, 'docx', 'e.docx', 'e', 5000)).rejects.toThrow('e.docx is empty.');
  });
});
