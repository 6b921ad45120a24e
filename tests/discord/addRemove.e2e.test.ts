// /add and /remove end to end, then what depends on their additions (guild isolation, /about) and
// commands in DMs: the real discord.js client against the fake Discord, on a real library. The
// library allows private URLs because /add fetches articles from a server on 127.0.0.1 (see
// samplesHarness.ts). /ask, /search, /summarize and /articles are in memberCommands.e2e.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocx } from '../ingest/makeDocx.ts';
import { makePdf } from '../ingest/makePdf.ts';
import { stopServer, type TestServer } from '../helpers/testServer.ts';
import { MANAGER_PERMISSIONS, MEMBER_PERMISSIONS } from './fake/fakeDiscord.ts';
import { makeUser, str, visibleText, type Harness } from './helpers/harness.ts';
import { expectNothingAmiss, startArticleSite, startSamplesHarness } from './helpers/samplesHarness.ts';

let h: Harness;
let A: string;
let B: string;
let articleServer: TestServer;
let articleBase: string;
const admin = makeUser('admin');
const member = makeUser('member');

beforeAll(async () => {
  h = await startSamplesHarness();
  A = h.guilds[0]!.id;
  B = h.guilds[1]!.id;
  articleServer = await startArticleSite();
  articleBase = articleServer.base;
});

afterAll(async () => {
  await stopServer(articleServer);
  await h?.close();
});

describe('/add and /remove', () => {
  it('refuses members without Manage Server, privately, and changes nothing', async () => {
    const before = h.library.list({ collection: B }).length;
    const add = await h.fake
      .sendCommand({
        guildId: B,
        user: member,
        name: 'add',
        permissions: MEMBER_PERMISSIONS,
        options: [str('url', `${articleBase}/lighthouse.html`)],
      })
      .reply();
    expect(add.kind).toBe('reply');
    expect(add.ephemeral).toBe(true);
    expect(add.content).toBe('You need the Manage Server permission to add articles.');
    const remove = await h.fake
      .sendCommand({
        guildId: A,
        user: member,
        name: 'remove',
        permissions: MEMBER_PERMISSIONS,
        options: [str('article', 'Filler note 01')],
      })
      .reply();
    expect(remove.content).toBe('You need the Manage Server permission to remove articles.');
    expect(h.library.list({ collection: B })).toHaveLength(before);
  });

  it('adds an article from a URL, acknowledging in time even when the site is slow', async () => {
    const i = h.fake.sendCommand({
      guildId: B,
      user: admin,
      name: 'add',
      permissions: MANAGER_PERMISSIONS,
      options: [str('url', `${articleBase}/slow-lighthouse.html`)],
    });
    const r = await i.reply();
    // The fake refuses acknowledgements after 3 s; the bot deferred first, so the 4 s fetch is fine.
    expect(i.ack?.type).toBe(5);
    expect(i.rejections).toEqual([]);
    expect(r.ephemeral).toBe(true);
    expect(r.content).toMatch(
      new RegExp(
        String.raw`^Added \[Ostrander Lighthouse Gets a New Lamp\]` +
          String.raw`\(http://127\.0\.0\.1:\d+/slow-lighthouse\.html\) \(id ` +
          '`[0-9a-f]+`' +
          String.raw`, 1 passage\)\.$`,
      ),
    );
  });

  it('adds an article from an attached Markdown file', async () => {
    const file = h.fake.serveAttachment(
      'harvest-fair.md',
      '---\ntitle: Brindle Harvest Fair Breaks Pumpkin Record\nurl: ' +
        'https://quoth.example/news/harvest-fair\n---\n\nA ' +
        'pumpkin grown by Wen Aldous weighed 1,204 pounds at the Brindle harvest fair on Sunday, a county record.\n',
      'text/markdown; charset=utf-8',
    );
    const r = await h.fake
      .sendCommand({
        guildId: B,
        user: admin,
        name: 'add',
        permissions: MANAGER_PERMISSIONS,
        options: [{ name: 'file', type: 11, value: file.id }],
        attachments: [file],
      })
      .reply();
    expect(r.content).toMatch(
      /^Added \[Brindle Harvest Fair Breaks Pumpkin Record\]\(https:\/\/quoth\.example\/news\/harvest-fair\)/,
    );
    const ask = await h.fake
      .sendCommand({
        guildId: B,
        user: member,
        name: 'ask',
        options: [str('question', 'How much did the record pumpkin weigh?')],
      })
      .reply();
    expect(ask.embeds[0]!.description).toContain('1,204 pounds');
  });

  it('adds articles from attached PDF and Word files, quoting their text verbatim', async () => {
    const pdf = h.fake.serveAttachment(
      'ferry-report.pdf',
      Buffer.from(
        makePdf({
          title: 'Ferry Report',
          pages: [['The Brindle ferry carried 8,417 passengers in its first week, the operator said.']],
        }),
      ),
      'application/pdf',
    );
    const docx = h.fake.serveAttachment(
      'roof-minutes.docx',
      Buffer.from(
        makeDocx({
          paragraphs: [
            { text: 'Roof Minutes', heading: 1 },
            { text: 'The Brindle council agreed to spend 310,000 on the museum roof after a short debate.' },
          ],
        }),
      ),
      'application/octet-stream',
    );
    for (const file of [pdf, docx]) {
      const r = await h.fake
        .sendCommand({
          guildId: B,
          user: admin,
          name: 'add',
          permissions: MANAGER_PERMISSIONS,
          options: [{ name: 'file', type: 11, value: file.id }],
          attachments: [file],
        })
        .reply();
      expect(r.content).toMatch(/^Added /);
    }
    for (const [question, answer] of [
      ['How many passengers did the Brindle ferry carry in its first week?', '8,417 passengers'],
      ['How much will the council spend on the museum roof?', '310,000'],
    ] as const) {
      const ask = await h.fake
        .sendCommand({ guildId: B, user: member, name: 'ask', options: [str('question', question)] })
        .reply();
      expect(ask.embeds[0]!.description).toContain(answer);
    }
    const titles = h.library.list({ collection: B }).map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining(['Ferry Report', 'Roof Minutes']));
    for (const a of h.library.list({ collection: B }).filter((x) => x.title.endsWith('Report'))) {
      const text = h.library.get(a.articleId, { collection: B }).text;
      expect(text).toContain('The Brindle ferry carried 8,417 passengers in its first week, the operator said.');
    }
    // Later tests count server B's articles: take these two out again.
    for (const a of h.library.list({ collection: B }).filter((x) => /^(Ferry Report|Roof Minutes)$/.test(x.title))) {
      await h.library.remove(a.articleId, { collection: B });
    }
  });

  it('refuses what is not a web address, a file that is not text, and both or neither', async () => {
    const send = (
      options: Parameters<typeof h.fake.sendCommand>[0]['options'],
      attachments?: Parameters<typeof h.fake.sendCommand>[0]['attachments'],
    ) =>
      h.fake
        .sendCommand({ guildId: B, user: admin, name: 'add', permissions: MANAGER_PERMISSIONS, options, attachments })
        .reply();
    expect((await send([str('url', '/etc/passwd')])).content).toBe(
      'That is not a web address; give the full URL, starting with https://.',
    );
    expect((await send([str('url', 'file:///etc/passwd')])).content).toBe(
      'Only http and https web addresses can be added.',
    );
    expect((await send([])).content).toBe(
      'Give the article as a url, or attach a .txt, .md, .html, .pdf or .docx file.',
    );
    const image = h.fake.serveAttachment('cat.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), 'image/png');
    const r = await send([{ name: 'file', type: 11, value: image.id }], [image]);
    expect(r.ephemeral).toBe(true);
    expect(r.content).toBe(
      '"cat.png" is not a text, Markdown, HTML, PDF or Word file; attach a .txt, .md, .html, .pdf or .docx file.',
    );
  });

  it('removes an article for a manager; it is gone from the list', async () => {
    const filler = h.library.findArticles('Filler note 30', { collection: A })[0]!;
    const r = await h.fake
      .sendCommand({
        guildId: A,
        user: admin,
        name: 'remove',
        permissions: MANAGER_PERMISSIONS,
        options: [str('article', filler.articleId)],
      })
      .reply();
    expect(r.ephemeral).toBe(true);
    expect(r.content).toBe(`Removed **Filler note 30** (id \`${filler.articleId}\`).`);
    expect(h.library.findArticles('Filler note 30', { collection: A })).toEqual([]);
  });
});

