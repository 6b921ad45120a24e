// Every command end to end: the real discord.js client against the fake Discord, on a real library.
// This file's library allows private URLs (ALLOW_PRIVATE_URLS) because /add fetches articles from a
// server on 127.0.0.1; the refusal of private addresses is tested in gateway.e2e.test.ts.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SENTENCE_CHARS } from '../../src/text/splitSentences.ts';
import { makeDocx } from '../ingest/makeDocx.ts';
import { makePdf } from '../ingest/makePdf.ts';
import { MANAGER_PERMISSIONS, MEMBER_PERMISSIONS } from './fake/fakeDiscord.ts';
import { SAMPLES_DIR, makeUser, quotesIn, startHarness, str, visibleText, type Harness } from './helpers/harness.ts';

let h: Harness;
let A: string;
let B: string;
let articleServer: http.Server;
let articleBase: string;
const admin = makeUser('admin');
const member = makeUser('member');
const FILLERS = 30;

const HTML_ARTICLE =
  '<!doctype html><html><head><title>Ostrander Lighthouse Gets a New Lamp</title></head>' +
  `<body><article>
<h1>Ostrander Lighthouse Gets a New Lamp</h1>
<p>The Ostrander lighthouse was fitted with a new LED lamp on Monday, ` +
  `ending 82 years of service by its old mercury-float lens.</p>
<p>The keeper, Ada Quell, said the new lamp can be seen 19 nautical miles out to sea and uses a tenth of the power.</p>
<p>Visitors may climb the 114 steps of the tower again from June, after two years of repairs to the stairway.</p>
</article></body></html>`;

