import { createRequire } from 'node:module';
import type winkNLP from 'wink-nlp';

type Nlp = ReturnType<typeof winkNLP>;

// wink-nlp and its English model take ~0.1 s to load: commands that never read text (--help, list,
// stats, remove) skip it.
function makeNlp(pipe: string[]): Nlp {
  const require = createRequire(import.meta.url);
  const create = require('wink-nlp') as typeof winkNLP;
  return create(require('wink-eng-lite-web-model'), pipe);
}

// wink-nlp's English model knows abbreviations ("U.S.", "Mr.", "Jan.", "p.m.", initials) that
// Intl.Segmenter splits on. It loads in ~150 ms, so each instance is created once, on first use.
let tagging: Nlp | null = null;
let splitting: Nlp | null = null;

/** Tokens, sentences and part-of-speech tags: for questions and for sentence terms. */
export function nlp(): Nlp {
  tagging ??= makeNlp(['sbd', 'pos']);
  return tagging;
}

/**
 * Tokens and sentences only, for splitting articles at ingest: wink's sentence boundaries do not
 * depend on its tagger (the same tokens and sentences for 6,000 Reuters stories), and skipping the
 * tagger makes each article's reading 27% faster.
 */
export function sentenceNlp(): Nlp {
  splitting ??= makeNlp(['sbd']);
  return splitting;
}
