// A server's library starts with one article. Term weights come from the collection's own
// sentences blended with a general-English prior, so a one-article library must still answer its
// questions, abstain on what it never mentions, and never be moved by another collection's articles.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuothLibrary } from '../../src/core/library.ts';

type AskResult = Awaited<ReturnType<QuothLibrary['ask']>>;
import {
  expectVerbatim,
  loadSampleQuestions,
  openTestLibrary,
  removeTempDirs,
  SAMPLES_DIR,
  type SampleQuestion,
} from '../helpers/library.ts';

afterAll(removeTempDirs);

const A = 'guild-alpha';
const B = 'guild-beta';

/** Articles for B that share many of A's question words, so pooled statistics would move A's answers. */
const B_TEXTS = [
  'The president of France visited Harbor City on Monday. The president said the flood wall was impressive.',
  'A new flood wall will cost more than expected, the council president said. Construction will begin in spring.',
  'Sodium battery research is paid for by grants. Anodes crack when ions move in and out of them.',
  'Train drivers went on strike over pay. The minimum rest between shifts was the main dispute.',
  'The museum reopened after a renovation. Admission for non-residents costs more than for residents.',
];

const OUT_OF_LIBRARY = ['Who is the president of France?', 'What did the mayor of Lisbon say about the flood wall?'];

function answerable(questions: SampleQuestion[]): SampleQuestion[] {
  return questions.filter((q) => q.answerContains !== null);
}

describe('statistics per collection', () => {
  let lib: QuothLibrary;
  let questions: SampleQuestion[];

  beforeAll(async () => {
    questions = await loadSampleQuestions();
    ({ lib } = await openTestLibrary());
    await lib.ingest([SAMPLES_DIR], { collection: A });
  });

  afterAll(() => lib?.close());

  it('adding articles to collection B changes no score, answer or abstention in collection A', async () => {
    const all = [...questions.map((q) => q.question), ...OUT_OF_LIBRARY];
    const askA = async (): Promise<AskResult[]> =>
      Promise.all(all.map((q) => lib.ask(q, { collection: A, quotes: 5 })));
    const before = await askA();
    for (const [i, text] of B_TEXTS.entries()) await lib.ingestText({ text, source: `b-${i}.txt` }, { collection: B });
    await lib.ingest([SAMPLES_DIR], { collection: B });
    expect(await askA()).toEqual(before);
    // B itself is answered from B's own statistics.
    expect((await lib.ask('Who founded Tallyfox?', { collection: B })).abstained).toBe(false);
  });
});

describe('a library of one article', () => {
  let questions: SampleQuestion[];
  const libs = new Map<string, QuothLibrary>();

  beforeAll(async () => {
    questions = await loadSampleQuestions();
    const files = (await import('node:fs')).readdirSync(SAMPLES_DIR);
    for (const file of files) {
      const { lib } = await openTestLibrary();
      await lib.ingest([path.join(SAMPLES_DIR, file)]);
      libs.set(path.basename(file, path.extname(file)), lib);
    }
  });

  afterAll(() => libs.forEach((lib) => lib.close()));

  it('answers the sample questions about its article', async () => {
    let hits = 0;
    let abstained = 0;
    const misses: string[] = [];
    for (const q of answerable(questions)) {
      const result = await libs.get(q.articleSlug!)!.ask(q.question);
      abstained += Number(result.abstained);
      if (result.quotes.slice(0, 3).some((x) => x.text.includes(q.answerContains!))) hits++;
      else misses.push(`${q.question} → ${result.quotes[0]?.text ?? '(abstained)'}`);
    }
    if (misses.length) console.log(`one-article misses:\n  ${misses.join('\n  ')}`);
    expect(abstained).toBeLessThanOrEqual(1);
    expect(hits / answerable(questions).length).toBeGreaterThanOrEqual(0.7);
  });

  it('quotes the result when asked for the score, not the sentence saying who scored', async () => {
    const lib = libs.get('millbrook-rovers-county-cup')!;
    for (const q of ['What was the score of the final?', 'What was the final score?']) {
      const result = await lib.ask(q);
      expect(result.quotes[0]?.text, q).toContain('4-3 on penalties');
      expectVerbatim(lib, result.quotes[0]!.articleId, result.quotes[0]!);
    }
  });

  it('abstains on questions about what the article never mentions', async () => {
    for (const [slug, lib] of libs) {
      const unanswerable = questions.filter((x) => x.answerContains === null).map((x) => x.question);
      for (const q of [...OUT_OF_LIBRARY, ...unanswerable]) {
        const result = await lib.ask(q);
        const got = { slug, q, abstained: result.abstained, quote: result.quotes[0]?.text };
        expect(got).toEqual({ slug, q, abstained: true, quote: undefined });
      }
    }
  });
});

