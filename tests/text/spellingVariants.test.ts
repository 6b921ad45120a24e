import { describe, expect, it } from 'vitest';
import { americanSpelling, britishSpellings } from '../../src/text/spellingVariants.ts';

describe('spelling variants', () => {
  it('maps British words to American ones', () => {
    expect(americanSpelling('colour')).toBe('color');
    expect(americanSpelling('Organisation')).toBe('organization');
    expect(americanSpelling('color')).toBeNull();
    expect(americanSpelling('election')).toBeNull();
  });

  it('finds the British spellings of American words, each confirmed by the British → American map', () => {
    const pairs: [string, string][] = [
      ['color', 'colour'],
      ['center', 'centre'],
      ['centered', 'centred'],
      ['analyze', 'analyse'],
      ['catalog', 'catalogue'],
      ['defense', 'defence'],
      ['traveled', 'travelled'],
      ['aging', 'ageing'],
      ['maneuver', 'manoeuvre'],
      ['estrogen', 'oestrogen'],
      ['skeptical', 'sceptical'],
      ['jewelry', 'jewellery'],
      ['fulfill', 'fulfil'],
      ['neighborhood', 'neighbourhood'],
    ];
    for (const [american, british] of pairs) {
      expect(britishSpellings(american), american).toContain(british);
      expect(americanSpelling(british), british).toBe(american);
    }
  });

  it('invents nothing for words spelled alike on both sides', () => {
    for (const word of ['president', 'order', 'government', 'story', 'check', 'Kowalczyk', 'x', 'a-b', '2024'])
      expect(britishSpellings(word), word).toEqual([]);
  });
});
