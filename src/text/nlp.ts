import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

type Nlp = ReturnType<typeof winkNLP>;

// wink-nlp's English model knows abbreviations ("U.S.", "Mr.", "Jan.", "p.m.", initials) that
// Intl.Segmenter splits on. It loads in ~150 ms, so each instance is created once, on first use.
let tagging: Nlp | null = null;
let splitting: Nlp | null = null;

/** Tokens, sentences and part-of-speech tags: for questions and for sentence terms. */
export function nlp(): Nlp {
  tagging ??= winkNLP(model, ['sbd', 'pos']);
  return tagging;
}

/**
 * Tokens and sentences only, for splitting articles at ingest: wink's sentence boundaries do not
 * depend on its tagger (the same tokens and sentences for 6,000 Reuters stories), and skipping the
 * tagger makes each article's reading 27% faster.
 */
export function sentenceNlp(): Nlp {
  splitting ??= winkNLP(model, ['sbd']);
  return splitting;
}
