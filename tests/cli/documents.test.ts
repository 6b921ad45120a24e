// PDF and Word documents through the real CLI: named files, a folder holding them, and URLs that
// serve them (by media type, and by extension behind application/octet-stream), each quoted verbatim.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyJson, type RunResult, runQuoth } from '../helpers/runCli.ts';
import { startServer, stopServer, type TestServer } from '../helpers/testServer.ts';
import { makeDocx } from '../ingest/makeDocx.ts';
import { makePdf } from '../ingest/makePdf.ts';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const env = { EMBEDDING_MODEL: 'none', ALLOW_PRIVATE_URLS: '1', FETCH_TIMEOUT_MS: '5000' };

const PDF = makePdf({
  title: 'Harbour Report 2026',
  pages: [
    ['The harbour counted 1,204 ferry crossings in August, the busiest month on record.', '', 'Cargo fell slightly.'],
    ['The new pier opens in May, the harbour master said on Friday.'],
  ],
});
const DOCX = makeDocx({
  paragraphs: [
    { text: 'Library Budget', heading: 1 },
    { text: 'The council agreed on Monday to spend 4.2 million on the library roof, after a long debate.' },
    { text: 'Work starts in March and the reading room stays open throughout, the librarian said.' },
  ],
});
const PIER = makePdf({
  pages: [
    ['Pier Works', '', 'The new pier opens in May with room for six ferries, the harbour master said on Friday.'],
  ],
});
const SCAN = makePdf({ pages: [[], []] });

let tmp: string;
let server: TestServer;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quoth-cli-docs-'));
  const files = path.join(tmp, 'files');
  fs.mkdirSync(path.join(files, 'nested'), { recursive: true });
  fs.writeFileSync(path.join(files, 'harbour.pdf'), PDF);
  fs.writeFileSync(path.join(files, 'nested', 'budget.docx'), DOCX);
  fs.writeFileSync(path.join(files, 'note.txt'), 'A short note about the tide tables, kept for the harbour office.\n');
  fs.writeFileSync(path.join(tmp, 'scan.pdf'), SCAN);
  const bodies: Record<string, [string, Uint8Array]> = {
    '/report': ['application/pdf', PDF],
    '/files/budget.docx': [DOCX_TYPE, DOCX],
    '/download/pier.pdf': ['application/octet-stream', PIER],
    '/scan': ['application/pdf', SCAN],
  };
  server = await startServer('127.0.0.1', (req, res) => {
    const found = bodies[req.url ?? ''];
    if (!found) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': found[0] }).end(Buffer.from(found[1]));
  });
});

afterAll(async () => {
  await stopServer(server);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Every quote of an answer is a slice of the stored text of its article. */
async function expectVerbatimAnswer(dataDir: string, question: string, contains: string): Promise<void> {
  const r = await runQuoth(['--data-dir', dataDir, 'ask', question, '--json'], env);
  expect(r.code, r.stderr).toBe(0);
  const answer = onlyJson(r);
  expect(answer.quotes[0].text).toContain(contains);
  for (const q of answer.quotes) {
    const shown = onlyJson(await runQuoth(['--data-dir', dataDir, 'show', q.articleId, '--json'], env));
    expect(shown.text.slice(q.start, q.end)).toBe(q.text);
  }
}

function expectIngested(r: RunResult, added: number): void {
  expect(r.code, r.stderr).toBe(0);
  expect(onlyJson(r)).toMatchObject({ added, failed: [] });
}

describe('quoth ingest with PDF and DOCX', () => {
  it('reads named files and a folder holding them', async () => {
    const named = path.join(tmp, 'named');
    const files = path.join(tmp, 'files');
    expectIngested(
      await runQuoth(
        [
          '--data-dir',
          named,
          'ingest',
          path.join(files, 'harbour.pdf'),
          path.join(files, 'nested/budget.docx'),
          '--json',
        ],
        env,
      ),
      2,
    );
    const titles = onlyJson(await runQuoth(['--data-dir', named, 'list', '--json'], env)).articles.map(
      (a: { title: string }) => a.title,
    );
    expect(titles.sort()).toEqual(['Harbour Report 2026', 'Library Budget']);
    await expectVerbatimAnswer(named, 'How many ferry crossings were there in August?', '1,204 ferry crossings');
    await expectVerbatimAnswer(named, 'How much will the library roof cost?', '4.2 million');

    const folder = path.join(tmp, 'folder');
    expectIngested(await runQuoth(['--data-dir', folder, 'ingest', files, '--json'], env), 3);
  });

  it('reads URLs serving them, by media type or by extension behind octet-stream', async () => {
    const dataDir = path.join(tmp, 'urls');
    const urls = ['/report', '/files/budget.docx', '/download/pier.pdf'].map((p) => `${server.base}${p}`);
    expectIngested(await runQuoth(['--data-dir', dataDir, 'ingest', ...urls, '--json'], env), 3);
    const articles = onlyJson(await runQuoth(['--data-dir', dataDir, 'list', '--json'], env)).articles;
    expect(articles.map((a: { url: string }) => a.url).sort()).toEqual([...urls].sort());
    await expectVerbatimAnswer(dataDir, 'How many ferries will the new pier hold?', 'room for six ferries');
  });

  it('refuses a scanned PDF (file or URL) with one line and keeps the rest', async () => {
    const dataDir = path.join(tmp, 'scan');
    const r = await runQuoth(
      [
        '--data-dir',
        dataDir,
        'ingest',
        path.join(tmp, 'scan.pdf'),
        `${server.base}/scan`,
        path.join(tmp, 'files/harbour.pdf'),
        '--json',
      ],
      env,
    );
    expect(r.code).toBe(1);
    const report = onlyJson(r);
    expect(report.added).toBe(1);
    expect(report.failed).toHaveLength(2);
    for (const f of report.failed)
      expect(f.error).toMatch(/^\S+ has no text layer \(a scanned PDF\?\); run it through OCR first\.$/);
    expect(r.stderr.match(/^quoth: .*no text layer/gm)).toHaveLength(2);
  });
});
