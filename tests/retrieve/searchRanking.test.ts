// Search ranks articles by how much of the query they hold, not only by BM25's chunk scores, and
// leaves out an article that holds only a minor word of it (lexical mode, the six samples and two
// more articles: a dock strike that mentions a ferry once, and a ferry timetable).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuothLibrary } from '../../src/core/library.ts';
import { expectVerbatim, openTestLibrary, removeTempDirs, SAMPLES_DIR } from '../helpers/library.ts';

const DOCK_STRIKE = 'Dock workers walk out';

describe('search ranking and its coverage floor', () => {
  let lib: QuothLibrary;

  beforeAll(async () => {
    ({ lib } = await openTestLibrary());
    expect((await lib.ingest([SAMPLES_DIR])).added).toBe(6);
    await lib.ingestText({
      title: 'Ferry timetable',
      source: 'ferry-timetable',
      text: 'The ferry leaves at noon. Ferry tickets cost $4 on the ferry. The ferry returns at six, and the ferry is often full.',
    });
    await lib.ingestText({
      title: DOCK_STRIKE,
      source: 'dock-strike',
      text:
        'Dock workers at the port began a strike on Monday over pay. Services across the bay were cancelled, ' +
        'including the morning ferry, and the union said talks had broken down after three weeks of meetings. ' +
        'Managers said cargo would be diverted to other harbours while the dispute lasts. '.repeat(2),
    });
  });

  afterAll(async () => {
    await lib?.close();
    await removeTempDirs();
  });

  const titles = async (query: string) => (await lib.search(query)).results.map((r) => r.title);

  it('lists the article holding every word of the query above those that hold one', async () => {
    // BM25 alone put the rail strike article first for both: it says "strike" and "workers" often.
    expect((await titles('ferry strike'))[0]).toBe(DOCK_STRIKE);
    expect((await titles('dock workers pay dispute'))[0]).toBe(DOCK_STRIKE);
  });

  it('leaves out articles that share only a common word with the query', async () => {
    // The museum ("Non-residents pay $14") and Tallyfox articles say "pay" and nothing else of it.
    const found = await titles('dock workers pay dispute');
    expect(found).not.toContain('Carrow Museum Reopens After $86 Million Renovation');
    expect(found).not.toContain('Lumenlane Buys Bookkeeping Startup Tallyfox for $212 Million');
  });

  it('still lists every article holding a one-word query, with scores relative to the first', async () => {
    const { results } = await lib.search('ferry');
    expect(results.map((r) => r.title)).toContain('Ferry timetable');
    expect(results.map((r) => r.title)).toContain(DOCK_STRIKE);
    expect(results[0]!.score).toBe(1);
    for (let i = 1; i < results.length; i++) expect(results[i]!.score).toBeLessThanOrEqual(results[i - 1]!.score);
    for (const r of results) expectVerbatim(lib, r.articleId, r.snippet);
  });
});
