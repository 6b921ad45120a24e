import { describe, expect, it } from 'vitest';
import { neighbourMax } from '../../src/answer/neighbours.ts';

const at = (articleRowid: number, idx: number, value: number | null) => ({ articleRowid, idx, value });

describe('neighbourMax', () => {
  it('takes the larger of the sentences just before and after, in the same article only', () => {
    const sentences = [at(1, 0, 0.2), at(1, 1, 0.9), at(1, 2, 0.4), at(2, 3, 0.7), at(1, 5, 0.6)];
    expect(neighbourMax(sentences, (s) => s.value)).toEqual([0.9, 0.4, 0.9, null, null]);
  });

  it('skips a neighbour without evidence, and keeps the order of its input', () => {
    const sentences = [at(4, 2, null), at(4, 1, 0.3), at(4, 3, 0.5)];
    expect(neighbourMax(sentences, (s) => s.value)).toEqual([0.5, null, null]);
  });
});
