// Message context-menu commands end to end (right-click a message → Apps): "Ask Quoth" and
// "Add to library", with the real discord.js client against the fake Discord on a real library.
// Private URLs are allowed because the article pages are served on 127.0.0.1.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linksIn } from '../../commands/addMessage.ts';
import { MANAGER_PERMISSIONS, MEMBER_PERMISSIONS } from './fake/fakeDiscord.ts';
import { SAMPLES_DIR, makeUser, quotesIn, startHarness, type Harness } from './helpers/harness.ts';

let h: Harness;
let A: string;
let B: string;
let pages: http.Server;
let base: string;
const admin = makeUser('admin');
const member = makeUser('member');
const poster = makeUser('poster');

const PAGE =
  '<!doctype html><html><head><title>Ostrander Lighthouse Gets a New Lamp</title></head><body><article>' +
  '<h1>Ostrander Lighthouse Gets a New Lamp</h1>' +
  '<p>The Ostrander lighthouse was fitted with a new LED lamp on Monday, ending 82 years of service.</p>' +
  '<p>The keeper, Ada Quell, said the new lamp can be seen 19 nautical miles out to sea.</p>' +
  '</article></body></html>';

beforeAll(async () => {
  h = await startHarness({ guilds: 2, allowPrivateUrls: true });
  A = h.guilds[0]!.id;
  B = h.guilds[1]!.id;
  const report = await h.library.ingest([SAMPLES_DIR], { collection: A });
  expect(report.failed).toEqual([]);
  pages = http.createServer((req, res) => {
    if (req.url === '/lighthouse.html') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    else res.writeHead(404).end();
  });
  pages.listen(0, '127.0.0.1');
  await once(pages, 'listening');
  base = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
});

afterAll(async () => {
  pages?.close();
  await h?.close();
});

describe('Ask Quoth (message context menu)', () => {
  it('answers the message’s text privately, and posts the answer for everyone on request', async () => {
    const ask = h.fake.sendMessageCommand({
      guildId: A,
      user: member,
      name: 'Ask Quoth',
      target: { author: poster, content: 'How much will the new flood wall cost? @everyone' },
    });
    const r = await ask.reply();
    expect(r).toMatchObject({ kind: 'edit', ephemeral: true });
    const description = r.embeds[0]!.description!;
    expect(description).toContain('$48.5 million');
    expect(quotesIn(description).length).toBeGreaterThan(0);
    expect(h.fake.buttonsOf(ask).map((b) => b.label)).toEqual(['Post in channel']);

    const post = h.fake.clickButton(ask, h.fake.buttonsOf(ask)[0]!.customId, member);
    const [update, posted] = [await post.reply(), await post.nthReply(1)];
    expect(update.kind).toBe('update');
    expect(update.components).toEqual([]);
    expect(posted).toMatchObject({ kind: 'followup', ephemeral: false });
    expect(posted.embeds[0]!.description).toBe(description);
    expect(posted.body.allowed_mentions).toEqual({ parse: [] });
    expect(h.fake.buttonsOf(ask)).toEqual([]);
  });

  it('offers no button for an abstention, and refuses a message without text in one line', async () => {
    const none = h.fake.sendMessageCommand({
      guildId: A,
      user: member,
      name: 'Ask Quoth',
      target: { author: poster, content: 'What colour is the zeppelin hangar on Mars?' },
    });
    expect((await none.reply()).embeds[0]!.description).toBe(
      'Not found in the articles.\nNo article mentions “Mars”, “zeppelin” or “hangar”.',
    );
    expect(h.fake.buttonsOf(none)).toEqual([]);
    const file = h.fake.serveAttachment('notes.txt', 'hello', 'text/plain');
    const empty = await h.fake
      .sendMessageCommand({
        guildId: A,
        user: member,
        name: 'Ask Quoth',
        target: { author: poster, content: '', attachments: [file] },
      })
      .reply();
    expect(empty).toMatchObject({ kind: 'reply', ephemeral: true, content: 'That message has no text to ask about.' });
  });
});

