// Hybrid answers with the real model: questions that share few words with the sentence that answers
// them, over the six sample articles. Each must be quoted verbatim among ask()'s quotes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { QuothLibrary } from '../../src/core/library.ts';
import { expectVerbatim, makeTempDir, removeTempDirs, SAMPLES_DIR } from '../helpers/library.ts';
import { describeRealModel, realModelConfig } from '../helpers/realModel.ts';

/** [question, a piece of the sentence that answers it] */
const PARAPHRASES: [string, string][] = [
  ['Why were the drivers unhappy with the new schedules?', 'cut the minimum rest between shifts'],
  ['Who paid for the storage research?', 'funded by a $4.2 million grant'],
  ['How long does the battery last before wearing out?', 'after 5,000 full charge cycles'],
  ['Why does the new coating matter?', 'stops the anode from cracking'],
  ['How many fans attended the final?', 'A crowd of 6,412'],
  ['What will the prize money be spent on?', 'replacing the floodlights'],
  ['How tall will the new barrier be?', '14 feet above the harbor'],
  ['How will shopkeepers be compensated for lost sales?', 'fund to compensate shops'],
  ['What happened to the old rock collection?', 'specimens have moved to storage'],
  // Quoted since supporting quotes that repeat the question's words may score 0.8 of the best.
  ['What did the union demand?', 'We asked for the 12-hour rest to be restored'],
  ['How many people ride the trains on an ordinary day?', 'About 58,000 passengers use the line'],
  ['Who started the acquired company?', 'founded in 2022 by Dr. Samir Quezada'],
  // Shares no word with its answer, while "Neither side scored" shares one.
  ['What was the score of the final?', '4-3 on penalties'],
  // Quoted since a question word few of its article's sentences hold counts for more
  // (articleRarity.ts) and a supporting quote needs 0.7 of the best's score (REPEAT_SCORE) instead of 0.8.
  ['Who voted against the plan?', 'The two dissenting votes came from'],
  ['How many clients does the bookkeeping app have?', '38,000 paying customers'],
  ['How much does entry cost for visitors from elsewhere?', 'Non-residents pay $14'],
];

/**
 * Paraphrases Quoth does not answer yet (the answering sentence's cosine with the question is low
 * with all-MiniLM-L6-v2, e.g. 0.20 for the union's demand, and it shares no rare term). They are
 * expected to fail, so that fixing one shows up here and moves it to the list above.
 */
const KNOWN_MISSES: [string, string][] = [
  ['How did shareholders respond to the purchase?', 'shares fell 3.2 percent'],
  ['Why was the whale taken down?', 'The original iron rods had rusted'],
];

/** Never abstains: these tests check the ranking; abstention is measured on SQuAD by `npm run eval`. */
const RANK_ONLY = { minCoverage: 0, minSimilarity: 0 };

/**
 * What a user gets with the default answer test: of the 18 questions above, 5 are quoted and the
 * rest declined ("Not found") or answered wrongly. The answering sentences' cosines with the
 * question (0.18–0.51 with all-MiniLM-L6-v2) sit where SQuAD's questions about absent articles do:
 * over a library of 12 SQuAD articles, the best sentence's cosine has a median of 0.39 for those
 * and 0.69 for answerable questions, and the answer test is fitted to keep false answers at 5%.
 * "Why does the new coating matter?" was quoted until sentences were ranked with their titled
 * reading too (src/embed/sentenceText.ts): the sentence before the answer now ranks first, and its
 * own cosine is too low for the answer test (SQuAD public gained 0.7 point of hit@1 and 0.5 of
 * hit@3 with the change).
 * Declined here are expected to fail, so that a better answer test shows up as a passing one.
 */
const ANSWERED_BY_DEFAULT = new Set([
  'Why were the drivers unhappy with the new schedules?',
  'How many fans attended the final?',
  'What will the prize money be spent on?',
  'What was the score of the final?',
  'Who voted against the plan?',
]);

describeRealModel('paraphrase questions in hybrid mode with the real model', () => {
  let lib: QuothLibrary;
  let defaultLib: QuothLibrary;

  beforeAll(async () => {
    lib = await QuothLibrary.open(realModelConfig(await makeTempDir('quoth-paraphrase-')), { abstention: RANK_ONLY });
    expect(lib.mode).toBe('hybrid');
    const report = await lib.ingest([SAMPLES_DIR]);
    expect(report.failed).toEqual([]);
    expect(report.added).toBe(6);
    defaultLib = await QuothLibrary.open(realModelConfig(lib.config.dataDir));
  });

  afterAll(async () => {
    await defaultLib?.close();
    await lib?.close();
    await removeTempDirs();
  });

  async function expectQuoted(question: string, answer: string): Promise<void> {
    const result = await lib.ask(question, { quotes: 5 });
    expect(result.abstained, `abstained on "${question}"`).toBe(false);
    expect(result.quotes.map((q) => q.text).join('\n---\n')).toContain(answer);
    for (const q of result.quotes) expectVerbatim(lib, q.articleId, q);
  }

  it.each(PARAPHRASES)('%s', expectQuoted);
  it.fails.each(KNOWN_MISSES)('known miss: %s', expectQuoted);

  async function expectQuotedByDefault(question: string, answer: string): Promise<void> {
    const result = await defaultLib.ask(question, { quotes: 5 });
    expect(result.abstained, `abstained on "${question}"`).toBe(false);
    expect(result.quotes.map((q) => q.text).join('\n---\n')).toContain(answer);
  }
  const all = [...PARAPHRASES, ...KNOWN_MISSES];
  it.each(all.filter(([q]) => ANSWERED_BY_DEFAULT.has(q)))('default answer test: %s', expectQuotedByDefault);
  it.fails.each(all.filter(([q]) => !ANSWERED_BY_DEFAULT.has(q)))(
    'default answer test, known gap: %s',
    expectQuotedByDefault,
  );
});
