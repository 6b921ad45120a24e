// Two real Quoth processes (`npm start` with DISCORD_PUBLIC_KEY, no gateway) sharing one data
// directory behind a round-robin "load balancer": the fake Discord signs each interaction with a
// generated Ed25519 key and POSTs it to one of them, takes the HTTP response as the acknowledgement
// and the deferred replies from the REST API, enforcing Discord's rules on both.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCoreConfig } from '../../../src/config.ts';
import { QuothLibrary } from '../../../src/core/library.ts';
import { FakeDiscord, MANAGER_PERMISSIONS, snowflake } from '../fake/fakeDiscord.ts';
import { HttpDelivery } from '../fake/httpDelivery.ts';
import { SAMPLES_DIR, TEST_TOKEN, makeUser, quotesIn, str } from '../helpers/harness.ts';
import { type HttpBotProcess, startHttpBot, stopHttpBot } from '../helpers/httpBots.ts';

const START = fileURLToPath(new URL('../../../bin/start.js', import.meta.url));
const guild = { id: snowflake(), name: 'Load-balanced Server' };
const member = makeUser('member');
const admin = makeUser('admin');

let dataDir: string;
let library: QuothLibrary;
let fake: FakeDiscord;
let http: HttpDelivery;
const bots: HttpBotProcess[] = [];

/** `npm start` as an HTTP-endpoint-only bot on the shared data directory. */
async function startProcess(publicKeyHex: string): Promise<string> {
  const bot = await startHttpBot([START], {
    DISCORD_PUBLIC_KEY: publicKeyHex,
    DISCORD_API_URL: fake.apiUrl,
    DATA_DIR: dataDir,
    EMBEDDING_MODEL: 'none',
    ALLOW_PRIVATE_URLS: '1',
    COOLDOWN_SECONDS: '0',
    LOG_LEVEL: 'info',
    // One worker each: the answers cross a pool in both processes, on a 2-core test machine.
    QUOTH_WORKERS: '1',
  });
  bots.push(bot);
  return bot.url;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'quoth-http-endpoint-'));
  library = await QuothLibrary.open(loadCoreConfig({ EMBEDDING_MODEL: 'none', LOG_LEVEL: 'silent' }, { dataDir }), {
    embedder: null,
  });
  expect((await library.ingest([SAMPLES_DIR], { collection: guild.id })).failed).toEqual([]);
  fake = await FakeDiscord.start({ token: TEST_TOKEN, guilds: [guild] });
  const keyHolder = new HttpDelivery(fake, []);
  const urls = await Promise.all([startProcess(keyHolder.publicKeyHex), startProcess(keyHolder.publicKeyHex)]);
  keyHolder.endpoints.push(...urls);
  http = keyHolder;
});

