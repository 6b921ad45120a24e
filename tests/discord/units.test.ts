import os from 'node:os';
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentFormat, attachmentUrlAllowed, downloadAttachment } from '../../src/discord/attachments.ts';
import { loadCoreConfig } from '../../src/config.ts';
import { loadDiscordConfig } from '../../src/discord/config.ts';
import { Cooldown } from '../../src/discord/cooldown.ts';
import { LruMap } from '../../src/discord/lruMap.ts';
import { WorkQueue } from '../../src/discord/workQueue.ts';
import { TEST_TOKEN } from './helpers/harness.ts';

describe('loadDiscordConfig', () => {
  it('reads and normalizes the settings', () => {
    const c = loadDiscordConfig({
      DISCORD_TOKEN: `Bot ${TEST_TOKEN}`,
      DISCORD_CLIENT_ID: '1177456390123456789',
      DISCORD_GUILD_ID: '1177456390123456790',
      DISCORD_API_URL: 'http://127.0.0.1:8080/api/',
      COOLDOWN_SECONDS: '0',
    });
    expect(c).toEqual({
      token: TEST_TOKEN,
      clientId: '1177456390123456789',
      guildId: '1177456390123456790',
      apiUrl: 'http://127.0.0.1:8080/api',
      cooldownSeconds: 0,
    });
    expect(loadDiscordConfig({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_GUILD_ID: '' })).toMatchObject({
      guildId: null,
      apiUrl: null,
      cooldownSeconds: 3,
    });
  });

  it('names the variable and the problem in one line', () => {
    const bad: [Record<string, string>, string][] = [
      [
        { DISCORD_TOKEN: TEST_TOKEN, DISCORD_CLIENT_ID: 'my-bot' },
        'Configuration error: DISCORD_CLIENT_ID must be the application id (17 to 20 digits).',
      ],
      [
        { DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: 'discord.com' },
        'Configuration error: DISCORD_API_URL must be an http(s) URL such as https://discord.com/api.',
      ],
      [
        { DISCORD_TOKEN: TEST_TOKEN, COOLDOWN_SECONDS: '-1' },
        'Configuration error: COOLDOWN_SECONDS must be 0 (off) or more.',
      ],
    ];
    for (const [env, message] of bad) expect(() => loadDiscordConfig(env)).toThrow(message);
  });
});

describe('Cooldown', () => {
  it('lets a user go once per window, others independently; 0 disables', () => {
    let now = 0;
    const c = new Cooldown(3, () => now);
    expect(c.take('a')).toBe(0);
    now = 1000;
    expect(c.take('a')).toBe(2);
    expect(c.take('b')).toBe(0);
    now = 2900;
    expect(c.take('a')).toBe(1);
    now = 3000;
    expect(c.take('a')).toBe(0);
    const off = new Cooldown(0, () => now);
    expect([off.take('a'), off.take('a')]).toEqual([0, 0]);
  });
});

describe('LruMap', () => {
  it('forgets the least recently used beyond its size', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.get('a');
    m.set('c', 3);
    expect([m.get('a'), m.get('b'), m.get('c'), m.size]).toEqual([1, undefined, 3, 2]);
  });
});

describe('QUOTH_WORKERS', () => {
  it('defaults to one worker per core; 0 means no pool; anything else is refused in one line', () => {
    expect(loadCoreConfig({}).workers).toBe(os.availableParallelism());
    expect(loadCoreConfig({ QUOTH_WORKERS: '0' }).workers).toBe(0);
    expect(loadCoreConfig({ QUOTH_WORKERS: ' 3 ' }).workers).toBe(3);
    for (const bad of ['two', '-1', '1.5', '65']) {
      expect(() => loadCoreConfig({ QUOTH_WORKERS: bad })).toThrow(/^Configuration error: QUOTH_WORKERS: /);
    }
  });
});

