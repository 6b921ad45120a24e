// CNN/DailyMail as distributed for REALSumm is lower-cased and Penn-Treebank tokenized
// ("( cnn ) the u.s. does n't ... `` quote '' ."). Quoth's sentence splitter, like any reader,
// expects ordinary text: a sentence that starts in lower case is glued to the one before it, so
// the article would read as one giant sentence. This turns the tokens back into prose and restores
// sentence-initial capitals; other capitals (names) cannot be recovered and do not matter to ROUGE,
// which lower-cases. Hand-written because the npm detokenizers are unmaintained and none restores
// sentence case; the rules are those of the Moses / NLTK Treebank detokenizers.

const ATTACH_LEFT = new Set([
  ',',
  '.',
  ':',
  ';',
  '?',
  '!',
  '%',
  ')',
  ']',
  '}',
  '...',
  "n't",
  "'s",
  "'m",
  "'re",
  "'ve",
  "'ll",
  "'d",
  '’',
  "''",
]);
const ATTACH_RIGHT = new Set(['(', '[', '{', '$', '#', '``', '‘']);
const BRACKETS: Record<string, string> = {
  '-lrb-': '(',
  '-rrb-': ')',
  '-lsb-': '[',
  '-rsb-': ']',
  '-lcb-': '{',
  '-rcb-': '}',
};
const SENTENCE_END = new Set(['.', '?', '!']);

/** Detokenizes one lower-cased PTB-tokenized text and capitalizes the start of each sentence. */
export function detokenizePtb(tokenized: string): string {
  const tokens = tokenized
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .map((t) => BRACKETS[t] ?? t);
  let out = '';
  let glueNext = true;
  let capitalizeNext = true;
  let singleQuotesOpen = 0;
  for (let i = 0; i < tokens.length; i++) {
    let token = tokens[i]!;
    let left = ATTACH_LEFT.has(token);
    let right = ATTACH_RIGHT.has(token);
    if (token === "'") {
      // A lone apostrophe is a quotation mark: alternate opening and closing.
      if (singleQuotesOpen % 2 === 0) right = true;
      else left = true;
      singleQuotesOpen++;
    }
    if (token === '``' || token === "''") token = '"';
    if (token === 'i' || /^i['’]/.test(token)) token = `I${token.slice(1)}`;
    if (capitalizeNext && /^\p{Ll}/u.test(token)) {
      token = token[0]!.toUpperCase() + token.slice(1);
      capitalizeNext = false;
    } else if (capitalizeNext && /^[\p{L}\p{N}]/u.test(token)) {
      capitalizeNext = false;
    }
    if (SENTENCE_END.has(token)) {
      capitalizeNext = true;
      singleQuotesOpen = 0;
    }
    out += glueNext || left ? token : ` ${token}`;
    glueNext = right;
  }
  return out;
}

/** REALSumm references: `<t> sentence . </t> <t> ... </t>`, one detokenized sentence per line. */
export function realsummReference(reference: string): string {
  const sentences = [...reference.matchAll(/<t>([\s\S]*?)<\/t>/g)].map((m) => m[1]!.trim()).filter((s) => s.length > 0);
  const parts = sentences.length > 0 ? sentences : [reference];
  return parts.map(detokenizePtb).join('\n');
}
