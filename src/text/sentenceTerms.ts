import type { ItemToken } from 'wink-nlp';
import { nlp } from './nlp.ts';

/** Stemmed content words of a piece of text (stop words, punctuation and symbols left out). */
export function contentStems(text: string): string[] {
  const its = nlp().its;
  const out: string[] = [];
  nlp()
    .readDoc(text)
    .tokens()
    .each((t: ItemToken) => {
      const type = t.out(its.type) as string;
      if ((type !== 'word' && type !== 'number') || (t.out(its.stopWordFlag) as unknown as boolean)) return;
      // wink's typings for its.stem lag its runtime (the lite model ships a stemmer).
      out.push(t.out(its.stem as unknown as typeof its.normal) as string);
    });
  return out;
}
