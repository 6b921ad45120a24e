// British and American spellings of one word, both ways, from wink's spelling map.
import { nlp } from './nlp.ts';

/** wink's American spelling of a British word ("colour" → "color"), or null when it has none. */
export function americanSpelling(word: string): string | null {
  const tokens = nlp().readDoc(word).tokens();
  if (tokens.length() !== 1) return null;
  const normal = tokens.out(nlp().its.normal)[0] as string;
  return normal !== word.toLowerCase() ? normal : null;
}

/**
 * How British spelling departs from American, as substring rewrites: "color" → "colour", "center"
 * → "centre", "organize" → "organise", "analyze" → "analyse", "catalog" → "catalogue", "defense"
 * → "defence", "traveled" → "travelled", "aging" → "ageing", "anemia" → "anaemia", "estrogen" →
 * "oestrogen", "program" → "programme", "tire" → "tyre", "gray" → "grey", "aluminum" →
 * "aluminium", "skeptic" → "sceptic", "mold" → "mould", "plow" → "plough", "fulfill" → "fulfil",
 * "centered" → "centred", "jewelry" → "jewellery".
 */
const REWRITES: [string, string][] = [
  ['or', 'our'],
  ['er', 're'],
  ['ered', 'red'],
  ['ering', 'ring'],
  ['iz', 'is'],
  ['yz', 'ys'],
  ['og', 'ogue'],
  ['ense', 'ence'],
  ['l', 'll'],
  ['ll', 'l'],
  ['g', 'ge'],
  ['e', 'ae'],
  ['e', 'oe'],
  ['am', 'amme'],
  ['i', 'y'],
  ['a', 'e'],
  ['um', 'ium'],
  ['sk', 'sc'],
  ['o', 'ou'],
  ['ow', 'ough'],
  ['lry', 'llery'],
];

function rewrites(word: string): Set<string> {
  const out = new Set<string>();
  for (const [from, to] of REWRITES) {
    for (let i = word.indexOf(from); i >= 0; i = word.indexOf(from, i + 1)) {
      out.add(word.slice(0, i) + to + word.slice(i + from.length));
    }
  }
  return out;
}

/**
 * The British spellings of an American word ("color" → ["colour"]), empty when it has none. wink
 * maps only British → American, so candidates are made by the usual rewrites, up to two of them
 * ("maneuver" → "manoeuvre"), and kept when wink maps them back to the word: the rules propose,
 * wink's list decides, so no invented spelling comes out.
 */
export function britishSpellings(word: string): string[] {
  const lower = word.toLowerCase();
  if (!/^\p{L}{3,}$/u.test(lower)) return [];
  const once = rewrites(lower);
  const candidates = new Set(once);
  for (const c of once) for (const twice of rewrites(c)) candidates.add(twice);
  candidates.delete(lower);
  return [...candidates].filter((c) => americanSpelling(c) === lower).sort();
}