beforeAll(async () => {
  h = await startHarness({ guilds: 2, allowPrivateUrls: true });
  A = h.guilds[0]!.id;
  B = h.guilds[1]!.id;
  const report = await h.library.ingest([SAMPLES_DIR], { collection: A });
  expect(report.failed).toEqual([]);
  for (let i = 1; i <= FILLERS; i++) {
    await h.library.ingestText(
      {
        text: `Filler note ${i} records the weather in Dunwich harbour as mild and grey, with a light westerly breeze.`,
        title: `Filler note ${String(i).padStart(2, '0')}`,
        source: `filler-${i}`,
      },
      { collection: A },
    );
  }
  articleServer = http.createServer((req, res) => {
    const send = (): void => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_ARTICLE);
    if (req.url === '/slow-lighthouse.html') setTimeout(send, 4000);
    else if (req.url === '/lighthouse.html') send();
    else res.writeHead(404).end();
  });
  articleServer.listen(0, '127.0.0.1');
  await once(articleServer, 'listening');
  articleBase = `http://127.0.0.1:${(articleServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  articleServer?.close();
  await h?.close();
});

describe('/ask', () => {
  it('answers with verbatim quotes as quote blocks and linked titles', async () => {
    const r = await h.fake
      .sendCommand({
        guildId: A,
        user: member,
        name: 'ask',
        options: [str('question', 'How much will the new flood wall cost?')],
      })
      .reply();
    expect(r.kind).toBe('edit');
    expect(r.ephemeral).toBe(false);
    const description = r.embeds[0]!.description!;
    expect(description).toContain('$48.5 million');
    expect(description).toContain(
      '— [Harbor City Votes to Rebuild Its Flood Wall](https://quoth.example/news/harbor-city-flood-wall#:~:text=',
    );
    const flood = h.library.list({ collection: A }).find((a) => a.title.startsWith('Harbor City'))!;
    const text = h.library.get(flood.articleId, { collection: A }).text;
    for (const q of quotesIn(description)) expect(text.includes(q.text)).toBe(true);
    // The jump-to-quote link of the answer points at the answer's own words.
    const [, fragment] = /\(https:\/\/quoth\.example\/news\/harbor-city-flood-wall#:~:text=([^),]+)/.exec(description)!;
    const [answer] = quotesIn(description);
    expect(answer!.text.replace(/\s+/g, ' ')).toContain(decodeURIComponent(fragment!));
    expect(r.embeds[0]!.title).toBe('How much will the new flood wall cost?');
  });

  it('says "Not found in the articles." when the articles do not say', async () => {
    const r = await h.fake
      .sendCommand({
        guildId: A,
        user: member,
        name: 'ask',
        options: [str('question', 'Which volcano erupted in Iceland?')],
      })
      .reply();
    expect(r.embeds[0]!.description).toBe('Not found in the articles.');
  });

  it('looks only in the article picked with the article option (id from autocomplete, or a typed title)', async () => {
    const battery = h.library.list({ collection: A }).find((a) => a.title.includes('Sodium Battery'))!;
    const byId = await h.fake
      .sendCommand({
        guildId: A,
        user: member,
        name: 'ask',
        options: [str('question', 'How much will the new flood wall cost?'), str('article', battery.articleId)],
      })
      .reply();
    expect(visibleText(byId)).not.toContain('Flood Wall');
    const byTitle = await h.fake
      .sendCommand({
        guildId: A,
        user: member,
        name: 'ask',
        options: [str('question', 'How many charge cycles did the cell last?'), str('article', 'sodium battery')],
      })
      .reply();
    expect(byTitle.embeds[0]!.description).toContain('5,000');
    expect(byTitle.embeds[0]!.description).toContain('Ridgewell University Team Reports Long-Lasting Sodium Battery');
  });

  it('shows a core error to the invoking user only, in one sentence, replacing the public "thinking…"', async () => {
    const i = h.fake.sendCommand({
      guildId: A,
      user: member,
      name: 'ask',
      options: [str('question', 'why '.repeat(300))],
    });
    const r = await i.reply();
    expect(r.kind).toBe('followup');
    expect(r.ephemeral).toBe(true);
    expect(r.content).toBe('The question is 1,199 characters long; the limit is 1,000.');
    expect(i.deleted).toBe(true);
  });

  it('keeps @everyone in a quote inert: the text is verbatim and the payload allows no mentions', async () => {
    await h.library.ingestText(
      {
        text:
          'Town crier notice\n\nThe town crier shouted @everyone and <@&123456789012345678> ' +
          'to announce that the ferry to Skellig Point is cancelled on Friday.',
        source: 'crier',
      },
      { collection: A },
    );
    const r = await h.fake
      .sendCommand({
        guildId: A,
        user: member,
        name: 'ask',
        options: [str('question', 'Is the ferry to Skellig Point cancelled?')],
      })
      .reply();
    expect(r.embeds[0]!.description).toContain(
      'The town crier shouted @everyone and <@&123456789012345678> to announce',
    );
    expect(r.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('quotes a 7,000-character run without a full stop in verbatim pieces that fit Discord', async () => {
    // One 7,000-character "sentence": no full stop inside. The core cuts it into sentences of at
    // most MAX_SENTENCE_CHARS, so the quote is a verbatim piece, never the whole run (the
    // formatter's own cutting of quotes too long for an embed is tested in messages.test.ts).
    const words = Array.from({ length: 1000 }, (_, i) => `marsh${i % 50}`).join(' ');
    const text = `Tidal marsh survey\n\nThe tidal marsh survey of Quillon Bay counted ${words} and ended at dusk.`;
    await h.library.ingestText({ text, source: 'marsh', url: 'https://quoth.example/marsh' }, { collection: A });
    const r = await h.fake
      .sendCommand({
        guildId: A,
        user: member,
        name: 'ask',
        options: [str('question', 'What did the tidal marsh survey of Quillon Bay count?')],
      })
      .reply();
    const description = r.embeds[0]!.description!;
    expect(description.length).toBeLessThanOrEqual(4096);
    const [q] = quotesIn(description);
    expect(q!.text.length).toBeGreaterThan(500);
    expect(q!.text.length).toBeLessThan(2 * MAX_SENTENCE_CHARS);
    expect(text.includes(q!.text)).toBe(true);
    expect(q!.text.startsWith('The tidal marsh survey of Quillon Bay counted marsh0 marsh1')).toBe(true);
    expect(description).toContain(
      '— [Tidal marsh survey](https://quoth.example/marsh#:~:text=The%20tidal%20marsh%20survey,',
    );
  });
});

describe('autocomplete', () => {
  it("suggests this server's titles: at most 25, names and values within 100 characters", async () => {
    const i = h.fake.sendAutocomplete({
      guildId: A,
      user: member,
      name: 'ask',
      options: [str('question', 'x'), str('article', 'flood', true)],
    });
    const r = await i.reply();
    expect(r.kind).toBe('autocomplete');
    expect(r.choices.map((c) => c.name)).toEqual(['Harbor City Votes to Rebuild Its Flood Wall']);
    const all = await h.fake
      .sendAutocomplete({ guildId: A, user: member, name: 'summarize', options: [str('article', '', true)] })
      .reply();
    expect(all.choices).toHaveLength(25);
    for (const c of all.choices) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(String(c.value).length).toBeLessThanOrEqual(100);
    }
    const filler = await h.fake
      .sendAutocomplete({ guildId: A, user: member, name: 'remove', options: [str('article', 'filler note 07', true)] })
      .reply();
    expect(filler.choices.map((c) => c.name)).toEqual(['Filler note 07']);
  });
});

describe('/search', () => {
  it('lists ranked articles with snippets, and pages with Next/Previous for the invoking user only', async () => {
    const search = h.fake.sendCommand({
      guildId: A,
      user: member,
      name: 'search',
      options: [str('query', 'weather in Dunwich harbour')],
    });
    const first = await search.reply();
    const page1 = first.embeds[0]!;
    expect(page1.footer!.text).toBe('Page 1 of 5 · 25 articles');
    expect(page1.description).toMatch(/^\*\*1\.\*\* /);
    expect(page1.description).toMatch(
      /\*\*2\.\*\* \*\*Filler note \d\d\*\*\n> Filler note \d+ records the weather in Dunwich harbour/,
    );
    expect(quotesIn(page1.description!)).toHaveLength(5);
    const buttons = h.fake.buttonsOf(search);
    expect(buttons.map((b) => [b.label, b.disabled])).toEqual([
      ['Previous', true],
      ['Next', false],
    ]);

    const next = await h.fake.clickButton(search, buttons[1]!.customId, member).reply();
    expect(next.kind).toBe('update');
    expect(next.embeds[0]!.footer!.text).toBe('Page 2 of 5 · 25 articles');
    expect(next.embeds[0]!.description).toMatch(/^\*\*6\.\*\* /);

    const stranger = await h.fake.clickButton(search, h.fake.buttonsOf(search)[1]!.customId, admin).reply();
    expect(stranger.ephemeral).toBe(true);
    expect(stranger.content).toMatch(/^Only the person who ran this search can page through it/);

    const back = await h.fake.clickButton(search, h.fake.buttonsOf(search)[0]!.customId, member).reply();
    expect(back.embeds[0]!.footer!.text).toBe('Page 1 of 5 · 25 articles');
  });

  it('says so when nothing matches', async () => {
    const r = await h.fake
      .sendCommand({ guildId: A, user: member, name: 'search', options: [str('query', 'zeppelin')] })
      .reply();
    expect(r.embeds[0]!.description).toBe('No articles match.');
    expect(r.components).toEqual([]);
  });
});

describe('/summarize', () => {
  it('quotes key sentences as bullets with the article link; length picks how many', async () => {
    const cup = h.library.list({ collection: A }).find((a) => a.title.includes('County Cup'))!;
    const text = h.library.get(cup.articleId, { collection: A }).text;
    const short = await h.fake
      .sendCommand({ guildId: A, user: member, name: 'summarize', options: [str('article', cup.articleId)] })
      .reply();
    const bullets = quotesIn(short.embeds[0]!.description!, '> - ');
    expect(bullets).toHaveLength(3);
    for (const b of bullets) expect(text.includes(b.text)).toBe(true);
    expect(short.embeds[0]!.url).toBe(cup.url);
    expect(short.embeds[0]!.description).toContain(`— [${cup.title}](${cup.url})`);
    const medium = await h.fake
      .sendCommand({
        guildId: A,
        user: member,
        name: 'summarize',
        options: [str('article', cup.articleId), str('length', 'medium')],
      })
      .reply();
    expect(quotesIn(medium.embeds[0]!.description!, '> - ')).toHaveLength(5);
  });

  it('refuses an article that does not exist, privately', async () => {
    const r = await h.fake
      .sendCommand({ guildId: A, user: member, name: 'summarize', options: [str('article', 'no such thing at all')] })
      .reply();
    expect(r.ephemeral).toBe(true);
    expect(r.content).toBe('No article in this server matches "no such thing at all"; pick one from the suggestions.');
  });
});

describe('/articles', () => {
  it("lists the server's articles in pages; only the invoker may page", async () => {
    const list = h.fake.sendCommand({ guildId: A, user: member, name: 'articles' });
    const r = await list.reply();
    expect(r.kind).toBe('reply');
    const total = h.library.list({ collection: A }).length;
    expect(r.embeds[0]!.title).toBe(`Articles in this server (${total})`);
    expect(r.embeds[0]!.footer!.text).toBe(`Page 1 of ${Math.ceil(total / 10)}`);
    expect(r.embeds[0]!.description!.split('\n')).toHaveLength(10);
    const next = await h.fake.clickButton(list, h.fake.buttonsOf(list)[1]!.customId, member).reply();
    expect(next.embeds[0]!.footer!.text).toBe(`Page 2 of ${Math.ceil(total / 10)}`);
    expect(next.embeds[0]!.description).toMatch(/^\*\*11\.\*\* /);
    const other = await h.fake.clickButton(list, h.fake.buttonsOf(list)[1]!.customId, admin).reply();
    expect(other.ephemeral).toBe(true);
    expect(other.content).toMatch(/^Only the person who ran \/articles/);
  });
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
    expect(askA.embeds[0]!.description).toBe('Not found in the articles.');
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
    const mentions = h.fake.messages.map((m) => m.body.allowed_mentions);
    expect(mentions.length).toBeGreaterThan(20);
    for (const m of mentions) expect(m).toEqual({ parse: [] });
    expect(h.fake.rejections).toEqual([]);
    expect(h.fake.unexpected).toEqual([]);
    expect(h.logs.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
  });
});
