import type { ItemToken } from 'wink-nlp';
import { nlp } from '../text/nlp.ts';

/**
 * What kind of phrase a factoid question asks for, read off its wh-phrase. A sentence that holds
 * such a phrase (one the question does not already contain) is more likely to answer it: the
 * classic answer-type signal of lexical question answering.
 */
export type AnswerType =
  | 'money'
  | 'percent'
  | 'quantity'
  | 'date'
  | 'duration'
  | 'person'
  | 'place'
  | 'reason'
  | 'manner'
  | 'score'
  | 'name';

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|' +
  'aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';

const PATTERNS: Record<Exclude<AnswerType, 'person' | 'place' | 'name'>, RegExp> = {
  // Wire copy writes amounts as "1.30 dlrs", "500 mln dlrs", "15 cts", "20 mln stg".
  money: new RegExp(
    String.raw`[$€£¥]\s?\d|\b\d[\d,.]*\s?(?:million|billion|thousand|mln|bln)?` +
      String.raw`\s?(?:dollars|dlrs?|euros|pounds|stg|sterling|yen|cents|cts|usd|eur|gbp)\b`,
    'i',
  ),
  // Shares in words as well as figures: "more than half of the traffic", "two-thirds of voters".
  percent:
    /\b\d[\d,.]*\s?(?:%|percent|per cent|percentage points?)|\b(?:half|(?:two|one|a)[- ]thirds?|(?:three|one|a)[- ]quarters?|(?:a|one) (?:fifth|tenth)) of\b/i,
  quantity: new RegExp(
    String.raw`\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|` +
      'eleven|twelve|twenty|thirty|forty|fifty|' +
      String.raw`hundred|thousand|million|billion|dozens?)\b`,
    'i',
  ),
  date: new RegExp(
    `\\b(?:${MONTH}\\s+\\d{1,2}|\\d{1,2}\\s+${MONTH}|${MONTH}\\s+\\d{4}` +
      `|in\\s+${MONTH}|(?:1[5-9]|20)\\d{2}s?|${WEEKDAY}|yesterday|today|tomorrow` +
      `|\\d{1,2}(?::\\d{2})?\\s?[ap]\\.?m\\.?` +
      `|(?:last|next|this)\\s+(?:week|month|year|spring|summer|autumn|fall|winter)|century)\\b`,
    'i',
  ),
  duration: new RegExp(
    String.raw`\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|several|few)` +
      String.raw`\s?-?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries)\b`,
    'i',
  ),
  reason: new RegExp(
    '\\b(?:because|due to|owing to|thanks to|as a result|so that|in order to|in an effort to|for fear|since|' +
      'after|caused|led to|reason|aim(?:ed)? to|meant to|intended to|' +
      // News names a cause as what is "behind" an event: "legal action is thought to be behind the closure".
      '(?:thought|believed|said|understood|suspected|likely) to be behind|(?:is|was|are|were) behind the|' +
      // ...and a purpose as a bid: "would be seen as a bid to carry more weight with ministers".
      '(?:in|as) (?:a|an) (?:bid|attempt) to|' +
      'as (?:it|they|he|she|this|that) (?:is|was|are|were|would|could|might|had) |' +
      'to (?:help|make|protect|avoid|prevent|reduce|allow|cover|keep|stop|ensure|save))\\b',
    'i',
  ),
  // A result: "4-3", "24–10", "2 - 2" (not a year range: at most three digits a side).
  score: /\b\d{1,3}\s?[-–—]\s?\d{1,3}\b(?![-–—.,]?\d)/,
  // How something was done: "by ...ing", "through", "using".
  manner: /\b(?:by (?:\w+ing|means of)|through|using|via|with the help of|thanks to)\b/i,
};

/**
 * "Which law firm…", "What company…", "Which team…": the answer is a name. Without it such
 * questions had no type, and "Which law firm did the Tory leader work for?" quoted "A Tory
 * spokesman "totally refuted" any wrongdoing." over the sentence naming Tods Murray.
 */
const ORGANISATION_QUESTION =
  /\b(?:what|which) (?:\w+ )?(?:company|companies|firm|team|club|party|bank|organi[sz]ation|band|newspaper|network|channel|agency|brand|university|college|airline|charity|union|website|magazine|studio|label)\b/;

export function expectedAnswerType(question: string): AnswerType | null {
  const q = question.toLowerCase().trim();
  if (
    /\bhow much\b.*\b(cost|pay|paid|spend|spent|price|worth|charge|fund|raise|earn|money|budget|fee)/.test(q) ||
    /\bwhat (?:is|was|were) the (?:cost|price|fee)\b/.test(q)
  )
    return 'money';
  if (/\b(?:what|which) (?:percent(?:age)?|share|proportion|fraction)\b|\bhow much\b.*\b(?:percent|share)\b/.test(q))
    return 'percent';
  if (/\bhow (?:long|old)\b/.test(q)) return 'duration';
  if (/\bhow (?:many|much|far|tall|high|big|large|deep|wide|heavy|fast|thick)\b|\bwhat (?:number|amount)\b/.test(q))
    return 'quantity';
  if (
    /\bwhat(?:'s| was| is| were)? the (?:final |half-time |halftime |full-time |aggregate )?score\b|\b(?:what|by what) score\b/.test(
      q,
    )
  )
    return 'score';
  if (/^(?:when|(?:in |by )?what (?:year|date|day|month|time|century|decade))\b|\bwhen\b/.test(q)) return 'date';
  if (/^(?:who|whom|whose)\b|\bwho\b/.test(q)) return 'person';
  if (/^where\b|\bwhere\b|\bwhat (?:city|country|state|town|place|region|river)\b/.test(q)) return 'place';
  if (/^why\b|\bwhy\b|\bwhat (?:caused|was the reason)\b/.test(q)) return 'reason';
  if (/^how (?:did|does|do|was|were|is|are|can|could|will|would|has|have)\b/.test(q)) return 'manner';
  if (/^(?:what|which) (?:is|was) the name\b|\bcalled\b|\bnamed\b/.test(q) || ORGANISATION_QUESTION.test(q))
    return 'name';
  return null;
}

/**
 * Whether `sentence` holds a phrase of the expected type that is new relative to the question
 * (a name the question already uses is not its answer).
 */
export function hasAnswerOfType(sentence: string, type: AnswerType, questionWords: Set<string>): boolean {
  if (type === 'person' || type === 'place' || type === 'name') return newProperNoun(sentence, questionWords);
  const pattern = new RegExp(PATTERNS[type].source, 'gi');
  // A number the question itself gives ("after 5,000 cycles") is not the answer.
  for (const m of sentence.matchAll(pattern)) {
    const words = m[0].toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}.,]*/gu) ?? [];
    if (words.some((w) => !questionWords.has(normalizeWord(w)))) return true;
  }
  return false;
}

function newProperNoun(sentence: string, questionWords: Set<string>): boolean {
  const its = nlp().its;
  let found = false;
  nlp()
    .readDoc(sentence)
    .tokens()
    .each((t: ItemToken) => {
      if (found || (t.out(its.pos) as string) !== 'PROPN') return;
      const w = (t.out(its.normal) as string).replace(/[^\p{L}\p{N}]/gu, '');
      if (w.length > 1 && !questionWords.has(w)) found = true;
    });
  return found;
}

/** Lower-cased words of a question, for telling new phrases from repeated ones. */
export function questionWordSet(question: string): Set<string> {
  return new Set((question.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}.,]*/gu) ?? []).map(normalizeWord));
}

function normalizeWord(w: string): string {
  return w
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.]/gu, '')
    .replace(/\.$/, '');
}
