import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { QuothError } from '../../src/shared/errors.ts';
import { decodeText } from '../../src/ingest/decodeText.ts';
import { formatOfPath, fromHtml, fromPlainText, parseDocument } from '../../src/ingest/parseDocument.ts';

const PNG_BYTES = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
  0x01,
]);

function thrown(fn: () => unknown): QuothError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(QuothError);
    expect((err as Error).message).not.toContain('\n');
    return err as QuothError;
  }
  throw new Error('expected a QuothError');
}

describe('formatOfPath', () => {
  it('knows the supported extensions, case-insensitively', () => {
    expect(formatOfPath('/a/b.txt')).toBe('text');
    expect(formatOfPath('b.MD')).toBe('markdown');
    expect(formatOfPath('b.htm')).toBe('html');
    expect(formatOfPath('b.json')).toBe('json');
    expect(formatOfPath('b.jsonl')).toBe('jsonl');
    expect(formatOfPath('b.ndjson')).toBe('jsonl');
    expect(formatOfPath('b.pdf')).toBeNull();
    expect(formatOfPath('README')).toBeNull();
  });
});

describe('decodeText byte-order marks', () => {
  it('drops a UTF-8 BOM and decodes UTF-16 text that announces itself with one', () => {
    expect(decodeText(Uint8Array.of(0xef, 0xbb, 0xbf, 0x48, 0x69), 'a.txt', 1000)).toBe('Hi');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Café', 'utf16le')]);
    expect(decodeText(le, 'le.txt', 1000)).toBe('Café');
    const be = Buffer.from(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Hi', 'utf16le').swap16()]));
    expect(decodeText(be, 'be.txt', 1000)).toBe('Hi');
  });
});

describe('decodeText refuses what is not an article', () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);

  it('decodes UTF-8 (with accents, curly quotes and emoji) unchanged', () => {
    expect(decodeText(utf8('Café “naïve” 🚆'), 'a.txt', 1000)).toBe('Café “naïve” 🚆');
  });

  it('refuses an empty file and a whitespace-only file', () => {
    expect(thrown(() => decodeText(new Uint8Array(0), 'empty.txt', 1000)).message).toBe('empty.txt is empty.');
    expect(thrown(() => decodeText(utf8(' \n\t\n '), 'blank.txt', 1000)).message).toBe('blank.txt is empty.');
  });

  it('refuses a binary file', () => {
    const err = thrown(() => decodeText(PNG_BYTES, 'photo.txt', 1000));
    expect(err.code).toBe('unsupported');
    expect(err.message).toBe('photo.txt is a binary file, not text.');
  });

  it('refuses non-UTF-8 text and says what to do', () => {
    const latin1 = Uint8Array.from([...utf8('Caf'), 0xe9, ...utf8(' au lait, a long enough line of ordinary words.')]);
    const err = thrown(() => decodeText(latin1, 'latin1.txt', 1000));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe('latin1.txt is not UTF-8 text; convert it to UTF-8 first.');
  });

  it('refuses text over the size cap, naming both sizes', () => {
    const err = thrown(() => decodeText(utf8('x'.repeat(3000)), 'big.txt', 2048));
    expect(err.code).toBe('too_large');
    expect(err.message).toBe('big.txt is 3 KB, over the 2 KB limit for one article.');
  });
});

describe('parseDocument: plain text', () => {
  it('takes a short first line standing alone as the title and keeps the paragraphs', () => {
    const { articles } = parseDocument(
      'Title Line\n\nFirst paragraph. Still first.\n\nSecond paragraph.\n',
      'text',
      '/x/a.txt',
      'a',
    );
    expect(articles).toEqual([
      {
        source: '/x/a.txt',
        title: 'Title Line',
        text: 'First paragraph. Still first.\n\nSecond paragraph.',
        url: null,
        byline: null,
        publishedAt: null,
      },
    ]);
  });

  it('keeps a first line that is a sentence as text, with the file name as title', () => {
    const { articles } = parseDocument(
      'A first line that ends with a period.\n\nSecond paragraph.',
      'text',
      '/x/c.txt',
      'c',
    );
    expect(articles[0]).toMatchObject({
      title: 'c',
      text: 'A first line that ends with a period.\n\nSecond paragraph.',
    });
  });

  it('normalises line endings, tabs, NBSPs, zero-width characters and runs of blank lines', () => {
    const raw = '\uFEFFHeadline\r\n\r\nOne\u00A0two\tthree\u200B four.\r\n\r\n\r\n\r\nNext  paragraph.';
    const [a] = parseDocument(raw, 'text', '/x/n.txt', 'n').articles;
    expect(a!.title).toBe('Headline');
    expect(a!.text).toBe('One two three four.\n\nNext paragraph.');
  });

  it('unwraps hard-wrapped lines so a quote does not carry line breaks', () => {
    const raw =
      'Wire Story\n\nThe council voted on Thursday night to tear down and\nrebuild the flood wall ' +
      'that has protected the district\nsince 1961, officials said on Friday morning.\n\nNext.';
    const [a] = parseDocument(raw, 'text', '/x/w.txt', 'w').articles;
    expect(a!.text.split('\n\n')[0]).toBe(
      'The council voted on Thursday night to tear down and rebuild the flood wall ' +
        'that has protected the district since 1961, officials said on Friday morning.',
    );
  });

  it('drops furniture paragraphs such as "Leave a Comment" and share prompts', () => {
    const [a] = parseDocument(
      'Story\n\nReal sentence one.\n\nShare this article\n\nReal sentence two.\n\nLeave a Comment',
      'text',
      '/x/f.txt',
      'f',
    ).articles;
    expect(a!.text).toBe('Real sentence one.\n\nReal sentence two.');
  });
});

