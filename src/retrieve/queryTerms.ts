import type { ItemToken } from 'wink-nlp';
import { nlp } from '../text/nlp.ts';

/** The content words of a question, as FTS5 phrase strings ("term"), in question order, unique. */
export function queryTerms(question: string, max = 24): string[] {
  const doc = nlp().readDoc(question);
  const its = nlp().its;
  const seen = new Set<string>();
  const terms: string[] = [];
  doc.tokens().each((t: ItemToken) => {
    const type = t.out(its.type) as string;
    if (type !== 'word' && type !== 'number' && type !== 'email' && type !== 'currency') return;
    if (t.out(its.stopWordFlag) as unknown as boolean) return;
    const norm = (t.out(its.normal) as string).replace(/["“”]/g, '').trim();
    // Bare symbols ("$", "'s") and single letters carry nothing for BM25.
    if (!/[\p{L}\p{N}]{2}|\p{N}|\p{L}\.\p{L}/u.test(norm) || seen.has(norm)) return;
    seen.add(norm);
    terms.push(norm);
  });
  return terms.slice(0, max);
}

/** One FTS5 phrase for a term: quoted so FTS5 syntax characters in user text are inert. */
export function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** An FTS5 expression matching any of the terms, or null when there are none. */
export function ftsAnyOf(terms: string[]): string | null {
  return terms.length ? terms.map(ftsPhrase).join(' OR ') : null;
}
