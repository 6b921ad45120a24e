// The contract every adapter relies on: each quote, snippet and summary sentence is exactly
// article.text.slice(start, end), in lexical and in hybrid mode, for every sample question.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuothLibrary } from '../../src/core/library.ts';
import {
  expectVerbatim,
  loadSampleQuestions,
  openTestLibrary,
  removeTempDirs,
  SAMPLES_DIR,
  type SampleQuestion,
  type TestModel,
} from '../helpers/library.ts';

const modes: [string, TestModel][] = [
  ['lexical', 'lexical'],
  ['hybrid (tiny model)', 'tiny'],
];

afterAll(removeTempDirs);

describe.each(modes)('offsets contract, %s', (_, model) => {
  let lib: QuothLibrary;
  let questions: SampleQuestion[];

  beforeAll(async () => {
    questions = await loadSampleQuestions();
    ({ lib } = await openTestLibrary({ model }));
    const report = await lib.ingest([SAMPLES_DIR]);
    expect(report.failed).toEqual([]);
    expect(report.added).toBe(6);
  });

  afterAll(() => lib?.close());

  it(`runs in ${model === 'lexical' ? 'lexical' : 'hybrid'} mode`, () => {
    expect(lib.mode).toBe(model === 'lexical' ? 'lexical' : 'hybrid');
  });

  it('every quote of every sample question is verbatim', async () => {
    let quotes = 0;
    for (const q of questions) {
      for (const k of [1, 3, 5]) {
        const result = await lib.ask(q.question, { quotes: k });
        expect(result.quotes.length).toBeLessThanOrEqual(k);
        if (!result.abstained) expect(result.answer).toBe(result.quotes[0]!.text);
        for (const quote of result.quotes) {
          expectVerbatim(lib, quote.articleId, quote);
          expect(quote.title).toBe(lib.get(quote.articleId).title);
          expect(quote.url).toBe(lib.get(quote.articleId).url);
          quotes++;
        }
      }
    }
    expect(quotes).toBeGreaterThan(questions.length);
  });

  it('every quote limited to one article is verbatim and from that article', async () => {
    const articles = lib.list();
    for (const q of questions.slice(0, 8)) {
      for (const a of articles) {
        const result = await lib.ask(q.question, { articleId: a.articleId });
        for (const quote of result.quotes) {
          expect(quote.articleId).toBe(a.articleId);
          expectVerbatim(lib, quote.articleId, quote);
        }
      }
    }
  });

  it('every search snippet is verbatim', async () => {
    for (const q of questions) {
      const result = await lib.search(q.question, { limit: 10 });
      for (const hit of result.results) expectVerbatim(lib, hit.articleId, hit.snippet);
    }
  });

  it('every summary sentence is verbatim', async () => {
    for (const a of lib.list()) {
      for (const n of [1, 3, 6, 20]) {
        const summary = await lib.summarize(a.articleId, { sentences: n });
        for (const s of summary.sentences) expectVerbatim(lib, a.articleId, s);
      }
    }
  });

  it('quotes have no leading or trailing whitespace', async () => {
    for (const q of questions) {
      for (const quote of (await lib.ask(q.question)).quotes) {
        expect(quote.text).toBe(quote.text.trim());
      }
    }
  });
});
