// Every bad input gets one clear line (a QuothError or a `failed` entry) and loses nothing that is
// already stored: after each case the library lists the same articles and answers the same way.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuothError, type QuothErrorCode } from '../../src/shared/errors.ts';
import { QuothLibrary } from '../../src/core/library.ts';
import type { ArticleMeta, IngestReport } from '../../src/shared/types.ts';
import { startServer, stopServer, type TestServer } from '../helpers/testServer.ts';
import { makeTempDir, openTestLibrary, removeTempDirs, SAMPLES_DIR, testConfig } from '../helpers/library.ts';

const CAP = 16_000;
const BASE_QUESTION = 'How many passengers use the Valley Line on a weekday?';
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
  0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89,
]);
const ARTICLE_PAGE =
  '<!doctype html><html><head><title>Page</title></head><body><article><h1>Page</h1><p>A page ' +
  'that a test server serves, with a sentence or two of text.</p></article></body></html>';

function startSite(): Promise<TestServer> {
  return startServer('127.0.0.1', (req, res) => {
    switch (req.url) {
      case '/page':
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return void res.end(ARTICLE_PAGE);
      case '/hang':
        return; // never answers
      case '/big':
        res.writeHead(200, { 'Content-Type': 'text/html' });
        return void res.end(`<html><body><p>${'Too many words in this page. '.repeat(2000)}</p></body></html>`);
      case '/image':
        res.writeHead(200, { 'Content-Type': 'image/png' });
        return void res.end(PNG);
      case '/to-file':
        res.writeHead(302, { Location: 'file:///etc/passwd' });
        return void res.end();
      default:
        res.writeHead(404);
        res.end();
    }
  });
}

async function quothError(work: () => unknown, code?: QuothErrorCode): Promise<QuothError> {
  let err: unknown;
  try {
    await work();
  } catch (e) {
    err = e;
  }
  expect(err, 'a QuothError').toBeInstanceOf(QuothError);
  const q = err as QuothError;
  expect(q.message).not.toContain('\n');
  expect(q.message.length).toBeLessThan(300);
  if (code) expect(q.code, q.message).toBe(code);
  return q;
}

/** A report with nothing stored and exactly one failure, whose one-line error matches. */
function expectOneFailure(report: IngestReport, source: string | RegExp, error: RegExp): void {
  expect(report).toMatchObject({ added: 0, updated: 0, unchanged: 0, chunks: 0 });
  expect(report.failed).toHaveLength(1);
  const f = report.failed[0]!;
  if (typeof source === 'string') expect(f.source).toBe(source);
  else expect(f.source).toMatch(source);
  expect(f.error).toMatch(error);
  expect(f.error).not.toContain('\n');
}

afterAll(removeTempDirs);

