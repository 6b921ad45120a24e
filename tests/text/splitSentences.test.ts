import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/shared/types.ts';
import { MAX_SENTENCE_CHARS, splitParagraphs, splitSentences } from '../../src/text/splitSentences.ts';
import { SAMPLES_DIR } from '../helpers/library.ts';

function sentencesOf(text: string): string[] {
  return splitSentences(text).map((s) => text.slice(s.start, s.end));
}

/** The contract every split must meet, whatever the text. */
function expectWellFormed(text: string, spans: Span[]): void {
  let previousEnd = 0;
  const covered = new Array<boolean>(text.length).fill(false);
  for (const s of spans) {
    expect(s.start).toBeGreaterThanOrEqual(previousEnd);
    expect(s.end).toBeGreaterThan(s.start);
    expect(s.end).toBeLessThanOrEqual(text.length);
    const sentence = text.slice(s.start, s.end);
    expect(sentence, 'trimmed').toBe(sentence.trim());
    // Paragraphs are separated by blank lines; a sentence never spans one.
    expect(sentence).not.toMatch(/\n[ \t]*\n/);
    for (let i = s.start; i < s.end; i++) covered[i] = true;
    previousEnd = s.end;
  }
  let outside = '';
  for (let i = 0; i < text.length; i++) if (!covered[i]) outside += text[i];
  expect(outside.trim(), 'only whitespace lies outside the sentences').toBe('');
}

function withoutFrontMatter(markdown: string): string {
  return markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
}

describe('splitSentences keeps abbreviations inside sentences', () => {
  const cases: [string, string[]][] = [
    [
      'U.S. officials said on Monday that the talks had stalled. Mr. Smith disagreed with them.',
      ['U.S. officials said on Monday that the talks had stalled.', 'Mr. Smith disagreed with them.'],
    ],
    [
      'Dr. J. R. Okafor spoke first. The meeting ended at 3 p.m. in the old hall. Acme Inc. said nothing.',
      ['Dr. J. R. Okafor spoke first.', 'The meeting ended at 3 p.m. in the old hall.', 'Acme Inc. said nothing.'],
    ],
    [
      'The band played on Platform No. 3 yesterday. The grant was ' +
        '$4.2 million in total. Prices rose 3.5 percent last year.',
      [
        'The band played on Platform No. 3 yesterday.',
        'The grant was $4.2 million in total.',
        'Prices rose 3.5 percent last year.',
      ],
    ],
    [
      'Officials at the U.S. Department of Energy agreed. Ms. Dana Whitlock voted no.',
      ['Officials at the U.S. Department of Energy agreed.', 'Ms. Dana Whitlock voted no.'],
    ],
    ['The vote came at 11 p.m. The council adjourned.', ['The vote came at 11 p.m.', 'The council adjourned.']],
    [
      '“Tired drivers are a safety risk,” said Ms. Varnum. “We will not bargain.”',
      ['“Tired drivers are a safety risk,” said Ms. Varnum.', '“We will not bargain.”'],
    ],
  ];

  it.each(cases)('%s', (text, expected) => {
    expect(sentencesOf(text)).toEqual(expected);
    expectWellFormed(text, splitSentences(text));
  });

  it('does not split the abbreviations of the sample articles', async () => {
    const names = (await readdir(SAMPLES_DIR)).filter((n) => /\.(txt|md)$/.test(n));
    const texts = await Promise.all(
      names.map(async (n) => withoutFrontMatter(await readFile(path.join(SAMPLES_DIR, n), 'utf8'))),
    );
    const all = texts.flatMap((t) => sentencesOf(t));
    // A piece ending in a title, "No.", "Jan.", "U.S." or an initial, or starting in lower case,
    // is half of a sentence the splitter cut in two.
    for (const s of all) {
      expect(s, s).not.toMatch(/(^|\s)(Mr|Ms|Dr|No|Jan|U\.S|[A-Z])\.$/);
      expect(s, s).not.toMatch(/^\p{Ll}/u);
    }
    expect(all).toContain('The two dissenting votes came from council members J. R. Okafor and Ms. Dana Whitlock.');
    // (Whether "Kessler St. Brightfen holds…" ends a sentence is ambiguous: only the part before it is asserted.)
    expect(
      all.some((s) =>
        s.startsWith(
          'The work was funded by a $4.2 million grant from the U.S. Department ' +
            'of Energy and by Brightfen Storage Inc., a battery start-up',
        ),
      ),
    ).toBe(true);
  });
});