describe('WorkQueue', () => {
  it('runs calls one at a time in order; a failure does not stop the next', async () => {
    const q = new WorkQueue();
    const log: string[] = [];
    let running = 0;
    const job = (name: string, fail = false) =>
      q.run(async () => {
        running++;
        expect(running).toBe(1);
        await new Promise((r) => setTimeout(r, 5));
        log.push(name);
        running--;
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([job('a'), job('b', true), job('c')]);
    expect(log).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(q.pending).toBe(0);
  });

  it('with a limit of two (a worker pool), runs two at once and starts the rest in order', async () => {
    const q = new WorkQueue(2);
    const started: string[] = [];
    let running = 0;
    let most = 0;
    const job = (name: string) =>
      q.run(async () => {
        started.push(name);
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return name;
      });
    expect(await Promise.all(['a', 'b', 'c', 'd', 'e'].map(job))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(most).toBe(2);
  });
});

describe('attachments', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/big.txt') res.end('x'.repeat(5000));
      else if (req.url === '/latin1.txt')
        res.end(Buffer.from('Un caf\xe9 au lait, with plain words around it.', 'latin1'));
      else if (req.url === '/redirect.txt') res.writeHead(302, { location: '/note.txt' }).end();
      else res.end('Note\n\nThe note says hello.');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => void server.close());

  it("are fetched only from Discord's CDN or the configured API host", () => {
    expect(attachmentUrlAllowed('https://cdn.discordapp.com/attachments/1/2/a.txt', null)).toBe(true);
    expect(attachmentUrlAllowed('http://cdn.discordapp.com/attachments/1/2/a.txt', null)).toBe(false);
    expect(attachmentUrlAllowed('https://evil.example/a.txt', null)).toBe(false);
    expect(attachmentUrlAllowed('http://127.0.0.1:9/a.txt', null)).toBe(false);
    expect(attachmentUrlAllowed('http://127.0.0.1:9/a.txt', 'http://127.0.0.1:9/api')).toBe(true);
    expect(attachmentUrlAllowed('http://127.0.0.1:10/a.txt', 'http://127.0.0.1:9/api')).toBe(false);
  });

  it('are recognised by extension, then by content type', () => {
    expect(attachmentFormat({ name: 'a.MD', contentType: null })).toBe('markdown');
    expect(attachmentFormat({ name: 'page', contentType: 'text/html; charset=utf-8' })).toBe('html');
    expect(attachmentFormat({ name: 'a.pdf', contentType: 'application/pdf' })).toBe('pdf');
    expect(attachmentFormat({ name: 'report', contentType: 'application/pdf' })).toBe('pdf');
    expect(attachmentFormat({ name: 'minutes.docx', contentType: null })).toBe('docx');
    expect(() => attachmentFormat({ name: 'a.odt', contentType: 'application/vnd.oasis.opendocument.text' })).toThrow(
      '"a.odt" is not a text, Markdown, HTML, PDF or Word file',
    );
  });

  it('are size-capped while streaming, and redirects are not followed', async () => {
    const opts = { maxBytes: 1000, timeoutMs: 5000, apiUrl: `${base}/api` };
    await expect(
      downloadAttachment({ url: `${base}/note.txt`, name: 'note.txt', size: 26, contentType: null }, opts),
    ).resolves.toEqual({ text: 'Note\n\nThe note says hello.', format: 'text' });
    // The declared size can lie; the stream is counted too.
    await expect(
      downloadAttachment({ url: `${base}/big.txt`, name: 'big.txt', size: 10, contentType: null }, opts),
    ).rejects.toThrow('"big.txt" is over the 1 MB limit for one article.');
    await expect(
      downloadAttachment({ url: `${base}/big.txt`, name: 'big.txt', size: 5000, contentType: null }, opts),
    ).rejects.toThrow('over the 1 MB limit');
    await expect(
      downloadAttachment({ url: `${base}/redirect.txt`, name: 'r.txt', size: 1, contentType: null }, opts),
    ).rejects.toThrow('Could not download "r.txt"');
  });

  it('are decoded strictly, like files: invalid UTF-8 is refused with the message a file gets', async () => {
    const opts = { maxBytes: 1000, timeoutMs: 5000, apiUrl: `${base}/api` };
    const att = { url: `${base}/latin1.txt`, name: 'latin1.txt', size: 47, contentType: null };
    await expect(downloadAttachment(att, opts)).rejects.toThrow(
      /^latin1\.txt is not UTF-8 text; convert it to UTF-8 first\.$/,
    );
  });
});
