import { createRequire } from 'node:module';
import irregularPlurals from 'irregular-plurals';

/**
 * The irregular forms of a word: "began" and "begun" for "begin", "children" for "child". The
 * full-text index stems with Porter, which joins "begins" and "beginning" to "begin" but never
 * "began", so "When did the crisis begin?" missed "The crisis began in October" by the very word
 * that tells the sentence answers. The lists are RosaeNLG's english-verbs-irregular (569 verbs,
 * Apache-2.0) and irregular-plurals (MIT); forms shared by two words ("lay": lie's past and a verb
 * of its own) join their families, as they cannot be told apart without parsing the sentence.
 */

type VerbForms = Record<string, [string, string][]>;

// The package ships the list as JSON beside an empty module; require reads it as it is stored.
const irregularVerbs = createRequire(import.meta.url)('english-verbs-irregular/dist/verbs.json') as VerbForms;

let families: Map<string, readonly string[]> | null = null;

function buildFamilies(): Map<string, readonly string[]> {
  const sets = new Map<string, Set<string>>();
  const join = (words: string[]) => {
    const family = new Set<string>();
    for (const w of words) for (const member of sets.get(w) ?? [w]) family.add(member);
    for (const w of family) sets.set(w, family);
  };
  for (const [base, pairs] of Object.entries(irregularVerbs)) join([base, ...pairs.flat()]);
  for (const [one, many] of irregularPlurals) join([one, many]);
  const out = new Map<string, readonly string[]>();
  for (const [word, family] of sets) if (family.size > 1) out.set(word, [...family]);
  return out;
}

/** The word and its irregular forms (lower-cased), or the word alone when it has none. */
export function wordForms(word: string): readonly string[] {
  families ??= buildFamilies();
  const key = word.toLowerCase();
  return families.get(key) ?? [key];
}