describe('bad input (lexical library holding the samples)', () => {
  let lib: QuothLibrary;
  let dir: string;
  let site: TestServer;
  let baselineList: ArticleMeta[];
  let baselineAnswer: string;

  async function expectNothingLost(): Promise<void> {
    expect(lib.list()).toEqual(baselineList);
    expect((await lib.ask(BASE_QUESTION)).answer).toBe(baselineAnswer);
  }

  async function file(name: string, content: string | Buffer): Promise<string> {
    const p = path.join(dir, name);
    await writeFile(p, content);
    return p;
  }

  beforeAll(async () => {
    dir = await makeTempDir('quoth-bad-');
    site = await startSite();
    ({ lib } = await openTestLibrary({
      config: { allowPrivateUrls: true, maxArticleBytes: CAP, fetchTimeoutMs: 400 },
    }));
    expect((await lib.ingest([SAMPLES_DIR])).added).toBe(6);
    baselineList = lib.list();
    baselineAnswer = (await lib.ask(BASE_QUESTION)).answer;
    expect(baselineAnswer).toContain('58,000 passengers');
  });

  afterAll(async () => {
    await lib?.close();
    await stopServer(site);
  });

  describe('files', () => {
    it('a missing file', async () => {
      const missing = path.join(dir, 'nope.txt');
      expectOneFailure(await lib.ingest([missing]), missing, /no such file or folder\.$/);
      await expectNothingLost();
    });

    it('an empty file', async () => {
      const p = await file('empty.txt', '');
      expectOneFailure(await lib.ingest([p]), p, /is empty\.$/);
      await expectNothingLost();
    });

    it('a whitespace-only file', async () => {
      const p = await file('blank.md', ' \n\n\t  \n');
      expectOneFailure(await lib.ingest([p]), p, /is empty\.$/);
      await expectNothingLost();
    });

    it('a binary file (PNG bytes) with a text extension', async () => {
      const p = await file('photo.txt', PNG);
      expectOneFailure(await lib.ingest([p]), p, /is a binary file, not text\.$/);
      await expectNothingLost();
    });

    it('non-UTF-8 text (Latin-1 bytes)', async () => {
      const p = await file(
        'latin1.txt',
        Buffer.from(
          'Le caf\xe9 de la gare a rouvert ce matin apr\xe8s des travaux.\n\nUne seconde phrase suit.',
          'latin1',
        ),
      );
      expectOneFailure(await lib.ingest([p]), p, /is not UTF-8 text; convert it to UTF-8 first\.$/);
      await expectNothingLost();
    });

    it('an article over the size cap', async () => {
      const p = await file('huge.txt', `Huge\n\n${'A sentence that repeats itself. '.repeat(1000)}`);
      expectOneFailure(await lib.ingest([p]), p, /over the 16 KB limit for one article\.$/);
      await expectNothingLost();
    });

    it('malformed JSON', async () => {
      const p = await file('broken.json', '{"title": "Broken", "text": "Unclosed');
      expectOneFailure(await lib.ingest([p]), p, /is not valid JSON \(.+\)\.$/);
      await expectNothingLost();
    });

    it('a JSON entry without text', async () => {
      const p = await file(
        'notext.json',
        JSON.stringify({ title: 'No text here', url: 'https://quoth.example/no-text' }),
      );
      expectOneFailure(await lib.ingest([p]), /notext\.json/, /no "text" field\.$/);
      await expectNothingLost();
    });

    it('JSONL with a bad line in the middle keeps the good lines and names the bad one', async () => {
      const lines = [
        JSON.stringify({
          title: 'Good line one',
          text: 'The first good line holds an article about lighthouse keepers on the Elsmere coast.',
        }),
        '{"title": "Bad line", "text": ',
        JSON.stringify({
          title: 'Good line three',
          text: 'The third line holds an article about a marmalade festival in Corrin Falls.',
        }),
      ];
      const p = await file('feed.jsonl', lines.join('\n'));
      const report = await lib.ingest([p]);
      expect(report).toMatchObject({ added: 2, updated: 0, unchanged: 0 });
      expect(report.failed).toHaveLength(1);
      expect(report.failed[0]!.source).toBe(`${p}:2`);
      expect(report.failed[0]!.error).toMatch(/^line 2 is not valid JSON/);
      expect(lib.list().map((a) => a.title)).toEqual([
        ...baselineList.map((a) => a.title),
        'Good line one',
        'Good line three',
      ]);
      expect((await lib.ask('Which festival is held in Corrin Falls?')).quotes[0]!.text).toContain(
        'marmalade festival',
      );
      for (const id of report.articleIds) await lib.remove(id);
      await expectNothingLost();
    });

    it('an unsupported extension (.odt)', async () => {
      const p = await file('report.odt', 'PK\u0003\u0004');
      expectOneFailure(await lib.ingest([p]), p, /unsupported file type "\.odt"/);
      await expectNothingLost();
    });

    it('a .pdf that is not a readable PDF', async () => {
      const p = await file('report.pdf', '%PDF-1.7\n%âãÏÓ\n');
      expectOneFailure(await lib.ingest([p]), p, /is not a readable PDF/);
      await expectNothingLost();
    });

    it('a folder with no supported files', async () => {
      const folder = path.join(dir, 'images');
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'a.png'), PNG);
      await writeFile(path.join(folder, 'b.odt'), 'PK');
      expectOneFailure(await lib.ingest([folder]), folder, /holds no \.txt .* files\.$/);
      await expectNothingLost();
    });

    it('several bad sources with one good one: the good one is added, each bad one reported', async () => {
      const good = await file(
        'good.txt',
        'Good News\n\nThe aquarium in Westbury adopted two sea otters named Kelp and Pebble.',
      );
      const report = await lib.ingest([
        path.join(dir, 'nope.txt'),
        await file('e2.txt', ''),
        good,
        'ftp://files.example/a.txt',
      ]);
      expect(report).toMatchObject({ added: 1 });
      expect(report.failed.map((f) => f.source)).toEqual([
        path.join(dir, 'nope.txt'),
        path.join(dir, 'e2.txt'),
        'ftp://files.example/a.txt',
      ]);
      await lib.remove(report.articleIds[0]!);
      await expectNothingLost();
    });
  });

  describe('URLs', () => {
    it.each(['ftp://files.example/a.txt', 'file:///etc/passwd', 'javascript:alert(1)'])(
      'a URL that is not http(s): %s',
      async (url) => {
        expectOneFailure(await lib.ingest([url]), url, /only http and https pages can be fetched\.$/);
        await expectNothingLost();
      },
    );

    it('a URL that times out', async () => {
      expectOneFailure(
        await lib.ingest([`${site.base}/hang`]),
        `${site.base}/hang`,
        /^Timed out after 0\.4 s fetching /,
      );
      await expectNothingLost();
    });

    it('a page over the size cap', async () => {
      expectOneFailure(
        await lib.ingest([`${site.base}/big`]),
        `${site.base}/big`,
        /is larger than the 15\.6 KB limit\.$/,
      );
      await expectNothingLost();
    });

    it('a page that is not HTML or text (image/png)', async () => {
      expectOneFailure(
        await lib.ingest([`${site.base}/image`]),
        `${site.base}/image`,
        /is image\/png, not an HTML or text page\.$/,
      );
      await expectNothingLost();
    });

    it('a redirect to a non-http URL', async () => {
      expectOneFailure(
        await lib.ingest([`${site.base}/to-file`]),
        `${site.base}/to-file`,
        /redirects to a file: URL; only http and https pages can be fetched\.$/,
      );
      await expectNothingLost();
    });

    it('a 404', async () => {
      expectOneFailure(await lib.ingest([`${site.base}/missing`]), `${site.base}/missing`, /failed with HTTP 404/);
      await expectNothingLost();
    });
  });

  describe('questions', () => {
    it('an empty or whitespace question', async () => {
      expect((await quothError(() => lib.ask(''), 'invalid_input')).message).toBe('The question is empty.');
      expect((await quothError(() => lib.ask(' \n\t '), 'invalid_input')).message).toBe('The question is empty.');
      expect((await quothError(() => lib.search('   '), 'invalid_input')).message).toBe('The search query is empty.');
      await expectNothingLost();
    });

    it('a 10,000-character question', async () => {
      const long = `${'How many passengers use the Valley Line '.repeat(250).slice(0, 9_999)}?`;
      expect(long).toHaveLength(10_000);
      const err = await quothError(() => lib.ask(long), 'invalid_input');
      expect(err.message).toBe('The question is 10,000 characters long; the limit is 1,000.');
      await quothError(() => lib.search(long), 'invalid_input');
      await expectNothingLost();
    });

    it('a question of punctuation only abstains instead of failing', async () => {
      const result = await lib.ask('?!...');
      expect(result).toMatchObject({ abstained: true, quotes: [] });
    });

    it('a question with FTS5 syntax in it is treated as words', async () => {
      for (const q of ['"unbalanced quote', 'passengers AND OR NOT', 'NEAR(weekday passengers)', 'col:umn * ^start']) {
        const result = await lib.ask(q);
        for (const quote of result.quotes)
          expect(lib.get(quote.articleId).text.slice(quote.start, quote.end)).toBe(quote.text);
      }
    });

    it('a number of quotes or results out of range', async () => {
      await quothError(() => lib.ask(BASE_QUESTION, { quotes: 0 }));
      await quothError(() => lib.ask(BASE_QUESTION, { quotes: 11 }));
      await quothError(() => lib.ask(BASE_QUESTION, { quotes: 1.5 }));
      await quothError(() => lib.search(BASE_QUESTION, { limit: 0 }));
      await quothError(() => lib.search(BASE_QUESTION, { limit: 51 }));
    });
  });

  describe('article ids', () => {
    it('an unknown id for ask --article, summarize, get and remove', async () => {
      for (const id of ['nosuchid', 'ffffffffff', 'zz']) {
        const messages = [
          (await quothError(() => lib.ask(BASE_QUESTION, { articleId: id }), 'not_found')).message,
          (await quothError(() => lib.summarize(id), 'not_found')).message,
          (await quothError(() => lib.get(id), 'not_found')).message,
          (await quothError(() => lib.remove(id), 'not_found')).message,
        ];
        for (const m of messages) expect(m).toBe(`No article with id "${id}" in this library.`);
      }
      await expectNothingLost();
    });

    it('an empty id', async () => {
      expect((await quothError(() => lib.get('  '))).message).toBe('No article id was given.');
    });

    it('an id prefix finds an article only from four characters on', async () => {
      const id = lib.list()[0]!.articleId;
      expect(lib.get(id.slice(0, 4)).articleId).toBe(id);
      expect(lib.get(id.toUpperCase()).articleId).toBe(id);
      await quothError(() => lib.get(id.slice(0, 3)), 'not_found');
    });
  });

  describe('ingestText (a Discord attachment)', () => {
    it('empty or whitespace text', async () => {
      expectOneFailure(
        await lib.ingestText({ text: '', source: 'discord:attachment/empty.txt' }),
        'discord:attachment/empty.txt',
        /is empty\.$/,
      );
      expectOneFailure(
        await lib.ingestText({ text: ' \n ', source: 'discord:attachment/blank.txt' }),
        'discord:attachment/blank.txt',
        /is empty\.$/,
      );
      await expectNothingLost();
    });

    it('text over the size cap', async () => {
      const report = await lib.ingestText({
        text: 'Words words words. '.repeat(1000),
        source: 'discord:attachment/big.txt',
      });
      expectOneFailure(report, 'discord:attachment/big.txt', /over the .* limit for one article\.$/);
      await expectNothingLost();
    });

    // Pasted text is checked by the same size rule as a file, so the cap reads "16 KB", not a rounded "0 MB".
    it('text over the size cap names the cap the way the file path does', async () => {
      const report = await lib.ingestText({
        text: 'Words words words. '.repeat(1000),
        source: 'discord:attachment/big.txt',
      });
      expect(report.failed[0]!.error).toMatch(/16 KB/);
    });
  });
});

