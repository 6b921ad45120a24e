// Summary quality: ROUGE F1 of Quoth's summarize() on three news summary sets, beside lead-k and
// TextRank computed in the same run on the same stored text and sentence split. Also sweeps the
// summarizer's positionWeight and mmrLambda: tuned on the even-numbered items of each set, then
// reported on the odd-numbered ones so the recommendation is not judged on what it was fitted to.
import fs from 'node:fs';
import { loadCoreConfig } from '../../src/config.ts';
import { QuothLibrary } from '../../src/core/library.ts';
import type { Span } from '../../src/shared/types.ts';
import { summarizeArticle } from '../../src/summarize/summarizeArticle.ts';
import { contentStems } from '../../src/text/sentenceTerms.ts';
import { splitSentences } from '../../src/text/splitSentences.ts';
import { leadSentences, textRankSentences } from '../baselines/extractive.ts';
import { loadSummarySets, type SummaryItem, type SummarySet } from '../data/datasets.ts';
import { tempDir } from '../lib/tinyModel.ts';
import { mean } from '../lib/stats.ts';
import { rouge, type RougeScores } from '../metrics/rouge.ts';

export type LengthRule = 'three' | 'reference';

export interface SystemRouge extends RougeScores {
  system: string;
  meanSentences: number;
  meanWords: number;
}

export interface SetResult {
  set: SummarySet['name'];
  items: number;
  preparation: string;
  /** 'three': every system picks 3 sentences; 'reference': as many as the reference has. */
  length: LengthRule;
  systems: SystemRouge[];
}

export interface SweepPoint {
  /** null: summarizeArticle()'s own default (the row for the summarizer as shipped). */
  positionWeight: number | null;
  mmrLambda: number | null;
  /**
   * On the tuning half: per set, (R1 + R2 + RL) / 3 divided by lead-3's, then the mean over the
   * sets, so a set with high absolute ROUGE (the extractive BBC references) does not outvote the others.
   */
  tuneScore: number;
  /** The same ratio per set. */
  perSet: Record<string, number>;
}

export interface SummaryResult {
  sets: SetResult[];
  missing: string[];
  /** Items where summarizeArticle() on the stored text differed from summarize(): must be 0. */
  apiMismatches: number;
  sweep: {
    grid: SweepPoint[];
    best: SweepPoint;
    current: SweepPoint;
    /**
     * Best worst case: the highest score of the weakest set (relative to lead-3), so no set is given up for another.
     */
    robust: SweepPoint;
    bestPerSet: Record<string, SweepPoint>;
    /** On the held-out half, with 3 sentences: per set, default vs best vs lead-3 vs TextRank. */
    heldOut: {
      set: string;
      items: number;
      current: RougeScores;
      best: RougeScores;
      robust: RougeScores;
      lead: RougeScores;
      textRank: RougeScores;
    }[];
  } | null;
}

interface Prepared {
  set: SummarySet['name'];
  item: SummaryItem;
  articleId: string;
  text: string;
  sentences: Span[];
  words: string[][];
}

const POSITION_GRID = [0, 0.3, 0.6, 1, 1.5, 2.5, 4, 6];
const LAMBDA_GRID = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 1];

const asLines = (text: string, spans: Span[]) =>
  spans.map((s) => text.slice(s.start, s.end).replace(/\s*\n\s*/g, ' ')).join('\n');
const words = (s: string) => s.split(/\s+/).filter((w) => w.length > 0).length;

function meanScores(scores: RougeScores[]): RougeScores {
  return {
    rouge1: mean(scores.map((s) => s.rouge1)),
    rouge2: mean(scores.map((s) => s.rouge2)),
    rougeL: mean(scores.map((s) => s.rougeL)),
  };
}

const combined = (s: RougeScores) => (s.rouge1 + s.rouge2 + s.rougeL) / 3;

