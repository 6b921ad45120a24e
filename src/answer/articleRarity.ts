// Which of the question's words single one sentence out of its article. The collection's IDF says
// how rare a word is across the library, which picks the article; inside the article, its topic
// words ("Super Bowl", "Luther") occur in most of the retrieved sentences and cannot tell the one
// that answers from the ones that restate the subject, while a question word few of them hold
// ("held", "city") can.
import type { ScoredSentence } from './scoredSentence.ts';

/**
 * How much a sentence's share of its article's rare question words adds to its score. SQuAD
 * public, all questions (bench/speed/squadLexical.ts), hit@1 / hit@3, with REPEAT_SCORE 0.7 (the
 * characters per quote it saves spent on supporting quotes): lexical 0.7463 / 0.8420 at 251
 * characters a quote → 0.7569 / 0.8477 at 252 (tuning half 0.7439 / 0.8519 → 0.7560 / 0.8571,
 * held out 0.7489 / 0.8316 → 0.7579 / 0.8378). The weight alone, without the REPEAT_SCORE change:
 * 0.7481 / 0.8397 at 239 characters. 0.15 and 0.2 gained less at equal quote length.
 */
const ARTICLE_RARITY_WEIGHT = 0.1;

/**
 * The in-article rarity ln((n + 1) / (count + 0.5)) is raised to this power, so the share goes to
 * the word (or two) that only the answer's sentence holds. Lexical hit@1 at the settings above:
 * power 1 0.7527, 2 0.7541, 3 0.7557, 4 0.7569, 6 0.7553.
 */
const RARITY_EXPONENT = 4;

/**
 * Adds to each sentence's score its share of the question's weight in its article, each term
 * weighted by its collection weight times its rarity among the article's candidate sentences (the
 * retrieved ones: they are where the choice is made). Terms none of them hold weigh nothing, so
 * the share compares sentences of one article; which article is the article coverage's call.
 */
export function addArticleRarity(scored: ScoredSentence[], weightOf: (term: string) => number): void {
  const byArticle = new Map<number, ScoredSentence[]>();
  for (const s of scored) {
    const list = byArticle.get(s.articleRowid);
    if (list) list.push(s);
    else byArticle.set(s.articleRowid, [s]);
  }
  for (const sentences of byArticle.values()) {
    const holding = new Map<string, number>();
    for (const s of sentences) s.terms.forEach((t) => holding.set(t, (holding.get(t) ?? 0) + 1));
    const n = sentences.length;
    const weight = new Map(
      [...holding].map(([t, count]) => [t, weightOf(t) * Math.log((n + 1) / (count + 0.5)) ** RARITY_EXPONENT]),
    );
    const total = [...weight.values()].reduce((a, b) => a + b, 0);
    if (total <= 0) continue;
    for (const s of sentences) {
      let held = 0;
      s.terms.forEach((t) => (held += weight.get(t) ?? 0));
      s.score += (ARTICLE_RARITY_WEIGHT * held) / total;
    }
  }
}
