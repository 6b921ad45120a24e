// The console's /feed commands and its background polling: the real `npm start` in a child process,
// feeds on a real HTTP server on 127.0.0.1 (ALLOW_PRIVATE_URLS on).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedServer, rss, storyPage, storyParagraphs } from '../../bench/feeds/feedServer.ts';
import { REPO_ROOT } from '../helpers/runCli.ts';

let tmp: string;
let server: FeedServer;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quoth-console-feeds-'));
  server = await new FeedServer().start();
  const items = ['tram', 'bridge'].map((slug, i) => {
    const link = `${server.base}/news/${slug}`;
    server.routes.set(`/news/${slug}`, {
      body: storyPage({ title: `Story ${slug}`, canonical: link, paragraphs: storyParagraphs(i + 1, slug) }),
    });
    return { guid: `urn:${slug}`, title: `Story ${slug}`, link };
  });
  server.routes.set('/transit.xml', { type: 'application/rss+xml', body: rss('Transit News', items) });
});

afterAll(async () => {
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/**
 * Runs the console, typing each line only once the output so far matches its `after` pattern, so a
 * line can wait for something the background poller prints. Resolves with everything printed.
 */
function session(dataDir: string, steps: { after?: RegExp; line: string }[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/start.js')], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        EMBEDDING_MODEL: 'none',
        ALLOW_PRIVATE_URLS: '1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let next = 0;
    const feed = (): void => {
      while (next < steps.length && (!steps[next]!.after || steps[next]!.after!.test(out))) {
        child.stdin.write(`${steps[next++]!.line}\n`);
      }
      if (next === steps.length) child.stdin.end();
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      feed();
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
    feed();
  });
}

describe('console feeds', () => {
  it('follows a feed, polls it in the background with one line, lists and removes it', async () => {
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir, { recursive: true });
    // No sample articles: this library holds only what the feed brings.
    fs.writeFileSync(path.join(dataDir, '.samples-ingested'), 'test\n');
    const r = await session(dataDir, [
      { line: '/feed list' },
      { line: `/feed add ${server.base}/transit.xml` },
      { after: /\[feeds\] 2 new stories from Transit News\./, line: '/feed list' },
      { after: /1 {2}Transit News <.*> {2}2 articles/, line: '/articles' },
      { line: '/feed add not-a-url' },
      { line: '/feed remove nine' },
      { line: '/feed poll' },
      { line: '/feed remove 1' },
      { line: '/feed list' },
      { line: '/quit' },
    ]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/No feeds yet\. Follow one with \/feed add URL\./);
    expect(r.out).toMatch(
      /Following feed 1: Transit News <.*>; adding its 2 stories now; new ones follow with every poll\./,
    );
    expect(r.out.match(/\[feeds\] .*\n/g)).toEqual(['[feeds] 2 new stories from Transit News.\n']);
    expect(r.out).toMatch(/Story tram/);
    expect(r.out).toMatch(/Story bridge/);
    expect(r.out).toMatch(/Error: "not-a-url" is not a valid URL\./);
    expect(r.out).toMatch(/Error: "nine" is not a feed id/);
    expect(r.out).toMatch(/Polled 1 feed: added 0, updated 0, unchanged 2, failed 0\./);
    expect(r.out).toMatch(/Stopped following feed 1: Transit News/);
    expect(r.out.trimEnd()).toMatch(/No feeds yet\. Follow one with \/feed add URL\.$/);
  }, 120_000);
});