afterAll(async () => {
  for (const bot of bots) await stopHttpBot(bot);
  http?.close();
  await fake?.close();
  await library?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function articleText(titleStart: string): string {
  const a = library.list({ collection: guild.id }).find((x) => x.title.startsWith(titleStart))!;
  return library.get(a.articleId, { collection: guild.id }).text;
}

describe('the HTTP interactions endpoint', () => {
  it('answers PING with PONG and refuses unsigned, wrongly signed and replayed requests with 401', async () => {
    const ping = JSON.stringify({
      id: snowflake(),
      application_id: fake.applicationId,
      type: 1,
      token: 't',
      version: 1,
    });
    const stranger = (await import('node:crypto')).generateKeyPairSync('ed25519').privateKey;
    for (const url of http.endpoints) {
      expect(await http.post(url, ping)).toEqual({ status: 200, body: { type: 1 } });
      const unsigned = await http.post(url, ping, { 'content-type': 'application/json' });
      const forged = await http.post(url, ping, http.signedHeaders(ping, { key: stranger }));
      const stale = await http.post(url, ping, http.signedHeaders(ping, { timestamp: Date.now() / 1000 - 3600 }));
      const tampered = await http.post(url, ping.replace('"type":1', '"type":1 '), http.signedHeaders(ping));
      expect([unsigned, forged, stale, tampered].map((a) => a.status)).toEqual([401, 401, 401, 401]);
    }
  });

  it('spreads /ask, /search and autocomplete over both processes, answering each with verbatim quotes', async () => {
    const asks = Array.from({ length: 4 }, () =>
      fake.sendCommand({
        guildId: guild.id,
        user: member,
        name: 'ask',
        options: [str('question', 'How much will the new flood wall cost?')],
      }),
    );
    const searches = Array.from({ length: 2 }, () =>
      fake.sendCommand({ guildId: guild.id, user: member, name: 'search', options: [str('query', 'flood wall')] }),
    );
    const completions = Array.from({ length: 2 }, () =>
      fake.sendAutocomplete({
        guildId: guild.id,
        user: member,
        name: 'ask',
        options: [str('question', 'flood'), str('article', 'Harbor', true)],
      }),
    );
    const all = [...asks, ...searches, ...completions];
    expect(new Set(all.map((i) => http.deliveredTo.get(i.id)))).toEqual(new Set(http.endpoints));

    const flood = articleText('Harbor City');
    for (const ask of asks) {
      const r = await ask.reply();
      expect(ask.ack?.type).toBe(5);
      expect(r.kind).toBe('edit');
      const description = r.embeds[0]!.description!;
      expect(description).toContain('$48.5 million');
      for (const q of quotesIn(description)) expect(flood.includes(q.text)).toBe(true);
    }
    for (const search of searches) {
      const r = await search.reply();
      expect(r.embeds[0]!.description).toContain('Harbor City Votes to Rebuild Its Flood Wall');
    }
    for (const completion of completions) {
      const r = await completion.reply();
      expect(r.kind).toBe('autocomplete');
      expect(r.choices.map((c) => c.name)).toContain('Harbor City Votes to Rebuild Its Flood Wall');
    }
    expect(fake.rejections).toEqual([]);
  });

  it('adds articles through both processes at once (one writer at a time), each found by the other', async () => {
    const facts = [
      { title: 'Brindle Harvest Fair Breaks Pumpkin Record', fact: 'weighed 1,204 pounds at the Brindle fair' },
      { title: 'Osk Valley Ferry Returns to Service', fact: 'carried 312 passengers on its first crossing' },
    ];
    const adds = facts.map(({ title, fact }, i) => {
      const file = fake.serveAttachment(
        `note-${i}.md`,
        `---\ntitle: ${title}\n---\n\nThe ${i ? 'ferry' : 'pumpkin'} ${fact} on Sunday, the county said.\n`,
        'text/markdown; charset=utf-8',
      );
      return fake.sendCommand({
        guildId: guild.id,
        user: admin,
        name: 'add',
        permissions: MANAGER_PERMISSIONS,
        options: [{ name: 'file', type: 11, value: file.id }],
        attachments: [file],
      });
    });
    expect(new Set(adds.map((a) => http.deliveredTo.get(a.id)))).toEqual(new Set(http.endpoints));
    for (const [i, add] of adds.entries())
      expect((await add.reply()).content).toContain(`Added **${facts[i]!.title}**`);

    // Each question goes to the process that did not add its article.
    const questions = ['How much did the pumpkin weigh?', 'How many passengers did the ferry carry?'];
    const asks = [1, 0].map((i) =>
      fake.sendCommand({ guildId: guild.id, user: member, name: 'ask', options: [str('question', questions[i]!)] }),
    );
    expect(asks.map((a) => http.deliveredTo.get(a.id))).toEqual(adds.map((a) => http.deliveredTo.get(a.id)));
    expect((await asks[0]!.reply()).embeds[0]!.description).toContain('312 passengers');
    expect((await asks[1]!.reply()).embeds[0]!.description).toContain('1,204 pounds');
    expect(fake.rejections).toEqual([]);
  });

  it('stops both processes cleanly on SIGTERM', async () => {
    for (const bot of bots) {
      const code = await stopHttpBot(bot);
      expect({ code, log: code === 0 ? '' : bot.stderr() }).toEqual({ code: 0, log: '' });
    }
  });
});
