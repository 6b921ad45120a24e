// How much of a search query the articles search ranks hold (the IDF-weighted share of its terms
// held by the article's first retrieved chunks, as ask() weighs a question's terms), and what
// ranking by fused score + w × that share, and a floor on it, would list: how often the article the
// query is about comes first and is listed at all, and how many others are listed. Lexical and
// hybrid (bench model), each query set in two halves (even and odd queries). Where
// COVERAGE_WEIGHT, COVERAGE_DEPTH and the coverage floors of src/retrieve/articleSearch.ts come from.
//   npx tsx bench/tune/searchCoverage.ts [--samples-only]
import { parseArgs } from 'node:util';
import { scoreSentences } from '../../src/answer/selectQuotes.ts';
import { DEFAULT_COLLECTION } from '../../src/core/library.ts';
import type { RankedChunk } from '../../src/retrieve/hybridRetriever.ts';
import { queryTerms } from '../../src/retrieve/queryTerms.ts';
import { articleTextCache } from '../../src/store/articleText.ts';
import { loadReuters, loadSquad, squadArticleText } from '../data/datasets.ts';
import { makeBenchModel, type TinyModel } from '../lib/tinyModel.ts';
import { type Doc, openSearchLibrary, type Query, SAMPLE_FILES, sampleQueries } from './searchLibrary.ts';

const { values } = parseArgs({ options: { 'samples-only': { type: 'boolean', default: false } } });
const squad = loadSquad();
if (!squad) throw new Error('SQuAD data is absent');
const model = await makeBenchModel(squad.map(squadArticleText).join('\n\n'));

/** One of the first articles search ranks for a query, before any floor. */
interface Ranked {
  own: boolean;
  /** Fused score relative to the first article's. */
  fused: number;
  coverage: number;
  /** Best cosine of its chunks with the query (hybrid), or null. */
  cosine: number | null;
}