describe('parseDocument: Markdown', () => {
  it('reads title, url, date and byline from front matter, and drops the H1 from the text', () => {
    const md =
      '---\ntitle: Front Matter Title\nurl: https://quoth.example/a\ndate: 2026-03-14\nauthor: ' +
      'Jane Roe\n---\n\n# Heading One\n\nBody sentence here. Another one.\n';
    expect(parseDocument(md, 'markdown', '/x/a.md', 'a').articles).toEqual([
      {
        source: '/x/a.md',
        title: 'Front Matter Title',
        text: 'Body sentence here. Another one.',
        url: 'https://quoth.example/a',
        byline: 'Jane Roe',
        publishedAt: '2026-03-14',
      },
    ]);
  });

  it('falls back to the H1, then the file name, for the title; ignores a non-http url', () => {
    expect(parseDocument('# The Heading\n\nBody.', 'markdown', '/x/h.md', 'h').articles[0]).toMatchObject({
      title: 'The Heading',
      text: 'Body.',
    });
    const [a] = parseDocument('---\nurl: javascript:alert(1)\n---\nBody only.', 'markdown', '/x/b.md', 'b').articles;
    expect(a).toMatchObject({ title: 'b', url: null, text: 'Body only.' });
  });

  it('refuses front matter that is not YAML, in one line', () => {
    const err = thrown(() => parseDocument('---\ntitle: [unclosed\n---\nBody.', 'markdown', '/x/bad.md', 'bad'));
    expect(err.message).toMatch(/^\/x\/bad\.md: the front matter is not valid YAML/);
  });

  it('refuses a document with no text', () => {
    expect(thrown(() => parseDocument('---\ntitle: Only a title\n---\n', 'markdown', '/x/e.md', 'e')).message).toBe(
      '/x/e.md has no article text.',
    );
  });
});

describe('parseDocument: HTML', () => {
  it('extracts the article, its title, byline, date and canonical URL, without furniture', async () => {
    const html = await readFile(fileURLToPath(new URL('../fixtures/html/news-article.html', import.meta.url)), 'utf8');
    const [a] = parseDocument(html, 'html', '/x/page.html', 'page').articles;
    expect(a!.title).toBe('City council approves riverfront park plan');
    expect(a!.byline).toBe('Maria Okafor');
    expect(a!.publishedAt).toMatch(/^2024-03-05/);
    expect(a!.source).toBe('/x/page.html');
    expect(a!.text.startsWith('The Riverton City Council voted 7–2 on Monday night')).toBe(true);
    for (const furniture of [
      'cookies',
      'Share this article',
      'Leave a Comment',
      'Advertisement',
      'Subscribe',
      'Related articles',
      'Finally!',
    ]) {
      expect(a!.text).not.toContain(furniture);
    }
  });
});

