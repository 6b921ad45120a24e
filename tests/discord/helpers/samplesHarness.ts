// What memberCommands.e2e.test.ts and addRemove.e2e.test.ts share: the bot on two servers, server A
// holding the sample articles and filler notes, and the closing check of everything the fake saw.
// Also the site addRemove.e2e.test.ts's /add fetches its article from: the library allows private URLs
// (ALLOW_PRIVATE_URLS) because that site is on 127.0.0.1; the refusal of private addresses is tested
// in operations.e2e.test.ts.
import { expect } from 'vitest';
import { startServer, type TestServer } from '../../helpers/testServer.ts';
import { SAMPLES_DIR, startHarness, type Harness } from './harness.ts';

/** Filler notes in server A, enough for /search and /articles to need more than one page. */
const FILLERS = 30;

/** Two servers, A holding the samples and notes "Filler note 01" to "Filler note 30"; B empty. */
export async function startSamplesHarness(): Promise<Harness> {
  const h = await startHarness({ guilds: 2, allowPrivateUrls: true });
  try {
    const A = h.guilds[0]!.id;
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
  } catch (err) {
    await h.close();
    throw err;
  }
  return h;
}

/**
 * Every message allowed no mentions, Discord refused nothing and the bot logged no error. The count
 * only shows the check saw something: before the split both files were one, with "more than 20" over
 * 38 messages; now each file sends about 20, and more than 10 each keeps the same floor over the two.
 */
export function expectNothingAmiss(h: Harness): void {
  const mentions = h.fake.messages.map((m) => m.body.allowed_mentions);
  expect(mentions.length).toBeGreaterThan(10);
  for (const m of mentions) expect(m).toEqual({ parse: [] });
  expect(h.fake.rejections).toEqual([]);
  expect(h.fake.unexpected).toEqual([]);
  expect(h.logs.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
}

const HTML_ARTICLE =
  '<!doctype html><html><head><title>Ostrander Lighthouse Gets a New Lamp</title></head>' +
  `<body><article>
<h1>Ostrander Lighthouse Gets a New Lamp</h1>
<p>The Ostrander lighthouse was fitted with a new LED lamp on Monday, ` +
  `ending 82 years of service by its old mercury-float lens.</p>
<p>The keeper, Ada Quell, said the new lamp can be seen 19 nautical miles out to sea and uses a tenth of the power.</p>
<p>Visitors may climb the 114 steps of the tower again from June, after two years of repairs to the stairway.</p>
</article></body></html>`;

/** Serves HTML_ARTICLE at /lighthouse.html, and at /slow-lighthouse.html after 4 s. */
export function startArticleSite(): Promise<TestServer> {
  return startServer('127.0.0.1', (req, res) => {
    const send = (): void => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_ARTICLE);
    if (req.url === '/slow-lighthouse.html') setTimeout(send, 4000);
    else if (req.url === '/lighthouse.html') send();
    else res.writeHead(404).end();
  });
}
