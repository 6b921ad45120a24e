// Small libraries: a server starts with one article. Each SQuAD article is ingested alone in its
// own data directory and asked its own questions, against the same questions over all articles;
// likewise each sample article alone against all six. Lexical mode (the hybrid path runs on the
// generated test model here, which says nothing about semantics).
import fs from 'node:fs';
import path from 'node:path';
import { loadCoreConfig } from '../../src/config.ts';
import { QuothLibrary } from '../../src/core/library.ts';
import { loadSquad, type SquadArticle } from '../data/datasets.ts';
import { containsAnswer, RankingTally, type RankedPassage, type RankingSummary } from '../metrics/answers.ts';
import { markdownTable } from '../lib/report.ts';
import { tempDir } from '../lib/tinyModel.ts';
import { everyNth, goldInStore, ingestSquad, selectQuestions, type SquadQuestionRef } from './squad.ts';

export interface SmallRow {
  /** "tuning half", "held-out half", "all". */
  split: string;
  alone: RankingSummary;
  together: RankingSummary;
  /** Questions of another article asked of a one-article library, and the share that got a quote. */
  outside: number;
  outsideAnswered: number;
}

export interface SamplesRow {
  library: string;
  answerable: number;
  hit1: number;
  hit3: number;
  abstention: number;
  /** Share of the sample questions no article answers that still got a quote. */
  falseAnswers: number;
}

export interface SmallResult {
  sampling: string;
  split: string;
  squad: SmallRow[];
  samples: SamplesRow[];
}

const SAMPLES = path.resolve(import.meta.dirname, '../../samples');

type Ingested = Awaited<ReturnType<typeof ingestSquad>>;

async function askAll(ingested: Ingested, refs: SquadQuestionRef[], tallies: RankingTally[]): Promise<void> {
  for (const ref of refs) {
    const r = await ingested.library.ask(ref.question.question, { quotes: 5 });
    const passages: RankedPassage[] = r.quotes.map((q) => ({
      article: q.articleId,
      start: q.start,
      end: q.end,
      text: q.text,
    }));
    for (const t of tallies) t.add(passages, goldInStore(ingested, ref), r.abstained);
  }
}

