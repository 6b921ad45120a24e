// The bot on a hybrid library (the tiny test embedding model through the real loader).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadTinyEmbedder } from '../helpers/tinyModel.ts';
import { SAMPLES_DIR, makeUser, quotesIn, startHarness, str, visibleText, type Harness } from './helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ guilds: 1, embedder: await loadTinyEmbedder() });
  const report = await h.library.ingest([SAMPLES_DIR], { collection: h.guilds[0]!.id });
  expect(report.mode).toBe('hybrid');
});
afterAll(async () => h?.close());

it('answers /ask in hybrid mode with verbatim quotes, and /about says hybrid', async () => {
  const G = h.guilds[0]!.id;
  const r = await h.fake
    .sendCommand({
      guildId: G,
      user: makeUser('ann'),
      name: 'ask',
      options: [str('question', 'How long did the sodium battery cell last?')],
    })
    .reply();
  expect(r.embeds[0]!.footer!.text).toContain('hybrid search');
  const texts = h.library.list({ collection: G }).map((a) => h.library.get(a.articleId, { collection: G }).text);
  const quotes = quotesIn(r.embeds[0]!.description!);
  expect(quotes.length).toBeGreaterThan(0);
  for (const q of quotes) expect(texts.some((t) => t.includes(q.text))).toBe(true);
  expect(r.embeds[0]!.description).toContain('5,000');

  const about = await h.fake.sendCommand({ guildId: G, user: makeUser('bob'), name: 'about' }).reply();
  expect(visibleText(about)).toMatch(/\*\*Mode:\*\* hybrid: keyword \(BM25\) and meaning \(.+\) search combined/);
  expect(h.fake.rejections).toEqual([]);
});
