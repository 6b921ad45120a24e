import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/ingest/parseDocument.ts';
import { splitSentences } from '../../src/text/splitSentences.ts';
import { unwrapLines } from '../../src/text/lineBreaks.ts';

const sentencesOf = (text: string): string[] => splitSentences(text).map((s) => text.slice(s.start, s.end));

// Scraped text: one paragraph per line, subheadings without a full stop.
const SCRAPED = [
  'The county council on Tuesday rejected an appeal by residents of Millbrook against the new depot, ending a ' +
    'dispute that has run for nearly three years.',
  'Council rejects appeal from Millbrook residents over the bus depot plan',
  'Councillor Rhian Patel said the decision had been taken on planning grounds alone and that the depot would ' +
    'bring 120 jobs to the area.',
  'What happens next',
  'Residents have 28 days to ask the planning inspectorate for a review, their lawyer said.',
].join('\n');

// Newswire text wrapped at 72 columns, with one deliberate break after a short heading.
const WRAPPED = [
  'The county council on Tuesday rejected an appeal by residents of',
  'Millbrook against the new bus depot, ending a dispute that has run for',
  'nearly three years and cost the authority more than 400,000 pounds.',
  'Next steps',
  'Residents have 28 days to ask the planning inspectorate for a review,',
  'their lawyer said on Wednesday.',
].join('\n');

describe('headings versus hard wraps in plain text', () => {
  it('never glues a scraped subheading onto the next sentence', () => {
    const sentences = sentencesOf(SCRAPED);
    expect(sentences).toContain('Council rejects appeal from Millbrook residents over the bus depot plan');
    expect(sentences).toContain('What happens next');
    // A heading is a sentence of its own, so any sentence starting with one is exactly that heading.
    for (const s of sentences) {
      expect(s.startsWith('Council rejects') || s.startsWith('What happens')).toBe(s.length < 80);
    }
  });

  it('still joins hard-wrapped lines into one sentence and keeps the short heading apart', () => {
    const sentences = sentencesOf(WRAPPED);
    expect(sentences[0]).toMatch(/^The county council .* 400,000 pounds\.$/s);
    expect(sentences).toContain('Next steps');
    expect(sentences.at(-1)).toMatch(/^Residents have 28 days .* on Wednesday\.$/s);
  });

  it('stores scraped lines as paragraphs and wrapped lines as one line, spans exact', () => {
    const scraped = parseDocument(`Depot row\n\n${SCRAPED}`, 'text', '/x/s.txt', 's').articles[0]!;
    expect(scraped.text.split('\n\n')).toHaveLength(5);
    const heading = 'Council rejects appeal from Millbrook residents over the bus depot plan';
    expect(scraped.text.split('\n\n')[1]).toBe(heading);
    const wrapped = unwrapLines(WRAPPED);
    expect(wrapped.split('\n\n')[0]).toBe(
      'The county council on Tuesday rejected an appeal by residents of Millbrook against the new bus depot, ' +
        'ending a ' +
        'dispute that has run for nearly three years and cost the authority more than 400,000 pounds.',
    );
    expect(wrapped.split('\n\n')[1]).toBe('Next steps');
    for (const text of [scraped.text, wrapped]) {
      for (const s of splitSentences(text)) {
        const slice = text.slice(s.start, s.end);
        expect(slice).toBe(slice.trim());
        expect(slice.length).toBeGreaterThan(0);
      }
    }
  });

  it('joins ragged wire-copy wraps (short first lines, capitalised continuations)', () => {
    const wire = [
      'Magma Copper Co, a subsidiary of Newmont',
      'Mining Corp, said it is cutting its copper cathode price by 0.75',
      'cent to 66 cents a lb, effective immediately.',
      'Showers continued throughout the week in',
      'the Bahia cocoa zone, alleviating the drought since early January.',
    ].join('\n');
    expect(unwrapLines(wire).split('\n\n')).toEqual([
      'Magma Copper Co, a subsidiary of Newmont Mining Corp, said it is cutting its copper cathode price by ' +
        '0.75 cent ' +
        'to 66 cents a lb, effective immediately.',
      'Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early January.',
    ]);
  });
});
