// Every bad input gets one clear line (a QuothError or a `failed` entry) and loses nothing that is
// already stored: after each case the library lists the same articles and answers the same way.
// This file: bad URLs (and private addresses refused), questions and article ids; bad files are in
// badInputFiles.test.ts.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuothLibrary } from '../../src/core/library.ts';
import {
  BASE_QUESTION,
  expectOneFailure,
  openBadInputLibrary,
  quothError,
  startSite,
  type BadInputLibrary,
} from '../helpers/badInput.ts';
import { openTestLibrary, removeTempDirs, SAMPLES_DIR } from '../helpers/library.ts';
import { stopServer, type TestServer } from '../helpers/testServer.ts';

afterAll(removeTempDirs);

describe('bad input (lexical library holding the samples)', () => {
  let bad: BadInputLibrary | undefined;
  let lib: QuothLibrary;
  let site: TestServer;
  let expectNothingLost: BadInputLibrary['expectNothingLost'];

  beforeAll(async () => {
    bad = await openBadInputLibrary();
    ({ lib, site, expectNothingLost } = bad);
  });

  afterAll(() => bad?.close());

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
