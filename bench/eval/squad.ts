// Answers with quotes on SQuAD v1.1 (public half of dev): Quoth in each retrieval mode and the
// peers, on the same 24 articles and the same questions, in one run.
import fs from 'node:fs';
import { loadCoreConfig } from '../../src/config.ts';
import type { AbstentionPolicy } from '../../src/answer/abstention.ts';
import { QuothLibrary } from '../../src/core/library.ts';
import type { RetrievalMode } from '../../src/shared/types.ts';
import { loadSquad, squadArticleText, type SquadArticle, type SquadQuestion } from '../data/datasets.ts';
import {
  locateParagraphs,
  RankingTally,
  type Gold,
  type RankedPassage,
  type RankingSummary,
} from '../metrics/answers.ts';
import { makeBenchModel, tempDir, type TinyModel } from '../lib/tinyModel.ts';
import {
  chunkWithLangChain,
  LANGCHAIN_DEFAULT_CHUNKING,
  langChainBm25,
  langChainEnsemble,
  langChainHnsw,
  oramaSearch,
  type ChunkingOptions,
  type PeerArticle,
  type PeerRetriever,
} from '../peers/peers.ts';
import { QuothProbe, type RetrieverMode } from './quothProbe.ts';

const RETRIEVER_NAMES: Record<RetrieverMode, string> = {
  dense: 'HNSW (dense only)',
  lexical: 'FTS5 BM25',
  hybrid: 'RRF-fused BM25 + HNSW',
};

export interface SystemResult extends RankingSummary {
  system: string;
  kind: 'quoth' | 'quoth-retriever' | 'peer';
  /** What a figure was made with (mode, model, chunking). */
  config: string;
  msPerQuestion: number;
  /** hit@1/hit@3 on the even-numbered articles (the tuning half) and the odd-numbered (held out). */
  halves?: { tuning: HalfFigures; heldOut: HalfFigures };
}

export interface HalfFigures {
  questions: number;
  hit1: number;
  hit3: number;
}

/**
 * Tallies all questions and, apart, those of even- and odd-numbered articles: hybrid scoring was
 * tuned on the even half only, so the odd half shows how well the tuning carries over.
 */
class SplitTally {
  readonly all = new RankingTally();
  private readonly half = [new RankingTally(), new RankingTally()] as const;
  private readonly counts = [0, 0];

  add(passages: RankedPassage[], gold: Gold, articleIndex: number, abstained = false): void {
    this.all.add(passages, gold, abstained);
    this.half[articleIndex % 2]!.add(passages, gold, abstained);
    this.counts[articleIndex % 2]!++;
  }

  halves(): { tuning: HalfFigures; heldOut: HalfFigures } {
    const fig = (i: 0 | 1): HalfFigures => {
      const s = this.half[i].summary();
      return { questions: this.counts[i]!, hit1: s.hit1, hit3: s.hit3 };
    };
    return { tuning: fig(0), heldOut: fig(1) };
  }
}

export interface SquadResult {
  articles: number;
  paragraphs: number;
  questions: number;
  questionsAsked: number;
  sampling: string;
  model: string;
  systems: SystemResult[];
  notes: string[];
}

export interface SquadQuestionRef {
  article: SquadArticle;
  question: SquadQuestion;
}

export interface SquadOptions {
  /** Ask every n-th question (1 = all). */
  every: number;
  log: (line: string) => void;
}

/** The paragraphs' spans in the text as it was given (joined by blank lines). */
function rawParagraphSpans(a: SquadArticle): { start: number; end: number }[] {
  let at = 0;
  return a.paragraphs.map((p) => {
    const span = { start: at, end: at + p.length };
    at += p.length + 2;
    return span;
  });
}

export interface IngestedSquad {
  library: QuothLibrary;
  dataDir: string;
  /** article title → its id and paragraph spans in the stored text */
  stored: Map<string, { articleId: string; paragraphs: { start: number; end: number }[] }>;
}

/**
 * Ingests the articles through ingestText, the path a user's pasted or attached article takes.
 * `abstention` replaces the library's policy (e.g. never abstain, to see the ranking alone).
 */