describe('parseDocument: JSON and JSON Lines', () => {
  it('reads one object', () => {
    const { articles, failures } = parseDocument(
      '{"title":"J","url":"https://q.example/j","date":"2026-01-02","author":"A. ' +
        'Writer","text":"Hello there. Second."}',
      'json',
      '/x/d.json',
      'd',
    );
    expect(failures).toEqual([]);
    expect(articles).toEqual([
      {
        source: 'https://q.example/j',
        title: 'J',
        text: 'Hello there. Second.',
        url: 'https://q.example/j',
        byline: 'A. Writer',
        publishedAt: '2026-01-02T00:00:00.000Z',
      },
    ]);
  });

  it('reads an array, keeping good items and naming the bad ones', () => {
    const { articles, failures } = parseDocument(
      '[{"title":"J1","text":"Hello there."},{"text":"No title here."},{"title":"bad"},5,{"title":"e","text":"  "}]',
      'json',
      '/x/e.json',
      'e',
    );
    expect(articles.map((a) => [a.title, a.text])).toEqual([
      ['J1', 'Hello there.'],
      ['e.json item 2', 'No title here.'],
    ]);
    expect(failures).toEqual([
      { source: '/x/e.json item 3', error: '/x/e.json item 3: no "text" field.' },
      { source: '/x/e.json item 4', error: '/x/e.json item 4: not a JSON object.' },
      { source: '/x/e.json item 5', error: '/x/e.json item 5: the "text" field is empty.' },
    ]);
  });

  it('refuses malformed JSON in one line', () => {
    expect(thrown(() => parseDocument('{"title": "x", oops', 'json', '/x/g.json', 'g')).message).toMatch(
      /^\/x\/g\.json is not valid JSON \(/,
    );
  });

  it('keeps the good lines of JSON Lines and names each bad line', () => {
    const jsonl = [
      '{"title":"L1","url":"https://q.example/l1","text":"Line one text."}',
      '{bad json',
      '{"title":"L3","text":"Line three."}',
      '',
      '{"title":"L5"}',
      '{"title":"L6","text":"Line six."}',
    ].join('\n');
    const { articles, failures } = parseDocument(jsonl, 'jsonl', '/x/f.jsonl', 'f');
    expect(articles.map((a) => a.title)).toEqual(['L1', 'L3', 'L6']);
    expect(articles[0]!.source).toBe('https://q.example/l1');
    expect(failures).toHaveLength(2);
    expect(failures[0]!.source).toBe('/x/f.jsonl:2');
    expect(failures[0]!.error).toMatch(/^line 2 is not valid JSON/);
    expect(failures[1]).toEqual({ source: '/x/f.jsonl:5', error: 'line 5: no "text" field.' });
  });

  // Known bug (src/ingest/parseDocument.ts, jsonEntry): an entry without a url is keyed
  // `${file}#${title}`, so two different articles with one title in one file share a source, and
  // the library stores the second as a new version of the first (the first is silently lost).
  it('gives two entries of one file with the same title different sources', () => {
    const { articles } = parseDocument(
      '{"title":"Weekly update","text":"First week."}\n{"title":"Weekly update","text":"Second week."}',
      'jsonl',
      '/x/w.jsonl',
      'w',
    );
    expect(articles).toHaveLength(2);
    expect(new Set(articles.map((a) => a.source)).size).toBe(2);
  });
});

describe('fromPlainText', () => {
  it('uses the given title and metadata over the first line', () => {
    const a = fromPlainText('Not A Title\n\nBody text.', 'discord:attachment/x.txt', 'x.txt', {
      title: 'Given',
      url: 'https://q.example/x',
    });
    expect(a).toMatchObject({
      title: 'Given',
      text: 'Not A Title\n\nBody text.',
      url: 'https://q.example/x',
      source: 'discord:attachment/x.txt',
    });
  });
});

describe('fromHtml on a page extracted just before (the feed checks a page, then ingests it)', () => {
  const page = (body: string) =>
    `<html><head><title>Dredging</title><link rel="canonical" href="https://news.example/dredge"></head>` +
    `<body><article><h1>Dredging</h1><p>${body}</p></article></body></html>`;
  const first = 'The harbour board approved the dredging plan on Tuesday after a long debate about costs.';

  it('gives the same article again, as a new object the caller may change', () => {
    const html = page(first);
    const a = fromHtml(html, 'feed', 'https://news.example/dredge?utm=1');
    const b = fromHtml(html, 'other', 'https://news.example/dredge?utm=1');
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
    a.text = 'changed';
    expect(fromHtml(html, 'feed', 'https://news.example/dredge?utm=1').text).toContain('harbour board');
  });

  it('extracts anew when the page or its address differs', () => {
    const a = fromHtml(page(first), 'feed', 'https://news.example/dredge');
    const b = fromHtml(
      page('A different story about the ferry timetable changing in spring.'),
      'feed',
      'https://news.example/dredge',
    );
    expect(b.text).not.toBe(a.text);
    const noCanonical =
      '<html><body><article><h1>Ferry</h1><p>The ferry timetable changes in spring, the operator said.</p></article></body></html>';
    expect(fromHtml(noCanonical, 'feed', 'https://a.example/x').url).toBe('https://a.example/x');
    expect(fromHtml(noCanonical, 'feed', 'https://b.example/y').url).toBe('https://b.example/y');
  });
});
