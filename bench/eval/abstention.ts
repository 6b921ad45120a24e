// How well ask() knows when to say "Not found": half of the SQuAD articles go into the library;
// their questions are answerable, the other half's questions are not (their article is absent).
// Each question's scored sentences are computed once through QuothProbe, then every threshold pair
// is applied to them with the core's own isAnswer(), so the sweep costs one pass per mode.
import fs from 'node:fs';
import { abstentionFor } from '../../src/answer/abstention.ts';
import {
  DEFAULT_ABSTENTION,
  isAnswer,
  type AbstentionPolicy,
  type ScoredSentence,
} from '../../src/answer/selectQuotes.ts';
import type { RetrievalMode } from '../../src/shared/types.ts';
import { loadSquad, squadArticleText } from '../data/datasets.ts';
import { containsAnswer } from '../metrics/answers.ts';
import { makeBenchModel } from '../lib/tinyModel.ts';
import { everyNth, ingestSquad, selectQuestions, type SquadQuestionRef } from './squad.ts';
import { QuothProbe } from './quothProbe.ts';

export interface PolicyOutcome extends AbstentionPolicy {
  /** Share of answerable questions that got a quote. */
  answeredAnswerable: number;
  /** Share of answerable questions whose first quote holds the gold answer. */
  correctAnswerable: number;
  /** Share of unanswerable questions that still got a quote. */
  answeredUnanswerable: number;
  /** (answered answerable + abstained unanswerable) / 2. */
  balancedAccuracy: number;
}

export interface ModeSweep {
  mode: RetrievalMode;
  answerable: number;
  unanswerable: number;
  /** Share of the checked questions where the probe's decision at the default policy equals ask()'s. */
  agreementWithAsk: number;
  agreementChecked: number;
  current: PolicyOutcome;
  best: PolicyOutcome;
  grid: PolicyOutcome[];
}

export interface AbstentionResult {
  split: string;
  sampling: string;
  model: string;
  modes: ModeSweep[];
}

interface Judged {
  sentences: Pick<ScoredSentence, 'coverage' | 'similarity' | 'unseen' | 'unseenName' | 'question' | 'evidence'>[];
  /** Per sentence: does it contain a gold answer (always false for unanswerable questions). */
  hits: boolean[];
}

const COVERAGE_GRID = [0.2, 0.25, 0.3, 0.34, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];
/** Lexical mode: answerConfidence() log-odds thresholds, swept with the coverage rule's defaults. */
const CONFIDENCE_GRID = [-1, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1];
const HYBRID_CONFIDENCE_GRID = [0, 0.25, 0.35, 0.5, 0.65, 0.75, 1];
const SIMILARITY_GRID = [0.35, 0.4, 0.45, 0.485, 0.5, 0.55, 0.6];
/** What the question names that the library lacks: off, a name the collection never mentions, or a weight share. */
const UNSEEN_GRID: Pick<AbstentionPolicy, 'maxUnseen' | 'abstainOnUnseenName'>[] = [
  { maxUnseen: 1, abstainOnUnseenName: false },
  { maxUnseen: 1, abstainOnUnseenName: true },
  { maxUnseen: 0.5, abstainOnUnseenName: false },
  { maxUnseen: 0.4, abstainOnUnseenName: false },
  { maxUnseen: 0.3, abstainOnUnseenName: false },
  { maxUnseen: 0.4, abstainOnUnseenName: true },
];

function outcome(policy: AbstentionPolicy, answerable: Judged[], unanswerable: Judged[]): PolicyOutcome {
  const firstAnswer = (j: Judged) => j.sentences.findIndex((s) => isAnswer(s as ScoredSentence, policy));
  let answered = 0;
  let correct = 0;
  for (const j of answerable) {
    const i = firstAnswer(j);
    if (i >= 0) {
      answered++;
      if (j.hits[i]) correct++;
    }
  }
  const falseAnswers = unanswerable.filter((j) => firstAnswer(j) >= 0).length;
  const answeredAnswerable = answered / answerable.length;
  const answeredUnanswerable = falseAnswers / unanswerable.length;
  return {
    ...policy,
    answeredAnswerable,
    correctAnswerable: correct / answerable.length,
    answeredUnanswerable,
    balancedAccuracy: (answeredAnswerable + 1 - answeredUnanswerable) / 2,
  };
}

/** QUOTH_SWEEP_MODES=lexical limits the sweep to one mode while tuning. */
const MODES = (process.env.QUOTH_SWEEP_MODES?.split(',') ?? ['lexical', 'hybrid']) as RetrievalMode[];

