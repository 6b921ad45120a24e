import type { RougeScores } from '../metrics/rouge.ts';
import { markdownTable, ratio, type Cell } from '../lib/report.ts';
import type { EvalResult } from './result.ts';
import type { AbstentionPolicy } from '../../src/answer/abstention.ts';
import type { SystemResult } from './squad.ts';
import { smallMarkdown } from './small.ts';
import type { ExtractionResult } from './extraction.ts';

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const pc = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');

function squadSection(squad: NonNullable<EvalResult['squad']>): string {
  const rows: Cell[][] = squad.systems.map((s) => [
    s.system,
    f3(s.hit1),
    f3(s.hit3),
    f3(s.recall5),
    f3(s.mrr5),
    pc(s.abstention),
    Math.round(s.meanPassageChars),
    s.meanPassages.toFixed(2),
    s.msPerQuestion.toFixed(1),
  ]);
  const by = new Map(squad.systems.map((s) => [s.system, s]));
  const compare = (peer: SystemResult, quoth: SystemResult | undefined): Cell[] => {
    if (!quoth) return [peer.system, '–', '–', '–', '–', '–'];
    const cell = (k: 'hit1' | 'hit3' | 'recall5' | 'mrr5') =>
      `${f3(quoth[k])} vs ${f3(peer[k])} (${ratio(quoth[k], peer[k])})`;
    return [peer.system, quoth.system, cell('hit1'), cell('hit3'), cell('recall5'), cell('mrr5')];
  };
  const peers = squad.systems.filter((s) => s.kind === 'peer');
  const dense = (p: SystemResult) => p.system.includes('HNSW') || p.system.includes('Ensemble');
  const quoteRows = peers.map((p) => compare(p, by.get(dense(p) ? 'Quoth ask (hybrid)' : 'Quoth ask (lexical)')));
  const chunkOf = (p: SystemResult) =>
    p.system.includes('Ensemble')
      ? 'Quoth chunks (hybrid)'
      : dense(p)
        ? 'Quoth chunks (dense)'
        : 'Quoth chunks (lexical)';
  const chunkRows = peers.map((p) => compare(p, by.get(chunkOf(p))));
  const split = squad.systems.filter((s) => s.halves);
  const halfRows: Cell[][] = split.map((s) => [
    s.system,
    `${f3(s.halves!.tuning.hit1)} / ${f3(s.halves!.tuning.hit3)}`,
    `${f3(s.halves!.heldOut.hit1)} / ${f3(s.halves!.heldOut.hit3)}`,
    `${f3(s.hit1)} / ${f3(s.hit3)}`,
  ]);
  const halfCounts = split[0]?.halves
    ? ` (${split[0].halves.tuning.questions} and ${split[0].halves.heldOut.questions} questions)`
    : '';
  const header = ['Peer', 'Quoth figure', 'hit@1 Quoth vs peer (ratio)', 'hit@3', 'recall@5', 'MRR@5'];
  return [
    `## Answers with quotes: SQuAD v1.1 (public half of dev)`,
    '',
    `${squad.articles} articles (${squad.paragraphs} paragraphs, each article's paragraphs joined ` +
      `by blank lines), ${squad.questionsAsked} of ${squad.questions} questions (${squad.sampling}). ` +
      `Quoth ingested them through \`ingestText\` and answered through ` +
      `\`ask(question, { quotes: 5 })\`; peers indexed the same text. ` +
      `hit@k: one of the first k quotes (or chunks) contains a gold answer (case-insensitive); ` +
      `recall@5: one of the first five overlaps the gold paragraph; ` +
      `MRR@5: mean 1/rank of the first quote holding the answer. ` +
      `Dense and hybrid figures use the ${squad.model}.`,
    '',
    markdownTable(
      ['System', 'hit@1', 'hit@3', 'recall@5', 'MRR@5', 'abstained', 'chars/quote', 'quotes/q', 'ms/q'],
      rows,
    ),
    '',
    '"Quoth chunks" rows rank Quoth\'s own chunks (whole sentences, ≤254 word pieces, one sentence ' +
      'of overlap) with its retrievers alone, read through the core modules on the hybrid library: ' +
      "this is the like-for-like comparison with a peer's chunks, " +
      'and the only way to measure dense retrieval alone (ask() has no dense-only mode).',
    '',
    '### Quoth vs each peer (ratio = Quoth / peer)',
    '',
    "Quotes: Quoth's answer quotes against the peer's chunks. " +
      "A peer's chunk is 3–4× longer than a Quoth quote, so it contains the answer more easily.",
    '',
    markdownTable(header, quoteRows),
    '',
    "Chunks: Quoth's retriever against the peer's retriever, both returning chunks of similar length.",
    '',
    markdownTable(header, chunkRows),
    ...(halfRows.length
      ? [
          '',
          `### Tuning half and held-out half${halfCounts}`,
          '',
          'Hybrid scoring, fusion and thresholds were tuned on the even-numbered articles only; ' +
            'the odd-numbered ones are held out.',
          '',
          markdownTable(['System', 'tuning half hit@1 / hit@3', 'held-out half', 'all'], halfRows),
        ]
      : []),
    ...(squad.notes.length ? ['', ...squad.notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
}

/** What decides in this mode: the answer model's threshold, or the coverage threshold. */
function policyLabel(mode: string, p: AbstentionPolicy): string {
  if (mode === 'hybrid' && p.hybridAnswer) return `answer model ≥ ${p.hybridAnswer.minConfidence.toFixed(2)}`;
  if (mode === 'lexical' && p.minConfidence !== undefined) return `answer model ≥ ${p.minConfidence.toFixed(2)}`;
  return p.minCoverage.toFixed(2);
}

function abstentionSection(a: NonNullable<EvalResult['abstention']>): string {
  const out = [
    '## Abstention: when ask() answers "Not found in the articles."',
    '',
    `${a.split}; ${a.sampling}. "answered" = got a quote; "correct" = the first quote holds a ` +
      `gold answer. Balanced accuracy = (answered answerable + ` +
      `abstained unanswerable) / 2. Hybrid uses the ${a.model}.`,
  ];
  for (const m of a.modes) {
    const sim = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'off');
    const row = (label: string, p: (typeof m)['current']): Cell[] => [
      label,
      policyLabel(m.mode, p),
      m.mode === 'hybrid' ? sim(p.minSimilarity) : '–',
      `${p.abstainOnUnseenName ? 'name' : '–'} / ${(p.maxUnseen ?? 1) >= 1 ? 'off' : p.maxUnseen!.toFixed(2)}`,
      pc(p.answeredAnswerable),
      pc(p.correctAnswerable),
      pc(p.answeredUnanswerable),
      f3(p.balancedAccuracy),
    ];
    const header = [
      'Policy',
      'minCoverage (or answer model log-odds)',
      'minSimilarity',
      'unseen name / maxUnseen',
      'answered (answerable)',
      'correct (answerable)',
      'answered (unanswerable)',
      'balanced acc.',
    ];
    const shown =
      m.mode === 'hybrid'
        ? m.grid.filter((g) => g.minSimilarity === m.best.minSimilarity || g.minCoverage === m.best.minCoverage)
        : m.grid;
    out.push(
      '',
      `### ${m.mode} (${m.answerable} answerable, ${m.unanswerable} unanswerable; probe ` +
        `agrees with ask() on ${pc(m.agreementWithAsk)} of ${m.agreementChecked} checked)`,
      '',
      markdownTable(header, [
        row('current default', m.current),
        row('best on this split', m.best),
        ...shown.map((g) => row('', g)),
      ]),
    );
  }
  return out.join('\n');
}

function summariesSection(s: NonNullable<EvalResult['summaries']>): string {
  const out = [
    '## Summaries: ROUGE F1',
    '',
    'ROUGE-1/2 and summary-level ROUGE-L (rougeLsum) F1, js-rouge with rouge-score tokenization ' +
      'and Porter stemming (checked against ROUGE-1.5.5 values in tests/bench/rouge.test.ts). ' +
      'All systems pick whole sentences from the same stored text and the same sentence split; ' +
      'Quoth through `summarize()`. ' +
      "TextRank: Mihalcea & Tarau 2004 over Quoth's content-word stems.",
  ];
  for (const length of ['three', 'reference'] as const) {
    const rows: Cell[][] = [];
    for (const set of s.sets.filter((x) => x.length === length)) {
      for (const sys of set.systems)
        rows.push([
          set.set,
          set.items,
          sys.system,
          f3(sys.rouge1),
          f3(sys.rouge2),
          f3(sys.rougeL),
          sys.meanSentences.toFixed(1),
          Math.round(sys.meanWords),
        ]);
    }
    out.push(
      '',
      length === 'three' ? '### Three sentences per summary' : '### As many sentences as the reference has (XSum: 1)',
      '',
      markdownTable(['Set', 'articles', 'System', 'R-1', 'R-2', 'R-L', 'sentences', 'words'], rows),
    );
  }
  out.push('', `Data preparation: ${[...new Set(s.sets.map((x) => `${x.set}: ${x.preparation}`))].join('; ')}.`);
  if (s.missing.length) out.push('', `Skipped (absent): ${s.missing.join(', ')}.`);
  out.push(
    '',
    `summarizeArticle() on the stored text gave the same sentences ` +
      `as summarize() for all but ${s.apiMismatches} articles.`,
  );
  if (s.sweep) {
    const w = s.sweep;
    const g = (p: { positionWeight: number | null; mmrLambda: number | null }) =>
      p.positionWeight === null
        ? "summarizeArticle()'s defaults"
        : `positionWeight ${p.positionWeight}, mmrLambda ${p.mmrLambda}`;
    const r = (x: RougeScores) => `${f3(x.rouge1)} / ${f3(x.rouge2)} / ${f3(x.rougeL)}`;
    out.push(
      '',
      '### Summarizer parameter sweep (3 sentences)',
      '',
      `Tuned on the even-numbered articles of each set (score: mean over sets of ` +
        `(R-1+R-2+R-L)/3 relative to lead-3), reported on the odd-numbered ones. ` +
        `Best mean: ${g(w.best)} (tuning score ${f3(w.best.tuneScore)}); best worst-set (the weakest ` +
        `set's score relative to lead-3 highest): ${g(w.robust)} (mean ${f3(w.robust.tuneScore)}, ` +
        `weakest ${f3(Math.min(...Object.values(w.robust.perSet)))}); ` +
        `current (${g(w.current)}, whatever the code ships) (mean ${f3(w.current.tuneScore)}, ` +
        `weakest ${f3(Math.min(...Object.values(w.current.perSet)))}). ` +
        `Best per set: ${Object.entries(w.bestPerSet)
          .map(([set, p]) => `${set} ${g(p)}`)
          .join('; ')}.`,
      '',
      markdownTable(
        ['Held-out set', 'articles', 'current R-1/R-2/R-L', 'best mean', 'best worst-set', 'lead-3', 'TextRank'],
        w.heldOut.map((h) => [h.set, h.items, r(h.current), r(h.best), r(h.robust), r(h.lead), r(h.textRank)]),
      ),
    );
  }
  return out.join('\n');
}

export function evalMarkdown(r: EvalResult): string {
  const parts = [
    `# Quoth eval${r.quick ? ' (quick)' : ''}`,
    '',
    `${r.startedAt}, ${r.seconds} s; commit ` +
      `${r.git.commit ?? 'unknown'}${r.git.dirty ? ' with uncommitted changes in src/' : ''}; ` +
      `Node ${r.machine.node}, ${r.machine.cpus} × ${r.machine.cpuModel}, ` +
      `${r.machine.memoryGiB} GiB, load average at start ${r.machine.loadAverage.join(' ')}.`,
  ];
  const carried = Object.entries(r.carriedOver ?? {});
  if (carried.length)
    parts.push(
      '',
      `Not measured in this run, kept from earlier runs: ${carried.map(([part, at]) => `${part} (${at})`).join('; ')}.`,
    );
  if (r.squad) parts.push('', squadSection(r.squad));
  else if (r.parts.includes('squad')) parts.push('', 'SQuAD skipped: data absent.');
  if (r.abstention) parts.push('', abstentionSection(r.abstention));
  if (r.summaries) parts.push('', summariesSection(r.summaries));
  if (r.small) parts.push('', smallMarkdown(r.small));
  if (r.extraction) parts.push('', extractionSection(r.extraction));
  return parts.join('\n');
}

function extractionSection(x: ExtractionResult): string {
  const row = (name: string, s: ExtractionResult['quoth']): Cell[] => [
    name,
    f3(s.precision),
    f3(s.recall),
    f3(s.f1),
    s.emptyPages,
  ];
  const worst = (s: ExtractionResult['quoth']): string =>
    [...s.pages]
      .sort((a, b) => a.f1 - b.f1)
      .slice(0, 3)
      .map((p) => `${p.name} (F1 ${f3(p.f1)})`)
      .join(', ');
  const out = [
    '## HTML extraction',
    '',
    'Scored by token precision, recall and F1 (bag of lower-cased words, mean over pages) against the text ' +
      'a careful reader keeps; a page whose expected text is empty is not an article, and scores 1 when ' +
      'nothing is extracted (or the extractor refuses it), 0 otherwise. Plain Readability: linkedom ' +
      '`parseHTML`, `new Readability(document).parse().textContent` (null counts as nothing), on the same ' +
      'pages in the same run. "Empty" counts article pages with nothing extracted.',
    '',
    `### tests/fixtures/extraction (${x.pages} pages, written together with the extractor)`,
    '',
    '8 site shells with cookie banners, share rows, teaser rails, comments, author bios, date lines, hover ' +
      'cards, repeated captions and embedded posts.',
    '',
    markdownTable(
      ['System', 'precision', 'recall', 'F1', 'empty pages'],
      [row('Quoth extractHtml', x.quoth), row('plain Readability', x.readability)],
    ),
    '',
    `Lowest Quoth pages: ${worst(x.quoth)}.`,
  ];
  const ind = x.independent;
  if (ind) {
    const halves: [string, typeof ind.all][] = [
      ['development half (even positions)', ind.dev],
      ['held-out half (odd positions)', ind.heldOut],
      ['all', ind.all],
    ];
    out.push(
      '',
      `### tests/fixtures/extraction-independent (${ind.all.pages} pages, written without seeing the extractor)`,
      '',
      'Pages at even manifest positions are the development half, the only ones whose diffs may guide tuning; ' +
        'the held-out half measures the general case.',
      '',
      markdownTable(
        ['Pages', 'n', 'System', 'precision', 'recall', 'F1', 'empty pages'],
        halves.flatMap(([name, s]) => [
          [name, s.pages, ...row('Quoth extractHtml', s.quoth)],
          [name, s.pages, ...row('plain Readability', s.readability)],
        ]),
      ),
      '',
      // Held-out pages are not named: a name next to a low score is a diff to tune on, and the
      // half would no longer be held out (it happened once, with the search-results page).
      `Lowest Quoth pages of the development half: ${worst(ind.dev.quoth)}; the held-out half's lowest F1 ${ind.heldOut.quoth.pages.reduce((m, p) => Math.min(m, p.f1), 1).toFixed(3)}.`,
    );
  }
  return out.join('\n');
}
