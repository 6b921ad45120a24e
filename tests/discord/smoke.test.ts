import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, makeUser, str, visibleText, SAMPLES_DIR, type Harness } from './helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.library.ingest([SAMPLES_DIR], { collection: h.guilds[0]!.id });
});
afterAll(async () => h?.close());

it('answers /ask', async () => {
  const i = h.fake.sendCommand({ guildId: h.guilds[0]!.id, user: makeUser('ann'), name: 'ask', options: [str('question', 'How much will the new flood wall cost?')] });
  const r = await i.reply();
  console.log(JSON.stringify(r.body, null, 1));
  console.log(visibleText(r));
  console.log(h.fake.rejections, h.fake.unexpected);
  expect(r.kind).toBe('edit');
});
