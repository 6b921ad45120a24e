import { describe, expect, it } from 'vitest';
import { corpusPages, quothText, readabilityText, scoreText } from '../../bench/eval/extraction.ts';
import { isFurniture } from '../../src/ingest/furniture.ts';

// The floor the extraction corpus must keep: a regression in extractHtml or the furniture filter
// that loses article text or lets furniture through shows up here before it reaches stored text.
describe('extraction corpus (tests/fixtures/extraction)', () => {
  const pages = corpusPages();
  const scores = pages.map((page) => {
    const text = quothText(page.html, page.name);
    return { page, text, score: scoreText(page.name, text, page.expected) };
  });

  it('has at least 40 pages', () => {
    expect(pages.length).toBeGreaterThanOrEqual(40);
  });

  it('extracts every page with mean F1 ≥ 0.95 and no page below 0.85', () => {
    for (const { score } of scores) {
      expect(score.empty, score.name).toBe(false);
      expect(score.f1, score.name).toBeGreaterThanOrEqual(0.85);
    }
    const mean = scores.reduce((s, r) => s + r.score.f1, 0) / scores.length;
    expect(mean).toBeGreaterThanOrEqual(0.95);
  });

  it('stays ahead of plain Readability on the same pages', () => {
    const peer = pages.map((p) => scoreText(p.name, readabilityText(p.html), p.expected).f1);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(scores.map((r) => r.score.f1))).toBeGreaterThan(mean(peer) + 0.02);
  });

  it('leaves no furniture line in any extracted text', () => {
    for (const { page, text } of scores) {
      for (const line of text.split('\n')) expect(isFurniture(line), `${page.name}: ${line}`).toBe(false);
      expect(text, page.name).not.toMatch(/\bMORE$|More News from|Join the conversation|Want more stories|cookies/m);
    }
  });
});