export async function runSummaries(opts: {
  limit: number | null;
  sweep: boolean;
  log: (line: string) => void;
}): Promise<SummaryResult> {
  const { sets, missing } = loadSummarySets();
  for (const m of missing) opts.log(`Summaries: ../shared/data/${m} is absent; skipping that set.`);
  const dataDir = tempDir('summaries');
  // summarize() reads only text and sentences; lexical mode ingests the same text.
  const library = await QuothLibrary.open(loadCoreConfig(process.env, { dataDir }), { embedder: null });
  const prepared: Prepared[] = [];
  let apiMismatches = 0;
  const results: SetResult[] = [];
  try {
    for (const set of sets) {
      const items = opts.limit ? set.items.slice(0, opts.limit) : set.items;
      opts.log(`Summaries: ${set.name}, ${items.length} articles`);
      const sourceOf = (item: SummaryItem) => `${set.name}:${item.id}`;
      for (const item of items) {
        const report = await library.ingestText({
          text: item.text,
          title: `${set.name} ${item.id}`,
          source: sourceOf(item),
        });
        if (report.failed.length > 0) opts.log(`  ${sourceOf(item)} not ingested: ${report.failed[0]!.error}`);
      }
      const ids = new Map(library.list().map((m) => [m.source, m.articleId]));
      const mine: Prepared[] = [];
      for (const item of items) {
        const articleId = ids.get(sourceOf(item));
        if (!articleId) continue;
        const text = library.get(articleId).text;
        const sentences = splitSentences(text);
        mine.push({
          set: set.name,
          item,
          articleId,
          text,
          sentences,
          words: sentences.map((s) => contentStems(text.slice(s.start, s.end))),
        });
      }
      prepared.push(...mine);

      for (const length of ['three', 'reference'] as LengthRule[]) {
        const acc: Record<string, { scores: RougeScores[]; sentences: number[]; words: number[] }> = {};
        const add = (system: string, text: string, spans: Span[], reference: string) => {
          const candidate = asLines(text, spans);
          (acc[system] ??= { scores: [], sentences: [], words: [] }).scores.push(rouge(candidate, reference));
          acc[system]!.sentences.push(spans.length);
          acc[system]!.words.push(words(candidate));
        };
        for (const p of mine) {
          const k = length === 'three' ? 3 : Math.max(1, p.item.referenceSentences);
          const summary = await library.summarize(p.articleId, { sentences: Math.min(k, 20) });
          const spans = summary.sentences.map((s) => ({ start: s.start, end: s.end }));
          if (length === 'three') {
            const direct = summarizeArticle(p.text, p.sentences, { sentences: 3 });
            if (JSON.stringify(direct) !== JSON.stringify(spans)) apiMismatches++;
          }
          add('Quoth summarize', p.text, spans, p.item.reference);
          add(`lead-${length === 'three' ? '3' : 'k'}`, p.text, leadSentences(p.sentences, k), p.item.reference);
          add('TextRank', p.text, textRankSentences(p.sentences, p.words, k), p.item.reference);
        }
        results.push({
          set: set.name,
          items: mine.length,
          preparation: set.preparation,
          length,
          systems: Object.entries(acc).map(([system, a]) => ({
            system,
            ...meanScores(a.scores),
            meanSentences: mean(a.sentences),
            meanWords: mean(a.words),
          })),
        });
      }
    }
  } finally {
    await library.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  let sweep: SummaryResult['sweep'] = null;
  if (opts.sweep && prepared.length > 0) {
    const setNames = [...new Set(prepared.map((p) => p.set))];
    const half = (parity: number) =>
      setNames.map((set) => ({ set, items: prepared.filter((p) => p.set === set).filter((_, i) => i % 2 === parity) }));
    const tune = half(0);
    const held = half(1);
    // undefined leaves a parameter at summarizeArticle()'s default.
    const scoreWith = (items: Prepared[], positionWeight: number | null, mmrLambda: number | null) =>
      meanScores(
        items.map((p) =>
          rouge(
            asLines(
              p.text,
              summarizeArticle(p.text, p.sentences, {
                sentences: 3,
                positionWeight: positionWeight ?? undefined,
                mmrLambda: mmrLambda ?? undefined,
              }),
            ),
            p.item.reference,
          ),
        ),
      );
    const point = (positionWeight: number | null, mmrLambda: number | null): SweepPoint => {
      const perSet = Object.fromEntries(
        tune.map((t) => [t.set, combined(scoreWith(t.items, positionWeight, mmrLambda)) / leadOf.get(t.set)!]),
      );
      return { positionWeight, mmrLambda, tuneScore: mean(Object.values(perSet)), perSet };
    };
    const leadOf = new Map(
      tune.map((t) => [
        t.set,
        combined(
          meanScores(t.items.map((p) => rouge(asLines(p.text, leadSentences(p.sentences, 3)), p.item.reference))),
        ),
      ]),
    );
    const grid: SweepPoint[] = [];
    opts.log(
      `Summaries: sweeping ${POSITION_GRID.length * LAMBDA_GRID.length} settings ` +
        `on ${tune.reduce((n, t) => n + t.items.length, 0)} tuning articles`,
    );
    for (const positionWeight of POSITION_GRID) {
      for (const mmrLambda of LAMBDA_GRID) {
        grid.push(point(positionWeight, mmrLambda));
      }
    }
    const best = [...grid].sort((a, b) => b.tuneScore - a.tuneScore)[0]!;
    const robust = [...grid].sort(
      (a, b) => Math.min(...Object.values(b.perSet)) - Math.min(...Object.values(a.perSet)),
    )[0]!;
    const current = point(null, null);
    const heldOut = held.map((h) => ({
      set: h.set,
      items: h.items.length,
      current: scoreWith(h.items, null, null),
      best: scoreWith(h.items, best.positionWeight, best.mmrLambda),
      robust: scoreWith(h.items, robust.positionWeight, robust.mmrLambda),
      lead: meanScores(h.items.map((p) => rouge(asLines(p.text, leadSentences(p.sentences, 3)), p.item.reference))),
      textRank: meanScores(
        h.items.map((p) => rouge(asLines(p.text, textRankSentences(p.sentences, p.words, 3)), p.item.reference)),
      ),
    }));
    const bestPerSet = Object.fromEntries(
      setNames.map((set) => [set, [...grid].sort((a, b) => b.perSet[set]! - a.perSet[set]!)[0]!]),
    );
    sweep = { grid, best, current, robust, bestPerSet, heldOut };
  }
  return { sets: results, missing, apiMismatches, sweep };
}