describe('Add to library (message context menu)', () => {
  it('refuses members without Manage Server, privately, and adds nothing', async () => {
    const r = await h.fake
      .sendMessageCommand({
        guildId: B,
        user: member,
        name: 'Add to library',
        target: { author: poster, content: `${base}/lighthouse.html` },
        permissions: MEMBER_PERMISSIONS,
      })
      .reply();
    expect(r).toMatchObject({ ephemeral: true, content: 'You need the Manage Server permission to add articles.' });
    expect(h.library.list({ collection: B })).toEqual([]);
  });

  it('adds the message’s links and attached files like /add, one line each, failures included', async () => {
    const file = h.fake.serveAttachment(
      'harvest-fair.md',
      '---\ntitle: Brindle Harvest Fair Breaks Pumpkin Record\n---\n\n' +
        'A pumpkin grown by Wen Aldous weighed 1,204 pounds at the Brindle harvest fair on Sunday.\n',
      'text/markdown; charset=utf-8',
    );
    const image = h.fake.serveAttachment('cat.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png');
    const add = h.fake.sendMessageCommand({
      guildId: B,
      user: admin,
      name: 'Add to library',
      target: {
        author: poster,
        content: `Worth keeping: <${base}/lighthouse.html>, and ${base}/missing.html.`,
        attachments: [file, image],
      },
      permissions: MANAGER_PERMISSIONS,
    });
    const r = await add.reply();
    expect(add.ack?.type).toBe(5);
    expect(r).toMatchObject({ kind: 'edit', ephemeral: true });
    const lines = r.content.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^Added \[Ostrander Lighthouse Gets a New Lamp\]\(http:\/\/127\.0\.0\.1:\d+\/lighthouse\.html\)/,
    );
    expect(lines[1]).toMatch(new RegExp(`^${base.replace(/[.]/g, '\\.')}/missing\\.html: .*404`));
    expect(lines[2]).toMatch(/^Added \*\*Brindle Harvest Fair Breaks Pumpkin Record\*\* \(id `[0-9a-f]+`/);
    expect(lines[3]).toBe(
      'cat.png: "cat.png" is not a text, Markdown, HTML, PDF or Word file; attach a .txt, .md, .html, .pdf or .docx file.',
    );
    expect(
      h.library
        .list({ collection: B })
        .map((a) => a.title)
        .sort(),
    ).toEqual(['Brindle Harvest Fair Breaks Pumpkin Record', 'Ostrander Lighthouse Gets a New Lamp']);
  });

  it('refuses a message with nothing to add in one line', async () => {
    const r = await h.fake
      .sendMessageCommand({
        guildId: B,
        user: admin,
        name: 'Add to library',
        target: { author: poster, content: 'no links here' },
        permissions: MANAGER_PERMISSIONS,
      })
      .reply();
    expect(r).toMatchObject({ ephemeral: true, content: 'That message has no links or attached files to add.' });
  });

  it('finds links in text: trailing punctuation and angle brackets are not part of them', () => {
    expect(
      linksIn('See https://a.example/x. Or (https://b.example/y) and <https://c.example/z?q=1>, https://a.example/x'),
    ).toEqual(['https://a.example/x', 'https://b.example/y', 'https://c.example/z?q=1']);
    expect(linksIn('https://en.example/wiki/Flood_(disambiguation)')).toEqual([
      'https://en.example/wiki/Flood_(disambiguation)',
    ]);
    expect(linksIn('ftp://x.example and javascript:alert(1)')).toEqual([]);
  });

  it('Discord refused nothing and no message allowed mentions', () => {
    expect(h.fake.rejections).toEqual([]);
    expect(h.fake.unexpected).toEqual([]);
    for (const m of h.fake.messages) {
      if (m.body.content !== undefined || m.body.embeds !== undefined)
        expect(m.body.allowed_mentions).toEqual({ parse: [] });
    }
  });
});
