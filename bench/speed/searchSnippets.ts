// How often a search snippet shows the answer: SQuAD public questions asked as searches over all 24
// articles; for each whose own article is listed (first five), whether that article's snippet holds a
// gold answer. The figure behind the hybrid snippet choice in src/retrieve/articleSearch.ts.
//   npx tsx bench/speed/searchSnippets.ts [--every 2] [--lexical]
import { parseArgs } from 'node:util';
import { loadSquad, squadArticleText } from '../data/datasets.ts';
import { makeBenchModel } from '../lib/tinyModel.ts';
import { containsAnswer } from '../metrics/answers.ts';
import { goldInStore, ingestSquad, selectQuestions } from '../eval/squad.ts';

const { values } = parseArgs({
  options: { every: { type: 'string', default: '2' }, lexical: { type: 'boolean', default: false } },
});
const articles = loadSquad();
if (!articles) throw new Error('SQuAD data is absent');
const model = values.lexical ? null : await makeBenchModel(articles.map(squadArticleText).join('\n\n'));
const ingested = await ingestSquad(articles, model ? 'hybrid' : 'lexical', model);
const questions = selectQuestions(articles, Number(values.every));
let listed = 0;
let holds = 0;
let chars = 0;
for (const ref of questions) {
  const result = await ingested.library.search(ref.question.question, { limit: 5 });
  const own = result.results.find((r) => r.articleId === goldInStore(ingested, ref).article);
  if (!own) continue;
  listed++;
  holds += Number(containsAnswer(own.snippet.text, ref.question.answers));
  chars += own.snippet.text.length;
}
await ingested.library.close();
model?.remove();
console.log(
  `${questions.length} questions (${model ? 'hybrid' : 'lexical'}): own article listed for ${listed}; ` +
    `its snippet holds the answer for ${(holds / listed).toFixed(4)}, ${(chars / listed).toFixed(0)} characters on average`,
);