export async function ingestSquad(
  articles: SquadArticle[],
  mode: RetrievalMode,
  model: TinyModel | null,
  abstention?: AbstentionPolicy,
): Promise<IngestedSquad> {
  const dataDir = tempDir(`squad-${mode}`);
  const embedder = mode === 'hybrid' ? await model!.load() : null;
  const library = await QuothLibrary.open(
    loadCoreConfig(process.env, { dataDir }),
    abstention ? { embedder, abstention } : { embedder },
  );
  if (library.mode !== mode) throw new Error(`library opened in ${library.mode} mode, wanted ${mode}`);
  for (const a of articles) {
    const report = await library.ingestText({ text: squadArticleText(a), title: a.title, source: `squad:${a.title}` });
    if (report.failed.length > 0) throw new Error(`ingest of ${a.title} failed: ${report.failed[0]!.error}`);
  }
  const bySource = new Map(library.list().map((m) => [m.source, m.articleId]));
  const stored = new Map<string, { articleId: string; paragraphs: { start: number; end: number }[] }>();
  for (const a of articles) {
    const articleId = bySource.get(`squad:${a.title}`);
    if (!articleId) throw new Error(`${a.title} is not in the library after ingest`);
    stored.set(a.title, { articleId, paragraphs: locateParagraphs(library.get(articleId).text, a.paragraphs) });
  }
  return { library, dataDir, stored };
}

export function goldInStore(ingested: IngestedSquad, ref: SquadQuestionRef): Gold {
  const s = ingested.stored.get(ref.article.title)!;
  return { article: s.articleId, answers: ref.question.answers, paragraph: s.paragraphs[ref.question.paragraph]! };
}

export function selectQuestions(articles: SquadArticle[], every: number): SquadQuestionRef[] {
  return articles
    .flatMap((article) => article.questions.map((question) => ({ article, question })))
    .filter((_, i) => i % every === 0);
}

/** "every question", "every 3rd question", "every 10th question". */
export function everyNth(n: number, noun: string): string {
  if (n === 1) return `every ${noun}`;
  const suffix =
    n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `every ${n}${suffix} ${noun}`;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await work();
  return { value, ms: performance.now() - t };
}

function progress(log: (line: string) => void, name: string, done: number, total: number): void {
  if (done % 500 === 0 || done === total) log(`  ${name}: ${done}/${total}`);
}