describe('splitSentences offsets', () => {
  it('never crosses a paragraph break, even without end punctuation', () => {
    const text = 'First paragraph has no end\n\nSecond paragraph starts here. And goes on.';
    expect(sentencesOf(text)).toEqual(['First paragraph has no end', 'Second paragraph starts here.', 'And goes on.']);
    expectWellFormed(text, splitSentences(text));
  });

  it('trims every span and leaves only whitespace between them', () => {
    const text = '  Leading spaces.   Two spaces between.  \n\n\n  Third para.\t \n';
    expect(sentencesOf(text)).toEqual(['Leading spaces.', 'Two spaces between.', 'Third para.']);
    expectWellFormed(text, splitSentences(text));
  });

  it('keeps a heading line apart from the body under it', () => {
    const text = 'What comes next\nNot everyone is convinced. The tests were small.';
    expect(sentencesOf(text)).toEqual(['What comes next', 'Not everyone is convinced.', 'The tests were small.']);
  });

  it('joins a hard-wrapped line to the sentence it continues', () => {
    const text =
      'The council voted on Thursday night to tear down and rebuild the ' +
      'wall\nthat has protected the district since 1961. It will cost more.';
    expect(sentencesOf(text)).toEqual([
      'The council voted on Thursday night to tear down and rebuild ' +
        'the wall\nthat has protected the district since 1961.',
      'It will cost more.',
    ]);
  });

  it('keeps characters the tokenizer might normalise (curly quotes, dashes, emoji, accents) verbatim', () => {
    const text = 'Café owners — “furious” — met at 9 a.m. 🚆 ' + 'Trains ran late. Naïve ' + 'plans failed… Then what?';
    const spans = splitSentences(text);
    expectWellFormed(text, spans);
    expect(spans.map((s) => text.slice(s.start, s.end)).join(' ')).toBe(text);
  });

  it('is well formed on every sample article', async () => {
    const names = await readdir(SAMPLES_DIR);
    for (const name of names) {
      const text = await readFile(path.join(SAMPLES_DIR, name), 'utf8');
      expectWellFormed(text, splitSentences(text));
    }
  });

  it('returns nothing for empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\n \t')).toEqual([]);
  });
});

describe('splitParagraphs', () => {
  it('splits at blank lines (even ones holding spaces) and trims each paragraph', () => {
    const text = ' One.\nStill one.\n \nTwo.\n\n\n\nThree. ';
    expect(splitParagraphs(text).map((p) => text.slice(p.start, p.end))).toEqual([
      'One.\nStill one.',
      'Two.',
      'Three.',
    ]);
  });
});

