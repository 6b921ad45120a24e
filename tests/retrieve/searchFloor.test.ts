// The search floor's mechanism, with the tiny test model (whose cosines mean nothing, so the policy
// is set here): an article holding none of the query's words is listed only at or above the floor;
// one holding a query word always is.
import { afterAll, describe, expect, it } from 'vitest';
import { openTestLibrary, removeTempDirs, SAMPLES_DIR } from '../helpers/library.ts';
import { type AbstentionPolicy, DEFAULT_ABSTENTION } from '../../src/answer/abstention.ts';

afterAll(removeTempDirs);

async function searchWith(policy: AbstentionPolicy, query: string): Promise<string[]> {
  const { lib } = await openTestLibrary({ model: 'tiny', abstention: policy });
  try {
    expect((await lib.ingest([SAMPLES_DIR])).added).toBe(6);
    return (await lib.search(query)).results.map((r) => r.title);
  } finally {
    await lib.close();
  }
}

describe('articles that share no word with the query', () => {
  it('are listed without a floor, and not under an unreachable one', async () => {
    const query = 'tallyfox';
    const open = await searchWith(DEFAULT_ABSTENTION, query);
    expect(open.length).toBeGreaterThan(1);
    const floored = await searchWith({ ...DEFAULT_ABSTENTION, minSearchSimilarity: 2 }, query);
    expect(floored).toEqual(['Lumenlane Buys Bookkeeping Startup Tallyfox for $212 Million']);
  });
});