export async function runSquad(opts: SquadOptions): Promise<SquadResult | null> {
  const articles = loadSquad();
  if (!articles) {
    opts.log('SQuAD: ../shared/data/squad-v1.1-dev-public/dev-public.json is absent; skipping answer quality.');
    return null;
  }
  const questions = selectQuestions(articles, opts.every);
  const total = articles.reduce((n, a) => n + a.questions.length, 0);
  opts.log(`SQuAD: ${articles.length} articles, ${questions.length} of ${total} questions`);
  const model = await makeBenchModel(articles.map(squadArticleText).join('\n\n'));
  const systems: SystemResult[] = [];
  const notes: string[] = [];
  const dataDirs: string[] = [];
  try {
    // Quoth through its public API: ask() with five quotes, per mode.
    for (const mode of ['lexical', 'hybrid'] as const) {
      const ingested = await ingestSquad(articles, mode, model);
      dataDirs.push(ingested.dataDir);
      const tally = new SplitTally();
      let ms = 0;
      for (const [i, ref] of questions.entries()) {
        const { value: result, ms: took } = await timed(() =>
          ingested.library.ask(ref.question.question, { quotes: 5 }),
        );
        ms += took;
        const passages: RankedPassage[] = result.quotes.map((q) => ({
          article: q.articleId,
          start: q.start,
          end: q.end,
          text: q.text,
        }));
        tally.add(passages, goldInStore(ingested, ref), articles.indexOf(ref.article), result.abstained);
        progress(opts.log, `Quoth ask (${mode})`, i + 1, questions.length);
      }
      systems.push({
        system: `Quoth ask (${mode})`,
        kind: 'quoth',
        config:
          mode === 'hybrid'
            ? `ask(question, {quotes: 5}), hybrid with the ${model.real ? 'real model' : 'generated test model'}`
            : 'ask(question, {quotes: 5}), lexical (BM25 over FTS5)',
        msPerQuestion: ms / questions.length,
        ...tally.all.summary(),
        halves: tally.halves(),
      });
      await ingested.library.close();
      if (mode === 'hybrid') {
        // Chunk rankings of Quoth's retrievers, from the hybrid library so all three rank the same chunks.
        const embedder = await model.load();
        const probe = QuothProbe.open(ingested.dataDir, embedder);
        for (const retriever of ['lexical', 'dense', 'hybrid'] as RetrieverMode[]) {
          const t = new RankingTally();
          let rms = 0;
          for (const [i, ref] of questions.entries()) {
            const { value: passages, ms: took } = await timed(() => probe.chunks(ref.question.question, retriever, 5));
            rms += took;
            t.add(passages, goldInStore(ingested, ref));
            progress(opts.log, `Quoth retriever (${retriever})`, i + 1, questions.length);
          }
          systems.push({
            system: `Quoth chunks (${retriever})`,
            kind: 'quoth-retriever',
            config:
              `top-5 chunks of Quoth's ${RETRIEVER_NAMES[retriever]} retriever, ≤254 word pieces of whole sentences` +
              (retriever === 'lexical' ? '' : model.real ? ', real model' : ', generated test model'),
            msPerQuestion: rms / questions.length,
            ...t.summary(),
          });
        }
        probe.close();
        await embedder.dispose();
      }
    }

    // Peers on the very same article text.
    const peerArticles: PeerArticle[] = articles.map((a) => ({ key: a.title, text: squadArticleText(a) }));
    const spans = new Map(articles.map((a) => [a.title, rawParagraphSpans(a)]));
    const peerGold = (ref: SquadQuestionRef): Gold => ({
      article: ref.article.title,
      answers: ref.question.answers,
      paragraph: spans.get(ref.article.title)![ref.question.paragraph]!,
    });
    const small: ChunkingOptions = { chunkSize: 300, chunkOverlap: 30 };
    const embedder = await model.load();
    const peers: PeerRetriever[] = [];
    for (const chunking of [LANGCHAIN_DEFAULT_CHUNKING, small]) {
      const corpus = await chunkWithLangChain(peerArticles, chunking);
      if (corpus.unlocated > 0)
        notes.push(
          `${corpus.unlocated} LangChain chunks (${chunking.chunkSize}) not ` +
            `found verbatim in their article; they never count as overlapping.`,
        );
      peers.push(langChainBm25(corpus, chunking, 5));
      peers.push(await oramaSearch(corpus, chunking, { stemming: false }));
      if (chunking === LANGCHAIN_DEFAULT_CHUNKING) {
        peers.push(await oramaSearch(corpus, chunking, { stemming: true }));
        peers.push(await langChainHnsw(corpus, chunking, embedder));
        peers.push(await langChainEnsemble(corpus, chunking, embedder, 5));
      }
    }
    for (const peer of peers) {
      const tally = new SplitTally();
      let ms = 0;
      for (const [i, ref] of questions.entries()) {
        const { value: passages, ms: took } = await timed(() => peer.retrieve(ref.question.question, 5));
        ms += took;
        tally.add(passages, peerGold(ref), articles.indexOf(ref.article));
        progress(opts.log, peer.name, i + 1, questions.length);
      }
      const figures = { msPerQuestion: ms / questions.length, ...tally.all.summary(), halves: tally.halves() };
      systems.push({ system: peer.name, kind: 'peer', config: peer.config, ...figures });
    }
    await embedder.dispose();
  } finally {
    model.remove();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
  return {
    articles: articles.length,
    paragraphs: articles.reduce((n, a) => n + a.paragraphs.length, 0),
    questions: total,
    questionsAsked: questions.length,
    sampling: everyNth(opts.every, 'question'),
    model: model.label,
    systems,
    notes,
  };
}
