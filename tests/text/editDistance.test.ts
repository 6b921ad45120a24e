import { describe, expect, it } from 'vitest';
import { boundedEditDistance } from '../../src/text/editDistance.ts';

describe('boundedEditDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(boundedEditDistance('okafr', 'okafor', 2)).toBe(1);
    expect(boundedEditDistance('kitten', 'sitting', 3)).toBe(3);
    expect(boundedEditDistance('same', 'same', 0)).toBe(0);
  });

  it('counts adjacent letters swapped as one edit', () => {
    expect(boundedEditDistance('seige', 'siege', 1)).toBe(1);
    expect(boundedEditDistance('kowalcyzk', 'kowalczyk', 1)).toBe(1);
  });

  it('stops at the bound, answering bound + 1', () => {
    expect(boundedEditDistance('ghengis', 'genghis', 1)).toBe(2);
    expect(boundedEditDistance('ghengis', 'genghis', 2)).toBe(2);
    expect(boundedEditDistance('photosynthesis', 'photograph', 2)).toBe(3);
    expect(boundedEditDistance('a', 'abcdef', 2)).toBe(3);
  });
});
