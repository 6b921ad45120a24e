// bench:discord's library and questions: Reuters stories (or generated ones when the data set is
// absent) ingested into a fresh data directory, and questions made of their own words.
import fs from 'node:fs';
import path from 'node:path';
import { loadCoreConfig } from '../src/config.ts';
import { QuothLibrary } from '../src/core/library.ts';
import { loadReuters } from './data/datasets.ts';
import { seededRandom } from './lib/stats.ts';

export interface Doc {
  title: string;
  body: string;
}

const SYNTHETIC_WORDS =
  'harbor council vote budget rail strike union wage battery cell sodium museum reopening cup ' +
  'final penalty merger startup payroll flood wall tide river bridge school teacher hospital ' +
  'nurse farm wheat price export port shipping storm ' +
  'power grid solar wind mayor election court ruling tax bond bank rate'.split(' ');

function syntheticDocs(n: number): Doc[] {
  const rand = seededRandom(42);
  const word = (): string => SYNTHETIC_WORDS[Math.floor(rand() * SYNTHETIC_WORDS.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const sentences = Array.from({ length: 8 + Math.floor(rand() * 12) }, () => {
      const w = Array.from({ length: 8 + Math.floor(rand() * 10) }, word).join(' ');
      return `${w[0]!.toUpperCase()}${w.slice(1)} in district ${Math.floor(rand() * 90)}, officials said on day ${i}.`;
    });
    return { title: `Report ${i}: ${word()} and ${word()}`, body: sentences.join(' ') };
  });
}

export function loadDocs(opts: { articles: number; synthetic: boolean }): { docs: Doc[]; source: string } {
  const reuters = opts.synthetic ? null : loadReuters();
  if (reuters && reuters.length >= opts.articles) {
    return {
      docs: reuters
        .filter((s) => s.title)
        .slice(0, opts.articles)
        .map((s) => ({ title: s.title, body: s.body })),
      source: 'reuters-21578',
    };
  }
  return { docs: syntheticDocs(opts.articles), source: 'synthetic' };
}

/** Questions built from the articles' own sentences (a few content words), so most are answerable. */
export function makeQuestions(docs: Doc[], n: number): string[] {
  const rand = seededRandom(7);
  return Array.from({ length: n }, () => {
    const doc = docs[Math.floor(rand() * docs.length)]!;
    const words = doc.body.split(/\s+/).filter((w) => /^[A-Za-z]{4,}$/.test(w));
    const start = Math.floor(rand() * Math.max(1, words.length - 6));
    return `What about ${words.slice(start, start + 5).join(' ') || doc.title}?`;
  });
}

export async function buildLibrary(dataDir: string, collection: string, docs: Doc[]): Promise<number> {
  const articlesDir = path.join(dataDir, 'articles');
  fs.mkdirSync(articlesDir, { recursive: true });
  docs.forEach((d, i) => {
    // JSON strings are valid YAML double-quoted scalars, so any title is safe in the front matter.
    fs.writeFileSync(
      path.join(articlesDir, `${String(i).padStart(5, '0')}.md`),
      // Reuters writes company names as <Name Ltd>, which Markdown would take for an HTML tag and drop.
      `---\ntitle: ${JSON.stringify(d.title)}\nurl: "https://news.example/${i}"\n---\n\n${d.body.replace(/[<>]/g, '\\$&')}\n`,
    );
  });
  const library = await QuothLibrary.open(loadCoreConfig({ EMBEDDING_MODEL: 'none' }, { dataDir }), { embedder: null });
  const started = performance.now();
  const report = await library.ingest([articlesDir], { collection });
  await library.close();
  fs.rmSync(articlesDir, { recursive: true, force: true });
  if (report.failed.length)
    console.error(`${report.failed.length} articles failed to ingest, e.g. ${report.failed[0]!.error}`);
  console.error(
    `library: ${report.added} articles, ${report.chunks} chunks, ` +
      `ingested in ${Math.round(performance.now() - started)} ms`,
  );
  return report.added;
}
