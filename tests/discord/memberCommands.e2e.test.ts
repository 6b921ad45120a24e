// The commands every member may use, end to end: /ask, autocomplete, /search, /summarize and /articles,
// the real discord.js client against the fake Discord, on a real library (server A: the samples and
// filler notes). /add, /remove, guild isolation and /about are in addRemove.e2e.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SENTENCE_CHARS } from '../../src/text/splitSentences.ts';
import { makeUser, quotesIn, str, visibleText, type Harness } from './helpers/harness.ts';
import { expectNothingAmiss, startSamplesHarness } from './helpers/samplesHarness.ts';

let h: Harness;
let A: string;
const admin = makeUser('admin');
const member = makeUser('member');

beforeAll(async () => {
  h = await startSamplesHarness();
  A = h.guilds[0]!.id;
});

afterAll(async () => {
  try {
    // What the fake saw, after every test of this file (addRemove.e2e.test.ts checks its own in its last test).
    if (h) expectNothingAmiss(h);
  } finally {
    await h?.close();
  }
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
    expect(r.embeds[0]!.description).toBe(
      'Not found in the articles.\nNo article mentions “Iceland”, “volcano” or “erupted”.',
    );
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
    expect(r.embeds[0]!.description).toBe('No articles match.\nNo article mentions “zeppelin”.');
    expect(r.components).toEqual([]);
  });
});

describe('a server with no articles yet (server B)', () => {
  it('/ask and /search say how to add one rather than "not found"', async () => {
    const B = h.guilds[1]!.id;
    const howToAdd = 'No articles yet. Members with Manage Server can add one with /add.';
    const ask = await h.fake
      .sendCommand({ guildId: B, user: member, name: 'ask', options: [str('question', 'Who founded Tallyfox?')] })
      .reply();
    expect(ask.embeds[0]!.description).toBe(howToAdd);
    const search = await h.fake
      .sendCommand({ guildId: B, user: admin, name: 'search', options: [str('query', 'Tallyfox')] })
      .reply();
    expect(search.embeds[0]!.description).toBe(howToAdd);
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