async function rankedLists(name: string, m: TinyModel | null, docs: Doc[], queries: Query[], files?: string) {
  const lib = await openSearchLibrary(name, m, docs, files);
  const textOf = articleTextCache(lib.store);
  const lists: Ranked[][] = [];
  for (const { q, key } of queries) {
    const terms = queryTerms(q);
    const vector = lib.embedder ? (await lib.embedder.embed([q]))[0]! : null;
    const chunks = lib.retriever.retrieve(
      { terms, vector },
      {
        collection: DEFAULT_COLLECTION,
        index: lib.index,
        k: 100,
        candidates: 100,
        postings: 16000,
        candidatePostings: 2000,
      },
    );
    const byArticle = new Map<number, RankedChunk[]>();
    for (const c of chunks) byArticle.set(c.articleRowid, [...(byArticle.get(c.articleRowid) ?? []), c]);
    const first = [...byArticle.entries()]
      .map(([rowid, list]) => ({ rowid, list, score: list[0]!.score + 0.25 * (list[1]?.score ?? 0) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, DEPTH);
    const list: Ranked[] = [];
    for (const a of first) {
      const scored = await scoreSentences(lib.store, {
        question: q,
        terms,
        chunks: a.list.slice(0, 3),
        vector: null,
        embed: null,
        textOf,
      });
      const cosines = a.list.map((c) => c.similarity).filter((c): c is number => c !== null);
      list.push({
        own: lib.keyOf(a.rowid) === key,
        fused: a.score / first[0]!.score,
        coverage: scored[0]?.evidence?.articleCoverage ?? 0,
        cosine: cosines.length ? Math.max(...cosines) : null,
      });
    }
    lists.push(list);
  }
  await lib.close();
  return lists;
}

const DEPTH = 20;
let weight = 0;
let depth = 10;
/** The first five a floor keeps (coverage ≥ floor, or in hybrid a cosine ≥ the dense floor), ranked by fused + weight × coverage. */
function kept(list: Ranked[], floor: number, denseFloor: number): Ranked[] {
  return list
    .slice(0, depth)
    .filter((r) => r.coverage >= floor || (r.cosine ?? -1) >= denseFloor)
    .map((r) => ({ r, s: r.fused + weight * r.coverage }))
    .sort((a, b) => b.s - a.s)
    .map((x) => x.r)
    .slice(0, 5);
}

function report(name: string, queries: Query[], lists: Ranked[][]): void {
  for (const half of [0, 1]) {
    const q = queries.filter((_, i) => i % 2 === half);
    const l = lists.filter((_, i) => i % 2 === half);
    for ([weight, depth] of [
      [0, 10],
      [0.5, 10],
      [1, 10],
      [2, 10],
      [1, 20],
      [2, 20],
      [100, 20],
    ] as const)
      reportOne(`${name}, half ${half}, rank by fused + ${weight} × coverage over the first ${depth}`, q, l);
  }
}

function reportOne(name: string, queries: Query[], lists: Ranked[][]): void {
  const about = lists.filter((_, i) => queries[i]!.key !== null);
  const absent = lists.filter((_, i) => queries[i]!.key === null);
  console.log(`${name}: ${about.length} queries about a library article, ${absent.length} about none`);
  for (const floor of [0, 0.2, 0.3, 0.4]) {
    for (const denseFloor of [Infinity, 0.3]) {
      if (denseFloor !== Infinity && lists.every((l) => l.every((r) => r.cosine === null))) continue;
      const k = about.map((l) => kept(l, floor, denseFloor));
      const ownListed = k.filter((l) => l.some((r) => r.own)).length;
      const ownFirst = k.filter((l) => l[0]?.own).length;
      const others = k.reduce((a, l) => a + l.filter((r) => !r.own).length, 0);
      const absentListed = absent.reduce((a, l) => a + kept(l, floor, denseFloor).length, 0);
      console.log(
        `  coverage ≥ ${floor.toFixed(2)}${denseFloor === Infinity ? '' : ` or cosine ≥ ${denseFloor}`}: own listed ${ownListed}/${about.length}, own first ${ownFirst}, others listed ${(others / (about.length || 1)).toFixed(2)}/query` +
          (absent.length ? `, absent queries list ${(absentListed / absent.length).toFixed(2)}/query` : ''),
      );
    }
  }
}

for (const m of [null, model]) {
  const mode = m ? 'hybrid' : 'lexical';
  const samples = sampleQueries();
  report(`samples, ${mode}`, samples, await rankedLists('samples', m, [], samples, SAMPLE_FILES));
  if (values['samples-only']) continue;
  const even = squad
    .filter((_, i) => i % 2 === 0)
    .map((a) => ({ key: a.title, title: a.title, text: squadArticleText(a) }));
  const inLibrary = new Set(even.map((d) => d.key));
  const questions = squad.flatMap((a) =>
    a.questions
      .filter((_, i) => i % 4 === 0)
      .map((q) => ({ q: q.question, key: inLibrary.has(a.title) ? a.title : null })),
  );
  report(
    `SQuAD questions (every 4th; 12 articles), ${mode}`,
    questions,
    await rankedLists('squad', m, even, questions),
  );
  const reuters = loadReuters();
  if (!reuters) continue;
  const headline = (s: { title: string }) => s.title.toLowerCase().replace(/\s+/g, ' ').trim();
  const stories = reuters
    .slice(0, 1000)
    .map((s) => ({ key: String(s.newid), title: s.title, text: `${s.title}\n\n${s.body}` }));
  const asked = reuters.slice(0, 400).filter((s) => headline(s).length > 8);
  // Keyword searches: the headline's two longest words.
  const twoWords = (s: { title: string }) =>
    (headline(s).match(/[a-z]{3,}/g) ?? [])
      .sort((a, b) => b.length - a.length)
      .slice(0, 2)
      .join(' ');
  const queries = [
    ...asked.map((s) => ({ q: headline(s), key: String(s.newid) })),
    ...asked.map((s) => ({ q: twoWords(s), key: String(s.newid) })),
  ];
  const lists = await rankedLists('reuters', m, stories, queries);
  report(`Reuters headlines, 1,000 stories, ${mode}`, queries.slice(0, asked.length), lists.slice(0, asked.length));
  report(`Reuters two-word keyword searches, ${mode}`, queries.slice(asked.length), lists.slice(asked.length));
}
model.remove();