async function squadSmall(articles: SquadArticle[], every: number, log: (line: string) => void): Promise<SmallRow[]> {
  // Even-indexed articles are the tuning half, odd-indexed the held-out half.
  const halves = [0, 1].map(() => ({ alone: new RankingTally(), together: new RankingTally() }));
  const all = { alone: new RankingTally(), together: new RankingTally() };
  // Out-of-library questions for a one-article library: the next article's questions.
  const outside = [0, 1, 2].map(() => ({ asked: 0, answered: 0 }));
  const dirs: string[] = [];
  try {
    for (const [i, article] of articles.entries()) {
      const ingested = await ingestSquad([article], 'lexical', null);
      dirs.push(ingested.dataDir);
      await askAll(ingested, selectQuestions([article], every), [halves[i % 2]!.alone, all.alone]);
      for (const ref of selectQuestions([articles[(i + 1) % articles.length]!], every)) {
        const answered = !(await ingested.library.ask(ref.question.question, { quotes: 5 })).abstained;
        for (const o of [outside[i % 2]!, outside[2]!]) {
          o.asked++;
          o.answered += Number(answered);
        }
      }
      await ingested.library.close();
    }
    log(`  small: ${articles.length} one-article libraries asked`);
    const together = await ingestSquad(articles, 'lexical', null);
    dirs.push(together.dataDir);
    for (const [i, article] of articles.entries()) {
      await askAll(together, selectQuestions([article], every), [halves[i % 2]!.together, all.together]);
    }
    await together.library.close();
  } finally {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
  const row = (split: string, t: typeof all, o: (typeof outside)[number]): SmallRow => ({
    split,
    alone: t.alone.summary(),
    together: t.together.summary(),
    outside: o.asked,
    outsideAnswered: o.asked ? o.answered / o.asked : Number.NaN,
  });
  return [
    row('tuning half (even articles)', halves[0]!, outside[0]!),
    row('held-out half (odd articles)', halves[1]!, outside[1]!),
    row('all', all, outside[2]!),
  ];
}

interface SampleQuestion {
  question: string;
  articleSlug: string | null;
  answerContains: string | null;
}

async function samplesSmall(): Promise<SamplesRow[]> {
  const questions = fs
    .readFileSync(path.join(SAMPLES, 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SampleQuestion);
  const files = fs.readdirSync(path.join(SAMPLES, 'articles')).sort();
  const slugOf = (f: string) => f.replace(/\.[^.]+$/, '');
  const ask = async (libFiles: string[]) => {
    const dataDir = tempDir('small-samples');
    const config = loadCoreConfig(process.env, { dataDir, embeddingModel: 'none' });
    const lib = await QuothLibrary.open(config, { embedder: null });
    try {
      await lib.ingest(libFiles.map((f) => path.join(SAMPLES, 'articles', f)));
      const slugs = new Set(libFiles.map(slugOf));
      let answerable = 0,
        hit1 = 0,
        hit3 = 0,
        abstained = 0,
        unanswerable = 0,
        falseAnswers = 0;
      for (const q of questions) {
        const r = await lib.ask(q.question, { quotes: 5 });
        if (q.articleSlug === null) {
          unanswerable++;
          falseAnswers += Number(!r.abstained);
        } else if (slugs.has(q.articleSlug)) {
          answerable++;
          abstained += Number(r.abstained);
          const hits = r.quotes.map((x) => containsAnswer(x.text, [q.answerContains!]));
          hit1 += Number(hits[0] === true);
          hit3 += Number(hits.slice(0, 3).some(Boolean));
        }
      }
      return { answerable, hit1, hit3, abstained, unanswerable, falseAnswers };
    } finally {
      await lib.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
  const alone = { answerable: 0, hit1: 0, hit3: 0, abstained: 0, unanswerable: 0, falseAnswers: 0 };
  for (const f of files) {
    const r = await ask([f]);
    for (const k of Object.keys(alone) as (keyof typeof alone)[]) alone[k] += r[k];
  }
  const together = await ask(files);
  const row = (library: string, r: typeof alone): SamplesRow => ({
    library,
    answerable: r.answerable,
    hit1: r.hit1 / r.answerable,
    hit3: r.hit3 / r.answerable,
    abstention: r.abstained / r.answerable,
    falseAnswers: r.falseAnswers / r.unanswerable,
  });
  return [row('each sample alone', alone), row('all six', together)];
}

export async function runSmall(opts: { every: number; log: (line: string) => void }): Promise<SmallResult | null> {
  const articles = loadSquad();
  const squad = articles ? await squadSmall(articles, opts.every, opts.log) : [];
  if (!articles) opts.log('Small libraries: SQuAD is absent; only the samples are measured.');
  return {
    sampling: everyNth(opts.every, 'question'),
    split: 'SQuAD public: tuning half = even-indexed articles, held-out half = odd-indexed',
    squad,
    samples: await samplesSmall(),
  };
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const pc = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');

export function smallMarkdown(r: SmallResult): string {
  const out = ['## Small libraries (lexical)', '', `${r.split}; ${r.sampling}. ask(question, {quotes: 5}).`, ''];
  if (r.squad.length) {
    out.push(
      markdownTable(
        [
          'SQuAD public',
          'questions',
          'alone hit@1',
          'alone hit@3',
          'alone abstention',
          'all 24 hit@1',
          'all 24 hit@3',
          'all 24 abstention',
          'chars/quote alone / all',
          "alone: next article's questions answered",
        ],
        r.squad.map((s) => [
          s.split,
          s.alone.questions,
          f3(s.alone.hit1),
          f3(s.alone.hit3),
          pc(s.alone.abstention),
          f3(s.together.hit1),
          f3(s.together.hit3),
          pc(s.together.abstention),
          `${Math.round(s.alone.meanPassageChars)} / ${Math.round(s.together.meanPassageChars)}`,
          pc(s.outsideAnswered),
        ]),
      ),
      '',
    );
  }
  out.push(
    markdownTable(
      ['Samples', 'answerable questions', 'hit@1', 'hit@3', 'abstention', 'unanswerable answered'],
      r.samples.map((s) => [s.library, s.answerable, f3(s.hit1), f3(s.hit3), pc(s.abstention), pc(s.falseAnswers)]),
    ),
  );
  return out.join('\n');
}
