import type { Span } from '../shared/types.ts';
import { contentStems } from '../text/sentenceTerms.ts';

export interface SummaryOptions {
  sentences: number;
  /**
   * Weight of the news position prior: leads of news stories carry their gist, which is why the
   * first three sentences are a strong baseline. 0 turns it off.
   */
  positionWeight?: number;
  /** MMR trade-off between centrality and novelty (1 = centrality only). */
  mmrLambda?: number;
}

type TermVector = Map<string, number>;

/**
 * Cosine centrality favours short sentences (a short sentence is "close" to many); this mild
 * length factor undoes some of that. Tuned with the MMR trade-off on the even-numbered articles
 * of BBC News Summary, XSum and CNN/DM (bench/eval): ROUGE-1 on BBC 0.580 -> 0.603, XSum and
 * CNN/DM within a point of where they were.
 */
const LENGTH_EXPONENT = 0.25;

/** TF-IDF cosine above which a sentence counts as a repeat of one already chosen. */
const MAX_REDUNDANCY = 0.5;

/**
 * Extractive summary: the article's most central sentences (TF-IDF cosine to the rest of the
 * article, LexRank-style degree centrality), boosted by a news position prior, picked by maximal
 * marginal relevance so they do not repeat each other, and returned in article order. Every span is
 * one of the given sentence spans, so the summary is verbatim by construction.
 */
export function summarizeArticle(text: string, sentences: Span[], opts: SummaryOptions): Span[] {
  const n = Math.max(1, Math.floor(opts.sentences));
  const positionWeight = opts.positionWeight ?? 0.6;
  const lambda = opts.mmrLambda ?? 0.85;

  const candidates = sentences
    .map((span, index) => ({ span, index, stems: contentStems(text.slice(span.start, span.end)) }))
    .filter((c) => isSummaryWorthy(text.slice(c.span.start, c.span.end), c.stems.length));
  if (candidates.length <= n) return candidates.map((c) => c.span);

  const df = new Map<string, number>();
  for (const c of candidates) for (const s of new Set(c.stems)) df.set(s, (df.get(s) ?? 0) + 1);
  const vectors = candidates.map((c) => tfidf(c.stems, df, candidates.length));
  const sim = vectors.map((a) => vectors.map((b) => cosine(a, b)));

  const centrality = sim.map((row, i) => row.reduce((acc, v, j) => (i === j ? acc : acc + v), 0));
  const maxC = Math.max(...centrality) || 1;
  const lengths = candidates.map((c) => c.stems.length);
  const avgLen = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  // i is the sentence's position among the summary-worthy ones: 0 is the lead.
  const score = candidates.map(
    (_, i) => (centrality[i]! / maxC) * (lengths[i]! / avgLen) ** LENGTH_EXPONENT + positionWeight / Math.sqrt(1 + i),
  );

  const chosen: number[] = [];
  while (chosen.length < n) {
    let bestI = -1;
    let bestV = -Infinity;
    for (let i = 0; i < candidates.length; i++) {
      if (chosen.includes(i)) continue;
      const redundancy = chosen.length ? Math.max(...chosen.map((j) => sim[i]![j]!)) : 0;
      // A near-repeat (pull quotes, a standfirst restating the lead) is never worth a summary slot.
      if (redundancy > MAX_REDUNDANCY) continue;
      const v = lambda * score[i]! - (1 - lambda) * redundancy * (1 + positionWeight);
      if (v > bestV) {
        bestV = v;
        bestI = i;
      }
    }
    if (bestI < 0) break;
    chosen.push(bestI);
  }
  return chosen.sort((a, b) => a - b).map((i) => candidates[i]!.span);
}

/** Headings, bylines, datelines and fragments make poor summary sentences. */
function isSummaryWorthy(sentence: string, contentWords: number): boolean {
  if (contentWords < 4) return false;
  if (!/[.!?]["”’')\]]*$/.test(sentence)) return false;
  return !/^(by|photo|image|credit|copyright|©)\b/i.test(sentence);
}

function tfidf(stems: string[], df: Map<string, number>, docs: number): TermVector {
  const v: TermVector = new Map();
  for (const s of stems) v.set(s, (v.get(s) ?? 0) + 1);
  for (const [s, tf] of v) v.set(s, (1 + Math.log(tf)) * Math.log(1 + docs / df.get(s)!));
  return v;
}

function cosine(a: TermVector, b: TermVector): number {
  let dotp = 0;
  let na = 0;
  let nb = 0;
  for (const [k, x] of a) {
    na += x * x;
    const y = b.get(k);
    if (y !== undefined) dotp += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return na && nb ? dotp / Math.sqrt(na * nb) : 0;
}
