import { describe, expect, it } from 'vitest';
import { abstentionFor, DEFAULT_ABSTENTION, isAnswer, MINILM_ABSTENTION } from '../../src/answer/abstention.ts';

describe('abstentionFor', () => {
  it('uses the thresholds tuned for all-MiniLM-L6-v2 with that model only, by hub id or folder', () => {
    expect(abstentionFor('Xenova/all-MiniLM-L6-v2')).toBe(MINILM_ABSTENTION);
    expect(abstentionFor('/srv/quoth/models/Xenova/all-MiniLM-L6-v2')).toBe(MINILM_ABSTENTION);
    expect(abstentionFor('/tmp/quoth-tiny-model')).toBe(DEFAULT_ABSTENTION);
    expect(abstentionFor('Xenova/all-MiniLM-L12-v2')).toBe(DEFAULT_ABSTENTION);
    expect(abstentionFor(null)).toBe(DEFAULT_ABSTENTION);
  });

  it('asks a lexically sound sentence for the tuned model to agree, and trusts other models less', () => {
    // Half the question's weight, and a sentence the model finds unrelated.
    const unrelated = { coverage: 0.5, similarity: 0.2 };
    expect(isAnswer(unrelated, DEFAULT_ABSTENTION)).toBe(true);
    expect(isAnswer(unrelated, MINILM_ABSTENTION)).toBe(false);
    // The same coverage with a sentence the model finds close: an answer.
    expect(isAnswer({ coverage: 0.5, similarity: 0.5 }, MINILM_ABSTENTION)).toBe(true);
    // Lexical mode (no similarity) keeps the lexical threshold whatever the model.
    expect(isAnswer({ coverage: 0.45, similarity: null }, MINILM_ABSTENTION)).toBe(true);
    expect(isAnswer({ coverage: 0.35, similarity: null }, MINILM_ABSTENTION)).toBe(false);
  });
});
