// Where MINILM_SEARCH_SIMILARITY (src/answer/abstention.ts) comes from: the cosine of the articles
// that search lists only through the vector index (none of their retrieved chunks holds a word of the
// query), for the article the query is about and for the others. Hybrid, with the bench model.
//   npx tsx bench/tune/searchFloor.ts [--samples-only]
import { parseArgs } from 'node:util';
import { loadReuters, loadSquad, squadArticleText } from '../data/datasets.ts';
import { makeBenchModel } from '../lib/tinyModel.ts';
import { DEFAULT_COLLECTION } from '../../src/core/library.ts';
import { queryTerms } from '../../src/retrieve/queryTerms.ts';
import { type Doc, openSearchLibrary, type Query, SAMPLE_FILES, sampleQueries } from './searchLibrary.ts';

const { values } = parseArgs({ options: { 'samples-only': { type: 'boolean', default: false } } });
const squad = loadSquad();
if (!squad) throw new Error('SQuAD data is absent');
const model = await makeBenchModel(squad.map(squadArticleText).join('\n\n'));

/** One listed article of a search's first five. */
interface Listed {
  own: boolean;
  denseOnly: boolean;
  cosine: number;
}

/** Ingests the documents (or the sample files), then lists the first five articles for each query as search ranks them. */
async function listed(name: string, docs: Doc[], queries: Query[], files?: string): Promise<Listed[]> {
  const { index, embedder, retriever, keyOf, close } = await openSearchLibrary(name, model, docs, files);
  const out: Listed[] = [];
  for (const { q, key } of queries) {
    const vector = (await embedder!.embed([q]))[0]!;
    const chunks = retriever.retrieve(
      { terms: queryTerms(q), vector },
      { collection: DEFAULT_COLLECTION, index, k: 100, candidates: 100, postings: 16000, candidatePostings: 2000 },
    );
    const byArticle = new Map<number, { denseOnly: boolean; cosine: number; score: number }>();
    for (const c of chunks) {
      const a = byArticle.get(c.articleRowid) ?? { denseOnly: true, cosine: -1, score: 0 };
      a.denseOnly &&= c.lexicalRank === null;
      a.cosine = Math.max(a.cosine, c.similarity ?? -1);
      a.score = Math.max(a.score, c.score);
      byArticle.set(c.articleRowid, a);
    }
    const first = [...byArticle.entries()].sort((x, y) => y[1].score - x[1].score).slice(0, 5);
    for (const [rowid, a] of first) out.push({ own: keyOf(rowid) === key, denseOnly: a.denseOnly, cosine: a.cosine });
  }
  await close();
  return out;
}

function report(name: string, rows: Listed[]): void {
  const dense = rows.filter((r) => r.denseOnly);
  const own = dense.filter((r) => r.own).map((r) => r.cosine);
  const other = dense.filter((r) => !r.own).map((r) => r.cosine);
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(3) : '-';
  };
  console.log(
    `${name}: ${rows.length} listed, ${dense.length} only by the index (own article ${own.length}, cosines ${own.map((c) => c.toFixed(3)).join(' ') || '-'}; others median ${pct(other, 0.5)}, p90 ${pct(other, 0.9)}, p95 ${pct(other, 0.95)})`,
  );
  for (const floor of [0.2, 0.25, 0.3, 0.35, 0.4])
    console.log(
      `  floor ${floor}: keeps own ${own.filter((c) => c >= floor).length}/${own.length}, others ${other.filter((c) => c >= floor).length}/${other.length}`,
    );
}

report('samples', await listed('samples', [], sampleQueries(), SAMPLE_FILES));

if (!values['samples-only']) {
  const even = squad
    .filter((_, i) => i % 2 === 0)
    .map((a) => ({ key: a.title, title: a.title, text: squadArticleText(a) }));
  const inLibrary = (key: string) => even.some((d) => d.key === key);
  const questions = squad.flatMap((a) =>
    a.questions.filter((_, i) => i % 4 === 0).map((q) => ({ q: q.question, key: a.title })),
  );
  report(
    'SQuAD questions (every 4th), own article in the library',
    await listed(
      'squad',
      even,
      questions.filter((x) => inLibrary(x.key)),
    ),
  );
  report(
    'SQuAD questions (every 4th), own article absent',
    await listed(
      'squad-absent',
      even,
      questions.filter((x) => !inLibrary(x.key)),
    ),
  );
  const reuters = loadReuters();
  if (reuters) {
    const headline = (s: { title: string }) => s.title.toLowerCase().replace(/\s+/g, ' ').trim();
    const stories = reuters
      .slice(0, 1000)
      .map((s) => ({ key: String(s.newid), title: s.title, text: `${s.title}\n\n${s.body}` }));
    const asked = [...reuters.slice(0, 200), ...reuters.slice(1000, 1200)].filter((s) => headline(s).length > 8);
    report(
      'Reuters headlines, 1,000 stories',
      await listed(
        'reuters',
        stories,
        asked.map((s) => ({ q: headline(s), key: String(s.newid) })),
      ),
    );
  }
}
model.remove();
