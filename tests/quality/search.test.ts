// Search in hybrid mode with the real model, over the six samples: an article that shares no word
// with the query is listed only when the model finds it close (MINILM_SEARCH_SIMILARITY), so a
// search for something the library lacks says so instead of listing the nearest five.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { QuothLibrary } from '../../src/core/library.ts';
import { expectVerbatim, makeTempDir, removeTempDirs, SAMPLES_DIR } from '../helpers/library.ts';
import { describeRealModel, realModelConfig } from '../helpers/realModel.ts';

describeRealModel('search in hybrid mode with the real model', () => {
  let lib: QuothLibrary;

  beforeAll(async () => {
    lib = await QuothLibrary.open(realModelConfig(await makeTempDir('quoth-search-')));
    expect(lib.mode).toBe('hybrid');
    expect((await lib.ingest([SAMPLES_DIR])).added).toBe(6);
  });

  afterAll(async () => {
    await lib?.close();
    await removeTempDirs();
  });

  const titles = async (query: string) => (await lib.search(query)).results.map((r) => r.title);

  it('lists nothing for what no article is about', async () => {
    expect(await titles('zeppelin hangar')).toEqual([]);
    expect(await titles('recipes for chocolate cake')).toEqual([]);
  });

  it('lists only the articles that mention a name', async () => {
    expect(await titles('tallyfox')).toEqual(['Lumenlane Buys Bookkeeping Startup Tallyfox for $212 Million']);
    expect(await titles('rail strike')).toEqual(['Valley Line Drivers Begin 48-Hour Strike Over Rest Rules']);
  });

  it("shows the sentence closest to the query as an article's snippet, verbatim", async () => {
    const [first] = (await lib.search('how many people attended the game')).results;
    expect(first!.title).toBe('Millbrook Rovers Win County Cup in Penalty Shootout');
    expect(first!.snippet.text).toContain('A crowd of 6,412');
    expectVerbatim(lib, first!.articleId, first!.snippet);
  });

  it('leaves out articles that share only a common word with the query', async () => {
    // Every sample says "old"; none says "rock", and only the museum's mineral hall is close.
    expect(await titles('old rocks')).toEqual(['Carrow Museum Reopens After $86 Million Renovation']);
  });

  it('still finds an article by what it is about in other words', async () => {
    const found = await titles('money for shops hurt by the construction');
    expect(found[0]).toBe('Harbor City Votes to Rebuild Its Flood Wall');
  });
});
