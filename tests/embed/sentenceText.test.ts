// The text the model reads for a stored sentence vector: the sentence after its article's title.
import { describe, expect, it } from 'vitest';
import { sentenceEmbeddingText } from '../../src/embed/sentenceText.ts';

describe('sentenceEmbeddingText', () => {
  it('puts the title before the sentence as a sentence of its own', () => {
    expect(sentenceEmbeddingText('Super Bowl 50', 'He was named MVP.')).toBe('Super Bowl 50. He was named MVP.');
    expect(sentenceEmbeddingText(' Is the wall safe? ', 'It is.')).toBe('Is the wall safe? It is.');
    expect(sentenceEmbeddingText('Update:', 'Rain.')).toBe('Update: Rain.');
  });

  it('reads the sentence alone when there is no title', () => {
    expect(sentenceEmbeddingText('', 'He was named MVP.')).toBe('He was named MVP.');
    expect(sentenceEmbeddingText('   ', 'He was named MVP.')).toBe('He was named MVP.');
  });

  it("cuts a title as long as a paragraph, so the sentence keeps its share of the model's tokens", () => {
    const text = sentenceEmbeddingText('word '.repeat(100), 'The sentence.');
    expect(text.length).toBeLessThan(140);
    expect(text.endsWith('The sentence.')).toBe(true);
  });
});