describe('a question naming something the library lacks', () => {
  let lib: QuothLibrary;

  beforeAll(async () => {
    ({ lib } = await openTestLibrary());
    await lib.ingest([SAMPLES_DIR]);
  });

  afterAll(() => lib?.close());

  it('abstains on "Who is the president of France?" although a council president is quoted nearby', async () => {
    expect((await lib.search('president')).results.length).toBeGreaterThan(0);
    for (const q of OUT_OF_LIBRARY) expect((await lib.ask(q)).abstained, q).toBe(true);
    // The same kind of question about what the library does name still answers.
    expect((await lib.ask('Who founded Tallyfox?')).abstained).toBe(false);
  });

  it('does not take a vice-president for the president, unless the question asks for the vice-president', async () => {
    const text =
      'France starts digital TV. France launched free digital television on Monday, with 14 channels. ' +
      '"It will grow fast in France," said Anne Roux, vice-president of the Oslo Media consultancy. ' +
      'Viewers need a new decoder, which costs about 100 euros.';
    const { lib: one } = await openTestLibrary();
    try {
      await one.ingestText({ text, source: 'france-tv.txt' });
      expect((await one.ask('Who is the president of France?')).abstained).toBe(true);
      for (const q of [
        'Who is the vice-president of the Oslo Media consultancy?',
        'What did the vice president of Oslo Media say?',
      ]) {
        const answer = await one.ask(q);
        const quote = answer.quotes[0]!;
        expect(quote?.text, q).toContain('Anne Roux');
        expectVerbatim(one, quote.articleId, quote);
      }
    } finally {
      await one.close();
    }
  });
});

/**
 * The chunks a question starts from are ranked by FTS5's bm25(), whose IDF and average length span
 * the whole full-text table. Here A's two passages differ in one question word each; alone, the
 * passage saying "ferry" twice ranks first. In a table shared by every collection, forty "ferry"
 * stories in B made that word common, the other passage ranked first, and A's scores moved; each
 * collection's own table (src/store/chunkText.ts) keeps them.
 */
describe('chunk ranking per collection', () => {
  it('many articles in B about one of the question’s words leave A’s scores unchanged', async () => {
    const { lib } = await openTestLibrary();
    try {
      await lib.ingestText(
        { text: 'Harbor news. The harbor pilot boards every ship at the outer buoy.', source: 'a-1.txt' },
        { collection: A },
      );
      await lib.ingestText(
        { text: 'Ferry news. The ferry pilot boards every ship at the ferry quay.', source: 'a-2.txt' },
        { collection: A },
      );
      const askA = () => lib.ask('Which pilot boards ships for the harbor ferry?', { collection: A, quotes: 5 });
      const before = await askA();
      for (let i = 0; i < 40; i++)
        await lib.ingestText(
          { text: `Ferry timetable ${i}. The ferry leaves at ${i % 12} o'clock.`, source: `b-${i}.txt` },
          { collection: B },
        );
      expect(await askA()).toEqual(before);
    } finally {
      await lib.close();
    }
  });
});