export async function runAbstentionSweep(opts: {
  every: number;
  log: (line: string) => void;
}): Promise<AbstentionResult | null> {
  const articles = loadSquad();
  if (!articles) {
    opts.log('Abstention sweep: SQuAD is absent; skipping.');
    return null;
  }
  // QUOTH_ABSTENTION_SPLIT=odd swaps the halves: a policy tuned on the usual split is checked on
  // articles and questions it was not tuned on.
  const libraryHalf = process.env.QUOTH_ABSTENTION_SPLIT === 'odd' ? 1 : 0;
  const inLibrary = articles.filter((_, i) => i % 2 === libraryHalf);
  const outside = articles.filter((_, i) => i % 2 !== libraryHalf);
  const answerableRefs = selectQuestions(inLibrary, opts.every);
  const unanswerableRefs = selectQuestions(outside, opts.every);
  opts.log(
    `Abstention sweep: ${inLibrary.length} articles in the library, ${answerableRefs.length} answerable and ` +
      `${unanswerableRefs.length} unanswerable questions`,
  );
  const model = await makeBenchModel(inLibrary.map(squadArticleText).join('\n\n'));
  const modes: ModeSweep[] = [];
  const dataDirs: string[] = [];
  try {
    for (const mode of MODES) {
      const ingested = await ingestSquad(inLibrary, mode, model);
      dataDirs.push(ingested.dataDir);
      // ask() itself on a sample, to check that the probe decides as ask() does.
      const checkRefs = [...answerableRefs.slice(0, 100), ...unanswerableRefs.slice(0, 100)];
      const askAbstained = new Map<SquadQuestionRef, boolean>();
      for (const ref of checkRefs)
        askAbstained.set(ref, (await ingested.library.ask(ref.question.question, { quotes: 5 })).abstained);
      await ingested.library.close();

      const embedder = mode === 'hybrid' ? await model.load() : null;
      // The policy ask() used: tuned thresholds for the model they were tuned with.
      const current = abstentionFor(embedder?.modelId ?? null);
      // In hybrid mode a grid policy's minCoverage plays the part of hybridMinCoverage.
      const asGrid: AbstentionPolicy = { ...current, minCoverage: current.hybridMinCoverage ?? current.minCoverage };
      const probe = QuothProbe.open(ingested.dataDir, embedder);
      const judge = async (ref: SquadQuestionRef, answerable: boolean): Promise<Judged> => {
        const scored = await probe.scoredSentences(ref.question.question, mode);
        return {
          sentences: scored.map((s) => ({
            coverage: s.coverage,
            similarity: s.similarity,
            unseen: s.unseen,
            unseenName: s.unseenName,
            question: s.question,
            evidence: s.evidence,
          })),
          hits: scored.map((s) => answerable && containsAnswer(probe.sentenceText(s), ref.question.answers)),
        };
      };
      const answerable: Judged[] = [];
      const unanswerable: Judged[] = [];
      let agree = 0;
      for (const [i, ref] of answerableRefs.entries()) {
        const j = await judge(ref, true);
        answerable.push(j);
        if (askAbstained.has(ref))
          agree += Number(askAbstained.get(ref) === !j.sentences.some((s) => isAnswer(s as ScoredSentence, current)));
        if ((i + 1) % 500 === 0) opts.log(`  ${mode} answerable: ${i + 1}/${answerableRefs.length}`);
      }
      for (const [i, ref] of unanswerableRefs.entries()) {
        const j = await judge(ref, false);
        unanswerable.push(j);
        if (askAbstained.has(ref))
          agree += Number(askAbstained.get(ref) === !j.sentences.some((s) => isAnswer(s as ScoredSentence, current)));
        if ((i + 1) % 500 === 0) opts.log(`  ${mode} unanswerable: ${i + 1}/${unanswerableRefs.length}`);
      }
      probe.close();
      await embedder?.dispose();

      const sims = mode === 'hybrid' ? SIMILARITY_GRID : [current.minSimilarity];
      const { maxUnseen, abstainOnUnseenName } = DEFAULT_ABSTENTION;
      const unseenOptions = mode === 'hybrid' ? [{ maxUnseen, abstainOnUnseenName }] : UNSEEN_GRID;
      const grid = COVERAGE_GRID.flatMap((minCoverage) =>
        sims.flatMap((minSimilarity) =>
          unseenOptions.map((u) => outcome({ minCoverage, minSimilarity, ...u }, answerable, unanswerable)),
        ),
      );
      if (mode === 'lexical')
        for (const minConfidence of CONFIDENCE_GRID)
          grid.push(outcome({ ...DEFAULT_ABSTENTION, minConfidence }, answerable, unanswerable));
      // The hybrid answer model (the default policy with the model it was fitted for) at other log-odds.
      const { hybridAnswer } = current;
      if (mode === 'hybrid' && hybridAnswer)
        for (const minConfidence of HYBRID_CONFIDENCE_GRID)
          grid.push(outcome({ ...asGrid, hybridAnswer: { ...hybridAnswer, minConfidence } }, answerable, unanswerable));
      // Best balanced accuracy; ties go to the policy nearest the current one.
      const distance = (p: AbstentionPolicy) =>
        Math.abs((p.minConfidence ?? 9) - (asGrid.minConfidence ?? 9)) +
        Math.abs((p.hybridAnswer?.minConfidence ?? 9) - (asGrid.hybridAnswer?.minConfidence ?? 9)) +
        Math.abs(p.minCoverage - asGrid.minCoverage) +
        0.01 * Math.abs(Math.min(p.minSimilarity, 2) - asGrid.minSimilarity);
      const best = [...grid].sort((a, b) => b.balancedAccuracy - a.balancedAccuracy || distance(a) - distance(b))[0]!;
      modes.push({
        mode,
        answerable: answerable.length,
        unanswerable: unanswerable.length,
        agreementWithAsk: agree / checkRefs.length,
        agreementChecked: checkRefs.length,
        current: outcome(asGrid, answerable, unanswerable),
        best,
        grid,
      });
    }
  } finally {
    model.remove();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
  return {
    split:
      `library = the ${inLibrary.length} even-numbered articles; ` +
      `unanswerable = questions of the ${outside.length} odd-numbered ones`,
    sampling: everyNth(opts.every, 'question'),
    model: model.label,
    modes,
  };
}
