// What the bad-input tests share (badInputFiles and badInputUrlsAndQuestions): a lexical library
// holding the samples, a local site with bad pages, and the checks that each failure is one clear line
// and that nothing already stored was lost.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import type { QuothLibrary } from '../../src/core/library.ts';
import { QuothError, type QuothErrorCode } from '../../src/shared/errors.ts';
import type { ArticleMeta, IngestReport } from '../../src/shared/types.ts';
import { makeTempDir, openTestLibrary, SAMPLES_DIR } from './library.ts';
import { startServer, stopServer, type TestServer } from './testServer.ts';

const CAP = 16_000;
export const BASE_QUESTION = 'How many passengers use the Valley Line on a weekday?';
export const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
  0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89,
]);
const ARTICLE_PAGE =
  '<!doctype html><html><head><title>Page</title></head><body><article><h1>Page</h1><p>A page ' +
  'that a test server serves, with a sentence or two of text.</p></article></body></html>';

export function startSite(): Promise<TestServer> {
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

export async function quothError(work: () => unknown, code?: QuothErrorCode): Promise<QuothError> {
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
export function expectOneFailure(report: IngestReport, source: string | RegExp, error: RegExp): void {
  expect(report).toMatchObject({ added: 0, updated: 0, unchanged: 0, chunks: 0 });
  expect(report.failed).toHaveLength(1);
  const f = report.failed[0]!;
  if (typeof source === 'string') expect(f.source).toBe(source);
  else expect(f.source).toMatch(source);
  expect(f.error).toMatch(error);
  expect(f.error).not.toContain('\n');
}

/** The library the bad-input cases run against, with the baseline they must leave unchanged. */
export interface BadInputLibrary {
  lib: QuothLibrary;
  /** A temporary folder for the cases' files. */
  dir: string;
  site: TestServer;
  baselineList: ArticleMeta[];
  /** The library lists the same articles and answers BASE_QUESTION the same way as before the case. */
  expectNothingLost(): Promise<void>;
  /** Writes a file into `dir` and returns its path. */
  file(name: string, content: string | Buffer): Promise<string>;
  close(): Promise<void>;
}

export async function openBadInputLibrary(): Promise<BadInputLibrary> {
  const dir = await makeTempDir('quoth-bad-');
  const site = await startSite();
  const { lib } = await openTestLibrary({
    config: { allowPrivateUrls: true, maxArticleBytes: CAP, fetchTimeoutMs: 400 },
  });
  expect((await lib.ingest([SAMPLES_DIR])).added).toBe(6);
  const baselineList = lib.list();
  const baselineAnswer = (await lib.ask(BASE_QUESTION)).answer;
  expect(baselineAnswer).toContain('58,000 passengers');

  async function expectNothingLost(): Promise<void> {
    expect(lib.list()).toEqual(baselineList);
    expect((await lib.ask(BASE_QUESTION)).answer).toBe(baselineAnswer);
  }

  async function file(name: string, content: string | Buffer): Promise<string> {
    const p = path.join(dir, name);
    await writeFile(p, content);
    return p;
  }

  async function close(): Promise<void> {
    await lib.close();
    await stopServer(site);
  }

  return { lib, dir, site, baselineList, expectNothingLost, file, close };
}
