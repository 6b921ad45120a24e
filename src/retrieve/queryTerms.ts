import type { ItemToken } from 'wink-nlp';
import { nlp } from '../text/nlp.ts';
import { wordForms } from '../text/wordForms.ts';

/**
 * Token types that carry a question's content. wink tags "50th" as an ordinal, "1990s" as a decade
 * and "3pm" as a time, and these were dropped with the punctuation: "What was the name of the 50th
 * Anniversary show?" was asked as "anniversary" alone, so the 20th anniversary's sentence answered.
 */
const CONTENT_TYPES = new Set(['word', 'number', 'ordinal', 'decade', 'time', 'email', 'currency']);

/**
 * Words of wink's stop list that tell passages apart: "first" or "last" picks the sentence about
 * the first of several events, "third" the third, "top", "side" or "amount" name what is asked for.
 * The list's other words ("what", "which", "name") stay out. SQuAD public, all questions, with the
 * token types above, hit@1 / hit@3: lexical 0.7612 / 0.8528 → 0.7636 / 0.8558 (tuning half 0.7594 /
 * 0.8612 → 0.7604 / 0.8626, held out 0.7630 / 0.8439 → 0.7670 / 0.8486); hybrid with
 * all-MiniLM-L6-v2 0.8018 / 0.8890 → 0.8034 / 0.8916. "first last third" alone gained half as
 * much. Questions about absent articles were answered as often as before.
 */
const CONTENT_STOP_WORDS = new Set(
  'first last third top bottom back front side part show move full empty amount hundred former latter serious call eleven fifteen fifty sixty twenty forty'.split(
    ' ',
  ),
);

/**
 * The content words of a question, as FTS5 phrase strings ("term"), in question order, unique, as
 * typed (lower-cased). wink's normal form also respells British words the American way ("labour"
 * → "labor", "centre" → "center"), and a question about the Labour party found nothing in British
 * articles; the American spelling is tried only when the collection lacks the typed one (see
 * text/spellingVariants.ts and core/questionSpelling.ts). SQuAD public, lexical, all questions, hit@1 /
 * hit@3 0.7675 / 0.8598 → 0.7686 / 0.8605 (both halves up).
 */
export function queryTerms(question: string, max = 24): string[] {
  const doc = nlp().readDoc(question);
  const its = nlp().its;
  const seen = new Set<string>();
  const terms: string[] = [];
  doc.tokens().each((t: ItemToken) => {
    if (!CONTENT_TYPES.has(t.out(its.type) as string)) return;
    const stop = t.out(its.stopWordFlag) as unknown as boolean;
    if (stop && !CONTENT_STOP_WORDS.has(t.out(its.normal) as string)) return;
    const norm = (t.out(its.value) as string).toLowerCase().replace(/["“”]/g, '').trim();
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

/**
 * The FTS5 expression for one question term in sentence scoring: its phrase, or any of its
 * irregular forms ("began", "begun" for "begin"), which the Porter stemmer does not join. SQuAD
 * public, all questions, hit@1 / hit@3: lexical 0.7569 / 0.8477 → 0.7585 / 0.8505 (tuning half
 * 0.7560 / 0.8571 → 0.7566 / 0.8595, held out 0.7579 / 0.8378 → 0.7605 / 0.8410), hybrid 0.8028 /
 * 0.8883 → 0.8018 / 0.8890. Chunk retrieval keeps the plain phrase: there the forms ranked SQuAD's
 * lexical chunks 0.5 point worse at hit@1 and hit@3 ("found" also matching "find", "said" "say"),
 * which search would have inherited, and the answers gained nothing from it.
 */
export function ftsTerm(term: string): string {
  const forms = wordForms(term);
  return forms.length > 1 ? `(${forms.map(ftsPhrase).join(' OR ')})` : ftsPhrase(term);
}

/** An FTS5 expression matching any of the terms, or null when there are none. */
export function ftsAnyOf(terms: string[]): string | null {
  return terms.length ? terms.map(ftsPhrase).join(' OR ') : null;
}

/**
 * The terms the candidate query is made of: the question's rarest term, then the others from rare
 * to common while the sentences holding them add up to at most `budget`. BM25 must read and score
 * every posting of every term it is given, so one common word ("said" in a news library) made a
 * question cost time in proportion to the library; such a word adds little to BM25 (low IDF) and
 * still counts in sentence scoring, which reads all the question's terms. A small library, where
 * every term fits the budget, gets the same query as before.
 */
export function candidateTerms(terms: string[], docFreq: (term: string) => number, budget: number): string[] {
  const byRarity = terms.map((term) => ({ term, df: docFreq(term) })).sort((a, b) => a.df - b.df);
  const kept = new Set<string>();
  let spent = 0;
  for (const { term, df } of byRarity) {
    if (kept.size > 0 && spent + df > budget) break;
    kept.add(term);
    spent += df;
  }
  return terms.filter((t) => kept.has(t));
}

/**
 * The FTS5 queries for the chunks holding at least one of the `rare` terms, ranked by BM25 over the
 * rare and the `common` terms: first the chunks holding both kinds, then every chunk holding a rare
 * term, scored by those alone (exactly its score, since it holds no common term unless the first
 * query found it). FTS5 computes bm25() for every row a query matches, so a common word in an OR
 * query made it score most of a large library; here it is only checked against the rare terms'
 * rows, and still adds its weight to their scores. See HybridRetriever for how they are merged.
 */
export function candidateMatches(rare: string[], common: string[]): string[] {
  const r = ftsAnyOf(rare);
  if (!r) return [];
  const c = ftsAnyOf(common);
  return c ? [`(${r}) AND (${c})`, r] : [r];
}
