import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

// wink-nlp's English model knows abbreviations ("U.S.", "Mr.", "Jan.", "p.m.", initials) that
// Intl.Segmenter splits on. It loads in ~150 ms, so it is created once, on first use.
let instance: ReturnType<typeof winkNLP> | null = null;

export function nlp(): ReturnType<typeof winkNLP> {
  instance ??= winkNLP(model, ['sbd', 'pos']);
  return instance;
}