describe('guild isolation', () => {
  it("never shows one server's article in another server's ask, search or autocomplete", async () => {
    // The lighthouse article was added in server B above.
    const inB = await h.fake
      .sendCommand({
        guildId: B,
        user: member,
        name: 'ask',
        options: [str('question', 'How far out to sea can the new lighthouse lamp be seen?')],
      })
      .reply();
    expect(inB.embeds[0]!.description).toContain('19 nautical miles');

    const askA = await h.fake
      .sendCommand({
        guildId: A,
        user: member,
        name: 'ask',
        options: [str('question', 'How far out to sea can the new lighthouse lamp be seen?')],
      })
      .reply();
    // A's words only: B's lighthouse article is not even known to exist.
    expect(askA.embeds[0]!.description).toBe(
      'Not found in the articles.\nNo article mentions “lighthouse”, “lamp” or “sea”.',
    );
    const searchA = await h.fake
      .sendCommand({ guildId: A, user: member, name: 'search', options: [str('query', 'Ostrander lighthouse lamp')] })
      .reply();
    expect(searchA.embeds[0]!.description).not.toMatch(/Ostrander/);
    const completeA = await h.fake
      .sendAutocomplete({
        guildId: A,
        user: member,
        name: 'ask',
        options: [str('question', 'x'), str('article', 'lighthouse', true)],
      })
      .reply();
    expect(completeA.choices).toEqual([]);
    const completeB = await h.fake
      .sendAutocomplete({
        guildId: B,
        user: member,
        name: 'ask',
        options: [str('question', 'x'), str('article', 'lighthouse', true)],
      })
      .reply();
    expect(completeB.choices.map((c) => c.name)).toEqual(['Ostrander Lighthouse Gets a New Lamp']);
    const summaryA = await h.fake
      .sendCommand({
        guildId: A,
        user: member,
        name: 'summarize',
        options: [str('article', String(completeB.choices[0]!.value))],
      })
      .reply();
    expect(summaryA.ephemeral).toBe(true);
  });
});

describe('/about and DMs', () => {
  it("/about tells what Quoth is, the server's article count and the mode", async () => {
    const r = await h.fake.sendCommand({ guildId: B, user: member, name: 'about' }).reply();
    const text = visibleText(r);
    expect(text).toContain('**Articles in this server:** 2');
    expect(text).toContain('**Mode:** lexical');
  });

  it('politely refuses commands in direct messages', async () => {
    const r = await h.fake
      .sendCommand({ guildId: null, user: member, name: 'ask', options: [str('question', 'hello?')] })
      .reply();
    expect(r.ephemeral).toBe(true);
    expect(r.content).toBe('Quoth works inside servers only; use its commands in a server channel.');
  });
});

// Last in the file, so it sees what every test above sent.
describe('what the fake saw', () => {
  it('every message allowed no mentions, and Discord refused nothing', () => {
    expectNothingAmiss(h);
  });
});
