// Where MINILM_SEARCH_SIMILARITY (src/answer/abstention.ts) comes from: the cosine of the articles
// that search lists only through the vector index (none of their retrieved chunks holds a word of the
// query), for the article the query is about and for the others. Hybrid, with the bench model.
//   npx tsx bench/tune/searchFloor.ts [--samples-only]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadReuters, loadSquad, squadArticleText } from '../data/datasets.ts';
import { makeBenchModel, tempDir } from '../lib/tinyModel.ts';
import { repoRoot } from '../lib/paths.ts';
import { loadCoreConfig } from '../../src/config.ts';
import { DEFAULT_COLLECTION, QuothLibrary } from '../../src/core/library.ts';
import { HybridRetriever } from '../../src/retrieve/hybridRetriever.ts';
import { queryTerms } from '../../src/retrieve/queryTerms.ts';
import { LibraryStore } from '../../src/store/libraryStore.ts';
import { VectorIndex } from '../../src/vector/vectorIndex.ts';

const { values } = parseArgs({ options: { 'samples-only': { type: 'boolean', default: false } } });
const squad = loadSquad();
if (!squad) throw new Error('SQuAD data is absent');
const model = await makeBenchModel(squad.map(squadArticleText).join('\n\n'));

interface Doc {
  /** The key queries name their article by. */
  key: string;
  title: string;
  text: string;
}
interface Query {
  q: string;
  /** The article the query is about, or null when the library lacks it. */
  key: string | null;
}
/** One listed article of a search's first five. */
interface Listed {
  own: boolean;
  denseOnly: boolean;
  cosine: number;
}

/** Ingests the documents (or the sample files), then lists the first five articles for each query as search ranks them. */
async function listed(name: string, docs: Doc[], queries: Query[], files?: string): Promise<Listed[]> {
  const dataDir = tempDir(`search-floor-${name}`);
  const lib = await QuothLibrary.open(loadCoreConfig(process.env, { dataDir }), { embedder: await model.load() });
  for (const d of docs) await lib.ingestText({ text: d.text, title: d.title, source: d.key });
  if (files) await lib.ingest([files]);
  await lib.close();
  const embedder = await model.load();
  const store = LibraryStore.open(dataDir);
  const index = VectorIndex.open(
    path.join(dataDir, `vectors-${DEFAULT_COLLECTION}.hnsw`),
    embedder.modelId,
    embedder.dimension,
    { count: store.counts(DEFAULT_COLLECTION).vectors, vectors: () => store.iterateVectors(DEFAULT_COLLECTION) },
  );
  const retriever = new HybridRetriever(store);
  // The sample files are keyed by their file name without the extension.
  const keyOf = (rowid: number) => path.basename(store.articleByRowid(rowid)!.source).replace(/\.[a-z]+$/, '');
  const out: Listed[] = [];
  for (const { q, key } of queries) {
    const vector = (await embedder.embed([q]))[0]!;
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
  store.close();
  await embedder.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
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

const samples = fs
  .readFileSync(path.join(repoRoot, 'samples', 'questions.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { question: string; articleSlug: string | null })
  .map((x) => ({ q: x.question, key: x.articleSlug }));
const keywords: Query[] = [
  { q: 'tallyfox', key: 'lumenlane-acquires-tallyfox' },
  { q: 'rail strike', key: 'valley-line-rail-strike' },
  { q: 'sodium battery', key: 'ridgewell-sodium-battery' },
  { q: 'money for shops hurt by the construction', key: 'harbor-city-flood-wall' },
  { q: 'zeppelin hangar', key: null },
  { q: 'recipes for chocolate cake', key: null },
];
report('samples', await listed('samples', [], [...samples, ...keywords], path.join(repoRoot, 'samples', 'articles')));

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