describe('splitSentences: boundaries the sentence model misses', () => {
  it('ends a sentence after a closing quotation and after a clock time before a new sentence', () => {
    const text = 'He said “No.” The company rose. Shares fell at 4 p.m. Mr. Felix Brandauer said so.';
    expect(sentencesOf(text)).toEqual([
      'He said “No.”',
      'The company rose.',
      'Shares fell at 4 p.m.',
      'Mr. Felix Brandauer said so.',
    ]);
    expectWellFormed(text, splitSentences(text));
  });

  it('keeps a clock time with its weekday or time zone, and a quotation inside a sentence', () => {
    const text =
      'The vote is at 9 a.m. Monday in the hall. It ended at 5 p.m. ' +
      'ET on Friday. “Stop!” she said. He asked “Why?” and left.';
    expect(sentencesOf(text)).toEqual([
      'The vote is at 9 a.m. Monday in the hall.',
      'It ended at 5 p.m. ET on Friday.',
      '“Stop!” she said.',
      'He asked “Why?” and left.',
    ]);
  });

  it('does not end a sentence at the dot inside a wire-copy ticker', () => {
    const text =
      'The Industrial Bank of Japan <IBJT.T> (IBJ) amortized 68 billion yen of loans, a spokesman said. ' +
      'He declined to comment.';
    expect(sentencesOf(text)).toEqual([
      'The Industrial Bank of Japan <IBJT.T> (IBJ) amortized 68 billion yen of loans, a spokesman said.',
      'He declined to comment.',
    ]);
    expectWellFormed(text, splitSentences(text));
    // Nor at a line break inside one, which wire copy wraps like any other word.
    const wrapped =
      '<Alcan Aluminiumwerke\nGmbH>, a subsidiary of Alcan Aluminium Ltd <AL>, said its\n' +
      'profits rose sharply in the year to March, helped by demand.';
    expect(sentencesOf(wrapped)).toEqual([wrapped]);
  });

  it('keeps the close of a quotation that ends inside a nested one with its sentence', () => {
    const text =
      "A short-term arrangement is just confusing. The kids will ask: 'What am I doing there?'\" " +
      'LTA chief executive, John Crowther, added: "We want to use Jimmy."';
    expect(sentencesOf(text)).toEqual([
      'A short-term arrangement is just confusing.',
      "The kids will ask: 'What am I doing there?'\"",
      'LTA chief executive, John Crowther, added: "We want to use Jimmy."',
    ]);
    expectWellFormed(text, splitSentences(text));
    // The same when the source put a space before the closing mark.
    const spaced = 'It continued: "We have tried everything. " The only parts left are the forums.';
    expect(sentencesOf(spaced)).toEqual([
      'It continued: "We have tried everything. "',
      'The only parts left are the forums.',
    ]);
    expectWellFormed(spaced, splitSentences(spaced));
  });
});

describe('splitSentences: text without sentence punctuation', () => {
  const words = ['harbour', 'ferry', 'council', 'budget', 'pier', 'roof', 'library', 'tram'];
  const line = (n: number) => Array.from({ length: n }, (_, i) => words[(i * 7 + (i >> 3)) % words.length]).join(' ');

  it('cuts a 1 MB line into verbatim pieces of at most MAX_SENTENCE_CHARS, at spaces, losing no word', () => {
    const text = `# Dump\n\n${line(150_000)}`;
    const spans = splitSentences(text);
    expect(spans.length).toBeGreaterThan(text.length / MAX_SENTENCE_CHARS);
    for (const s of spans) {
      expect(s.end - s.start).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
      expect(text.slice(s.start, s.end)).toBe(text.slice(s.start, s.end).trim());
    }
    // Pieces end at word boundaries: joined back with spaces they are the text again.
    expect(spans.map((s) => text.slice(s.start, s.end)).join(' ')).toBe(text.replace('\n\n', ' '));
  });

  it('prefers a clause mark in the second half of the window, and keeps real sentences whole', () => {
    const long = `The ${line(120)}, ${line(60)}; ${line(100)}`;
    const text = `A short sentence. ${long}. Another short one.`;
    const spans = splitSentences(text).map((s) => text.slice(s.start, s.end));
    expect(spans[0]).toBe('A short sentence.');
    expect(spans.at(-1)).toBe('Another short one.');
    const middle = spans.slice(1, -1);
    expect(middle.length).toBeGreaterThan(1);
    expect(middle[0]).toMatch(/[,;]$/);
    for (const p of middle) expect(p.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
  });

  it('hard-cuts a run with no space at all without splitting a surrogate pair', () => {
    const text = '🙂'.repeat(1500);
    const spans = splitSentences(text);
    expect(spans.map((s) => text.slice(s.start, s.end)).join('')).toBe(text);
    for (const s of spans) {
      expect(s.end - s.start).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
      expect(text.slice(s.start, s.end)).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
  });
});
