// Scoring of answers with quotes against SQuAD gold answers, the same way for Quoth's quotes and
// for a peer's chunks: a ranked list of passages, each a span of one article's text.
import type { Span } from '../../src/shared/types.ts';

export interface RankedPassage extends Span {
  /** Which article (any stable key shared with the gold side). */
  article: string;
  text: string;
}

export interface Gold {
  article: string;
  answers: string[];
  /** The paragraph that holds the answer, as a span of the same text the passages index into. */
  paragraph: Span;
}

export interface PassageScores {
  hit1: boolean;
  hit3: boolean;
  /** A passage among the first five overlaps the gold paragraph. */
  recall5: boolean;
  /** 1 / rank of the first of the first five passages that contains an answer, else 0. */
  reciprocalRank5: number;
}

/** Case and whitespace folded the way Quoth's text normalization folds them, so stored text still matches. */
export function foldForMatch(text: string): string {
  return text
    .replace(/[\u200B-\u200D\u2060\u00AD]/g, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}

export function containsAnswer(passage: string, answers: string[]): boolean {
  const folded = foldForMatch(passage);
  return answers.some((a) => {
    const f = foldForMatch(a);
    return f.length > 0 && folded.includes(f);
  });
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

export function scorePassages(passages: RankedPassage[], gold: Gold): PassageScores {
  const hitAt = (k: number) => passages.slice(0, k).some((p) => containsAnswer(p.text, gold.answers));
  const firstHit = passages.slice(0, 5).findIndex((p) => containsAnswer(p.text, gold.answers));
  return {
    hit1: hitAt(1),
    hit3: hitAt(3),
    recall5: passages.slice(0, 5).some((p) => p.article === gold.article && overlaps(p, gold.paragraph)),
    reciprocalRank5: firstHit >= 0 ? 1 / (firstHit + 1) : 0,
  };
}

/**
 * Where each paragraph sits in the article text as stored (normalization may have changed
 * whitespace): each is searched for in order, first verbatim, then with whitespace made flexible.
 * Throws if a paragraph cannot be found, since every later figure would be wrong.
 */
export function locateParagraphs(stored: string, paragraphs: string[]): Span[] {
  const spans: Span[] = [];
  let cursor = 0;
  for (const [i, paragraph] of paragraphs.entries()) {
    const wanted = paragraph.trim();
    let start = stored.indexOf(wanted, cursor);
    let end = start + wanted.length;
    if (start < 0) {
      // Quoth's normalization drops zero-width characters and soft hyphens and folds odd spaces.
      const words = wanted
        .replace(/[\u200B-\u200D\u2060\u00AD]/g, '')
        .split(/\s+/)
        .filter((w) => w.length > 0);
      const pattern = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'g');
      pattern.lastIndex = cursor;
      const m = pattern.exec(stored);
      if (!m) throw new Error(`paragraph ${i + 1} ("${wanted.slice(0, 40)}…") is not in the stored text`);
      start = m.index;
      end = m.index + m[0].length;
    }
    spans.push({ start, end });
    cursor = end;
  }
  return spans;
}

export interface RankingSummary {
  questions: number;
  hit1: number;
  hit3: number;
  recall5: number;
  mrr5: number;
  abstention: number;
  /** Mean characters per returned passage, and passages per question. */
  meanPassageChars: number;
  meanPassages: number;
}

/** Accumulates per-question scores of one system into rates. */
export class RankingTally {
  private n = 0;
  private h1 = 0;
  private h3 = 0;
  private r5 = 0;
  private rr = 0;
  private abstained = 0;
  private chars = 0;
  private passages = 0;

  add(passages: RankedPassage[], gold: Gold, abstained = false): PassageScores {
    const s = scorePassages(passages, gold);
    this.n++;
    this.h1 += Number(s.hit1);
    this.h3 += Number(s.hit3);
    this.r5 += Number(s.recall5);
    this.rr += s.reciprocalRank5;
    this.abstained += Number(abstained);
    this.passages += Math.min(passages.length, 5);
    for (const p of passages.slice(0, 5)) this.chars += p.text.length;
    return s;
  }

  summary(): RankingSummary {
    const rate = (x: number) => (this.n ? x / this.n : Number.NaN);
    return {
      questions: this.n,
      hit1: rate(this.h1),
      hit3: rate(this.h3),
      recall5: rate(this.r5),
      mrr5: rate(this.rr),
      abstention: rate(this.abstained),
      meanPassageChars: this.passages ? this.chars / this.passages : 0,
      meanPassages: rate(this.passages),
    };
  }
}
