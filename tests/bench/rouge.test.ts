import { describe, expect, it } from 'vitest';
import { rouge, rougeTokens } from '../../bench/metrics/rouge.ts';

// Reference values are ROUGE-1.5.5 runs published with Google's rouge-score tests
// (google-research/rouge/rouge_scorer_test.py, testdata/target.txt, prediction.txt and
// pyrouge_files/*_multi.0.txt). The texts are synthetic letter soup built to exercise
// tokenization and stemming rules, which is exactly what these checks are about.
const TARGET_0 =
  "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing " +
  "Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L";
const TARGET_1 =
  'KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q ' +
  "m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing " +
  "UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN";
const PREDICTION_0 = "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi";
const PREDICTION_1 =
  'n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed ' +
  "HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD";
const TARGET_MULTI = [
  TARGET_0,
  TARGET_1,
  "NhETebUbBk'er WOvoHMTjSRizKgH'vHiing Xu,hWxfs VkNE QhgKiLHE " +
    '-HidivzoM.dO anhtion jbLQiSGDTCsuhREebUaKM dv J dVN tmbOT',
  "vMR HDm,xOAetion D,tion HJtodT.mHl UIv-p VjWH'BdyWjnfGU-OjT " +
    "aEMdFICyLWfQMtion wEMfdOKing AwkeKbO 'DxqNOHBH qKtVvm OYJl mM",
].join('\n');
const PREDICTION_MULTI = [
  PREDICTION_0,
  PREDICTION_1,
  'xfs VkJE QhgKiLHE -HidivzoM.dO anhing jbLQiSGDTCsuhREebUaKM dv J',
  "VjWH'BdyWjnfGU-OjTNaEMdFICyLWfQMing wEMfdOKijg AwkeKbO 'DxqNO",
].join('\n');

describe('rouge (js-rouge with rouge-score tokenization)', () => {
  it('reproduces ROUGE-1.5.5 ROUGE-1 and ROUGE-2 F1 without stemming', () => {
    expect(rouge(PREDICTION_0, TARGET_0, { stem: false }).rouge1).toBeCloseTo(0.51163, 5);
    expect(rouge(PREDICTION_1, TARGET_1, { stem: false }).rouge1).toBeCloseTo(0.5, 5);
    expect(rouge(PREDICTION_0, TARGET_0, { stem: false }).rouge2).toBeCloseTo(0.39024, 5);
    expect(rouge(PREDICTION_1, TARGET_1, { stem: false }).rouge2).toBeCloseTo(0.36364, 5);
  });

  it('reproduces ROUGE-1.5.5 with Porter stemming (-m)', () => {
    expect(rouge(PREDICTION_0, TARGET_0).rouge1).toBeCloseTo(0.51163, 5);
    expect(rouge(PREDICTION_1, TARGET_1).rouge1).toBeCloseTo(0.52941, 5);
    expect(rouge(PREDICTION_1, TARGET_1).rouge2).toBeCloseTo(0.36364, 5);
  });

  it('reproduces ROUGE-1.5.5 ROUGE-L on single sentences', () => {
    expect(rouge(PREDICTION_0, TARGET_0, { stem: false }).rougeL).toBeCloseTo(0.51163, 5);
    expect(rouge(PREDICTION_1, TARGET_1, { stem: false }).rougeL).toBeCloseTo(0.5, 5);
  });

  it('reproduces ROUGE-1.5.5 summary-level ROUGE-L with stemming on a multi-sentence summary', () => {
    expect(rouge(PREDICTION_MULTI, TARGET_MULTI).rougeL).toBeCloseTo(0.47205, 5);
  });

  it('computes union LCS as in Lin (2004), section 3.2', () => {
    // Reference w1..w5 against two candidate sentences: union LCS hits 4 of 5 reference words and
    // 4 of 10 candidate words, F1 = 2·0.4·0.8 / 1.2.
    expect(rouge('w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5', 'w1 w2 w3 w4 w5').rougeL).toBeCloseTo(0.53333, 5);
  });

  it('matches rouge-score on its simple cases', () => {
    expect(rouge('testing', 'testing one two').rouge1).toBeCloseTo(0.5, 5);
    expect(rouge('testing one', 'testing one two').rouge2).toBeCloseTo(2 / 3, 5);
    expect(rouge('testing two', 'testing one two').rougeL).toBeCloseTo(4 / 5, 5);
  });

  it('scores empty or punctuation-only text as 0 instead of throwing', () => {
    expect(rouge('', 'w1 w2')).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0 });
    expect(rouge('w1 w2', '/')).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0 });
  });

  it('tokenizes like rouge-score: lower-case, alphanumeric runs, Porter stems of long tokens', () => {
    expect(rougeTokens("The cats' running-shoes, $12.5bn!")).toEqual(['the', 'cat', 'run', 'shoe', '12', '5bn']);
    expect(rougeTokens('Running', false)).toEqual(['running']);
  });
});