describe('bad input with private addresses refused (ALLOW_PRIVATE_URLS off)', () => {
  let lib: QuothLibrary;
  let site: TestServer;

  beforeAll(async () => {
    site = await startSite();
    ({ lib } = await openTestLibrary({ config: { allowPrivateUrls: false, fetchTimeoutMs: 2000 } }));
    await lib.ingest([path.join(SAMPLES_DIR, 'valley-line-rail-strike.txt')]);
  });

  afterAll(async () => {
    await lib?.close();
    await stopServer(site);
  });

  it('refuses a loopback URL before any request reaches the server', async () => {
    const before = lib.list();
    for (const url of [
      `${site.base}/page`,
      `http://localhost:${new URL(site.base).port}/page`,
      `http://[::ffff:127.0.0.1]:${new URL(site.base).port}/page`,
    ]) {
      const report = await lib.ingest([url]);
      expect(report.added).toBe(0);
      expect(report.failed).toHaveLength(1);
      expect(report.failed[0]!.error).toMatch(/^Refusing to fetch .*: .* is a private or local address \(.*\)\.$/);
    }
    expect(site.requests).toEqual([]);
    expect(lib.list()).toEqual(before);
  });

  it('refuses private and link-local addresses the same way', async () => {
    for (const url of ['http://10.0.0.1/admin', 'http://169.254.169.254/latest/meta-data/', 'http://192.168.1.1/']) {
      const report = await lib.ingest([url]);
      expect(report.failed[0]!.error, url).toMatch(/private or local address/);
    }
  });
});

describe('a data directory that is not writable', () => {
  it('fails to open with one storage error line, naming the directory', async () => {
    const parent = await makeTempDir('quoth-bad-dir-');
    const blocker = path.join(parent, 'a-regular-file');
    await writeFile(blocker, 'this is a file, so nothing can be created below it');
    const dataDir = path.join(blocker, 'data');
    const err = await quothError(() => QuothLibrary.open(testConfig(dataDir, 'lexical')), 'storage');
    expect(err.message).toBe(
      `The data directory ${dataDir} is not writable; set DATA_DIR or --data-dir to a folder Quoth can write to.`,
    );
  });
});
