import { describe, expect, it } from 'vitest';
import { splitRunTogetherSummary } from '../../bench/text/bbcSummary.ts';
import { detokenizePtb, realsummReference } from '../../bench/text/detokenize.ts';

describe('detokenizePtb', () => {
  it('joins punctuation and clitics and restores sentence capitals', () => {
    expect(
      detokenizePtb(
        "( cnn ) two cnn heroes are among the survivors in kathmandu , nepal . and they are n't giving up .",
      ),
    ).toBe("(Cnn) two cnn heroes are among the survivors in kathmandu, nepal. And they aren't giving up.");
  });

  it('turns Treebank double quotes into plain quotes and capitalizes after them', () => {
    expect(detokenizePtb("`` we are suffering , '' said koirala . `` it is hard . ''")).toBe(
      '"We are suffering," said koirala. "It is hard."',
    );
  });

  it('handles possessives, pronoun i, currency, brackets and lone single quotes', () => {
    expect(detokenizePtb("i think koirala 's group spent $ 5 -lrb- about # 3 -rrb- on ' relief ' work .")).toBe(
      "I think koirala's group spent $5 (about #3) on 'relief' work.",
    );
  });

  it('does not treat abbreviations with their own dot as sentence ends', () => {
    expect(detokenizePtb('dr. smith met the u.s. team .')).toBe('Dr. smith met the u.s. team.');
  });

  it('reads REALSumm references one <t> sentence per line', () => {
    expect(realsummReference("<t> Girl was playing with friend . </t> <t> Chloe 's body was found . </t>")).toBe(
      "Girl was playing with friend.\nChloe's body was found.",
    );
  });
});

describe('splitRunTogetherSummary', () => {
  it('splits sentences that run together after a full stop', () => {
    expect(
      splitRunTogetherSummary(
        'Sales rose 2% to $11.1bn from $10.9bn.For the full-year, profit was $3.36bn.It hopes to grow.',
      ),
    ).toEqual([
      'Sales rose 2% to $11.1bn from $10.9bn.',
      'For the full-year, profit was $3.36bn.',
      'It hopes to grow.',
    ]);
  });

  it('gives a quote after the stop to the sentence that needs it', () => {
    expect(splitRunTogetherSummary('He said: "We will win."The team agreed.It said "no"."The end," he said.')).toEqual([
      'He said: "We will win."',
      'The team agreed.',
      'It said "no".',
      '"The end," he said.',
    ]);
  });

  it('leaves initials and decimals alone', () => {
    expect(splitRunTogetherSummary('The U.S.A. economy grew 3.2% in the U.K. last year.Growth slowed.')).toEqual([
      'The U.S.A. economy grew 3.2% in the U.K. last year.',
      'Growth slowed.',
    ]);
  });
});
