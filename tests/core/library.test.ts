// The QuothLibrary facade over one hybrid library: summarize, search, remove, list/get/find,
// ingestText (what Discord's /add of an attachment uses), stats and close.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuothError } from '../../src/shared/errors.ts';
import type { QuothLibrary } from '../../src/core/library.ts';
import type { IngestProgress } from '../../src/shared/types.ts';
import { splitSentences } from '../../src/text/splitSentences.ts';
import { expectVerbatim, idsBySlug, openTestLibrary, removeTempDirs, SAMPLES_DIR } from '../helpers/library.ts';
import { tinyModelDir } from '../helpers/tinyModel.ts';

afterAll(removeTempDirs);

describe('QuothLibrary (hybrid, tiny model)', () => {
  let lib: QuothLibrary;
  let dataDir: string;
  let ids: Map<string, string>;
  const progress: IngestProgress[] = [];

  async function sidecarCount(): Promise<number> {
    return (JSON.parse(await readFile(path.join(dataDir, 'vectors-default.hnsw.json'), 'utf8')) as { count: number })
      .count;
  }

  beforeAll(async () => {
    ({ lib, dataDir } = await openTestLibrary({ model: 'tiny' }));
    const report = await lib.ingest([SAMPLES_DIR], { onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({ added: 6, failed: [], mode: 'hybrid' });
    ids = idsBySlug(lib);
  });

  afterAll(() => lib?.close());

  describe('ingest', () => {
    it('reports progress once per file, in order', () => {
      expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(progress.every((p) => p.total === 6)).toBe(true);
      expect(progress.map((p) => path.basename(p.source))).toEqual([
        'carrow-museum-reopens.html',
        'harbor-city-flood-wall.md',
        'lumenlane-acquires-tallyfox.md',
        'millbrook-rovers-county-cup.md',
        'ridgewell-sodium-battery.md',
        'valley-line-rail-strike.txt',
      ]);
    });
  });

  describe('concurrent writes', () => {
    it('two ingests of one source at once store it once', async () => {
      const input = {
        text: 'Tide Tables\n\nHigh tide at Elsmere is at 4:12 p.m. on Sunday. Low tide follows at 10:30 p.m.',
        source: 'note:tides',
      };
      const [a, b] = await Promise.all([lib.ingestText(input), lib.ingestText(input)]);
      expect([a.added, b.added].sort()).toEqual([0, 1]);
      expect([a.unchanged, b.unchanged].sort()).toEqual([0, 1]);
      expect(lib.list().filter((x) => x.source === 'note:tides')).toHaveLength(1);
      await lib.remove(lib.list().find((x) => x.source === 'note:tides')!.articleId);
    });
  });

  describe('summarize', () => {
    it('returns n real sentences of the article, in article order, without duplicates', async () => {
      for (const [slug, id] of ids) {
        const { text } = lib.get(id);
        const sentences = splitSentences(text);
        for (const n of [1, 2, 3, 5]) {
          const summary = await lib.summarize(id, { sentences: n });
          expect(summary).toMatchObject({ articleId: id, title: lib.get(id).title, url: lib.get(id).url });
          expect(summary.sentences, slug).toHaveLength(n);
          const positions = summary.sentences.map((s) =>
            sentences.findIndex((x) => x.start === s.start && x.end === s.end),
          );
          expect(
            positions.every((p) => p >= 0),
            'each is a sentence span',
          ).toBe(true);
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
          expect(new Set(positions).size).toBe(n);
          for (const s of summary.sentences) expectVerbatim(lib, id, s);
        }
      }
    });

    it('defaults to three sentences and accepts an id prefix', async () => {
      const id = ids.get('valley-line-rail-strike')!;
      const summary = await lib.summarize(id.slice(0, 6));
      expect(summary.articleId).toBe(id);
      expect(summary.sentences).toHaveLength(3);
    });

    it('refuses a sentence count outside 1–20 with one line', async () => {
      const id = ids.get('harbor-city-flood-wall')!;
      for (const n of [0, -1, 21, 2.5, Number.NaN]) {
        await expect(lib.summarize(id, { sentences: n })).rejects.toThrow(
          'The number of summary sentences must be a whole number from 1 to 20.',
        );
      }
      const all = await lib.summarize(id, { sentences: 20 });
      expect(all.sentences.length).toBeGreaterThan(5);
      expect(all.sentences.length).toBeLessThanOrEqual(20);
    });
  });

  describe('search', () => {
    it('ranks the matching article first, with a verbatim snippet that holds the query words', async () => {
      const cases: [string, string][] = [
        ['corrosion concrete panels', 'harbor-city-flood-wall'],
        ['sodium anode coating', 'ridgewell-sodium-battery'],
        ['penalty shootout goalkeeper', 'millbrook-rovers-county-cup'],
        ['fin whale skeleton', 'carrow-museum-reopens'],
      ];
      for (const [query, slug] of cases) {
        const result = await lib.search(query);
        expect(result).toMatchObject({ query, mode: 'hybrid' });
        expect(result.results[0]!.articleId, query).toBe(ids.get(slug));
        const snippet = result.results[0]!.snippet.text.toLowerCase();
        expect(query.split(' ').filter((w) => snippet.includes(w)).length, snippet).toBeGreaterThanOrEqual(2);
        expect(result.results[0]!.score).toBe(1);
        for (const hit of result.results) expectVerbatim(lib, hit.articleId, hit.snippet);
      }
    });

    it('orders results by score, one per article, and respects the limit', async () => {
      for (const limit of [1, 2, 3, 10]) {
        const { results } = await lib.search('council vote million', { limit });
        expect(results.length).toBeLessThanOrEqual(limit);
        expect(results.length).toBeGreaterThan(0);
        expect(new Set(results.map((r) => r.articleId)).size).toBe(results.length);
        for (let i = 1; i < results.length; i++) expect(results[i]!.score).toBeLessThanOrEqual(results[i - 1]!.score);
      }
      expect((await lib.search('council vote million')).results.length).toBeLessThanOrEqual(5);
    });

    it('gives each hit the article’s title and url', async () => {
      const { results } = await lib.search('strike drivers rest rules');
      for (const hit of results) {
        const a = lib.get(hit.articleId);
        expect(hit).toMatchObject({ title: a.title, url: a.url });
      }
    });
  });

  describe('list, get and findArticles', () => {
    it('lists every article with its metadata, in the order added', () => {
      const list = lib.list();
      expect(list).toHaveLength(6);
      for (const a of list) {
        expect(a.collection).toBe('default');
        expect(a.chunks).toBeGreaterThan(0);
        expect(Number.isNaN(Date.parse(a.addedAt))).toBe(false);
        expect(path.isAbsolute(a.source)).toBe(true);
      }
      const added = list.map((a) => a.addedAt);
      expect(added).toEqual([...added].sort());
    });

    it('get returns the stored text and metadata', () => {
      const a = lib.get(ids.get('ridgewell-sodium-battery')!);
      expect(a).toMatchObject({
        title: 'Ridgewell University Team Reports Long-Lasting Sodium Battery',
        url: 'https://quoth.example/news/ridgewell-sodium-battery',
      });
      expect(a.text.startsWith('Researchers at Ridgewell University say')).toBe(true);
    });

    it('findArticles matches titles (and ids) case-insensitively, best first, within the limit', () => {
      expect(lib.findArticles('HARBOR').map((a) => a.articleId)).toEqual([ids.get('harbor-city-flood-wall')]);
      expect(lib.findArticles('county cup penalty').map((a) => a.articleId)).toEqual([
        ids.get('millbrook-rovers-county-cup'),
      ]);
      const id = ids.get('lumenlane-acquires-tallyfox')!;
      expect(lib.findArticles(id.slice(0, 5))[0]!.articleId).toBe(id);
      expect(lib.findArticles('zzz-no-such-title')).toEqual([]);
      expect(lib.findArticles('', { limit: 2 })).toHaveLength(2);
      expect(lib.findArticles('e', { limit: 3 }).length).toBeLessThanOrEqual(3);
    });
  });

  describe('ingestText', () => {
    const SOURCE = 'discord:attachment/ferry-notice.txt';
    const NOTICE =
      'Ferry Notice\n\nThe Elsmere ferry will not run on Tuesday because ' +
      'of the harbor regatta. Services resume on Wednesday at 6 a.m.';
    let noticeId: string;

    it('adds plain text with its given title and url', async () => {
      const report = await lib.ingestText({
        text: NOTICE,
        title: 'Regatta Ferry Notice',
        url: 'https://quoth.example/notice',
        source: SOURCE,
      });
      expect(report).toMatchObject({ added: 1, updated: 0, unchanged: 0, failed: [], mode: 'hybrid' });
      noticeId = report.articleIds[0]!;
      expect(lib.get(noticeId)).toMatchObject({
        title: 'Regatta Ferry Notice',
        url: 'https://quoth.example/notice',
        source: SOURCE,
      });
      const result = await lib.ask('Why will the Elsmere ferry not run on Tuesday?');
      expect(result.quotes[0]!.articleId).toBe(noticeId);
      expect(result.quotes[0]!.text).toContain('harbor regatta');
    });

    it('the same text again is unchanged; changed text under the same source is an update', async () => {
      expect(
        await lib.ingestText({
          text: NOTICE,
          title: 'Regatta Ferry Notice',
          url: 'https://quoth.example/notice',
          source: SOURCE,
        }),
      ).toMatchObject({
        added: 0,
        unchanged: 1,
      });
      const changed = NOTICE.replace('Wednesday at 6 a.m.', 'Thursday at 7 a.m.');
      const report = await lib.ingestText({ text: changed, title: 'Regatta Ferry Notice', source: SOURCE });
      expect(report).toMatchObject({ added: 0, updated: 1, articleIds: [noticeId] });
      expect(lib.get(noticeId).text).toContain('Thursday at 7 a.m.');
      const result = await lib.ask('When do ferry services resume after the regatta?');
      expect(result.quotes.some((q) => q.text.includes('Wednesday at 6 a.m.'))).toBe(false);
    });

    it('reads Markdown (front matter and all) and HTML when told the format', async () => {
      const md = await lib.ingestText({
        text:
          '---\ntitle: Pier Lights Restored\nurl: https://quoth.example/pier\n---\n\n# Pier ' +
          'Lights Restored\n\nThe **pier lights** were restored on Friday after a storm in May.',
        source: 'discord:attachment/pier.md',
        format: 'markdown',
      });
      expect(md.added).toBe(1);
      expect(lib.get(md.articleIds[0]!)).toMatchObject({
        title: 'Pier Lights Restored',
        url: 'https://quoth.example/pier',
        text: 'The pier lights were restored on Friday after a storm in May.',
      });

      const html = await lib.ingestText({
        text:
          '<html><head><title>Dune Path Closed</title></head><body><article><p>The dune path at North ' +
          'Beach is closed for nesting terns until August.</p><p>Leave a Comment</p></article></body></html>',
        source: 'discord:attachment/dunes.html',
        format: 'html',
      });
      expect(html.added).toBe(1);
      const dunes = lib.get(html.articleIds[0]!);
      expect(dunes).toMatchObject({ title: 'Dune Path Closed', source: 'discord:attachment/dunes.html' });
      expect(dunes.text).toBe('The dune path at North Beach is closed for nesting terns until August.');
      await lib.remove(md.articleIds[0]!);
      await lib.remove(html.articleIds[0]!);
    });

    it('refuses HTML with no readable text in one line', async () => {
      const report = await lib.ingestText({
        text: '<html><body><nav><a href="/">Home</a></nav></body></html>',
        source: 'discord:attachment/empty.html',
        format: 'html',
      });
      expect(report.added).toBe(0);
      expect(report.failed).toHaveLength(1);
      expect(report.failed[0]!.error).not.toContain('\n');
    });

    it('remove() takes it out of list, ask and search, and out of the vector index', async () => {
      const vectorsBefore = lib.stats().vectors;
      const chunks = lib.get(noticeId).chunks;
      expect(await sidecarCount()).toBe(vectorsBefore);

      const removed = await lib.remove(noticeId);
      expect(removed).toMatchObject({ articleId: noticeId, title: 'Regatta Ferry Notice' });
      expect(lib.list().map((a) => a.articleId)).not.toContain(noticeId);
      expect(() => lib.get(noticeId)).toThrow(QuothError);
      const result = await lib.ask('Why will the Elsmere ferry not run on Tuesday?');
      expect(result.quotes.map((q) => q.articleId)).not.toContain(noticeId);
      expect((await lib.search('ferry regatta Tuesday')).results.map((r) => r.articleId)).not.toContain(noticeId);

      // The index shrinks by the article's chunks, in memory and in the saved file.
      expect(lib.stats().vectors).toBe(vectorsBefore - chunks);
      expect(await sidecarCount()).toBe(vectorsBefore - chunks);
      await expect(lib.remove(noticeId)).rejects.toThrow(/No article with id/);
    });
  });

  describe('stats', () => {
    it('describes the library', () => {
      const stats = lib.stats();
      expect(stats).toMatchObject({
        collection: 'default',
        articles: 6,
        mode: 'hybrid',
        model: tinyModelDir(),
        dimension: 64,
        lexicalReason: null,
        dataDir: path.resolve(dataDir),
      });
      expect(stats.vectors).toBe(stats.chunks);
      expect(stats.databaseBytes).toBeGreaterThan(0);
      expect(stats.indexBytes).toBeGreaterThan(0);
    });

    it('counts an empty collection as empty', () => {
      expect(lib.stats({ collection: 'nobody' })).toMatchObject({ articles: 0, chunks: 0, vectors: 0 });
    });
  });

  describe('close', () => {
    it('closes once, and refuses writes afterwards with one line', async () => {
      await lib.close();
      await lib.close();
      await expect(lib.ingest([SAMPLES_DIR])).rejects.toThrow('The library is closed.');
      // Reopening the same data directory finds everything.
      const reopened = await openTestLibrary({ model: 'tiny', dataDir });
      expect(reopened.lib.list()).toHaveLength(6);
      expect(reopened.lib.mode).toBe('hybrid');
      lib = reopened.lib;
    });
  });
});
