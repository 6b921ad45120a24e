// What the model reads for a sentence whose vector the answer step compares with the question.
import type { LibraryStore, SentenceRow } from '../store/libraryStore.ts';

/**
 * Each sentence is read twice by the model at ingest: alone, and after its article's title. A
 * sentence often names its subject only as "he" or "the company", which the title names; but a news
 * headline is as long as the sentence, and read after it a paraphrase's cosine fell ("How many fans
 * attended the final?" with "A crowd of 6,412…": 0.49 alone, 0.29 after "Millbrook Rovers Win County
 * Cup in Penalty Shootout"). So sentences are ranked by the mean of both cosines, while the answer
 * test and the chunk vectors keep the sentence alone. SQuAD public, all 5,665 questions, hybrid
 * with all-MiniLM-L6-v2, every question answered (the ranking alone), hit@1 / hit@3, tuning half /
 * held out:
 * - alone (before): 0.8184 / 0.9140, 0.8176 / 0.9039;
 * - after the title: 0.8271 / 0.9275, 0.8259 / 0.9075;
 * - the mean of both cosines: 0.8260 / 0.9258, 0.8273 / 0.9061 (all 0.8267 / 0.9162; weight 0.3
 *   for the titled one, stored as one blended vector: 0.8236 / 0.9206, 0.8255 / 0.9064).
 * With the answer test as it was (on the plain cosine), all questions: 0.8067 / 0.8953 → 0.8138 /
 * 0.9006, 2.4% abstained as before (tuning half 0.8146 / 0.9113, held out 0.8129 / 0.8895).
 * The samples' 42 questions, each answer sentence ranked among all 140 sentences by cosine alone:
 * first for 0.548 (alone), 0.476 (after the title), 0.643 (the mean). The answer test, refitted on
 * the mean, answered SQuAD's held-out half better (93.4% / 95.5% of answerable questions and 1.7% /
 * 1.7% of others, against 92.6% / 95.7% and 1.9% / 2.5%) but declined three of the six sample
 * paraphrases it answers on the plain cosine. Chunk vectors made from the titled readings ranked
 * 0.8242 / 0.9153 (all questions) and every chunk of an article leaned toward its title, so search
 * found fewer articles by meaning.
 */
export function sentenceEmbeddingText(title: string, sentence: string): string {
  const head = title.trim().slice(0, MAX_TITLE_CHARS);
  if (!head) return sentence;
  return /[.!?:]$/u.test(head) ? `${head} ${sentence}` : `${head}. ${sentence}`;
}

/** A title longer than this (a pasted first paragraph) is cut: the sentence must keep the model's token budget. */
const MAX_TITLE_CHARS = 120;

/** Reads sentences and their articles' titles from the store, each article once. */
export class SentenceTexts {
  private readonly texts = new Map<number, string>();
  private readonly titles = new Map<number, string>();

  constructor(private readonly store: LibraryStore) {}

  /** The sentence alone, as a chunk's vector is made from it. */
  plain(row: Pick<SentenceRow, 'article_rowid' | 'start' | 'end'>): string {
    let text = this.texts.get(row.article_rowid);
    if (text === undefined) this.texts.set(row.article_rowid, (text = this.store.articleText(row.article_rowid)));
    return text.slice(row.start, row.end);
  }

  /** The sentence after its title, as half its stored vector is made from it. */
  titled(row: Pick<SentenceRow, 'article_rowid' | 'start' | 'end'>): string {
    return sentenceEmbeddingText(this.title(row.article_rowid), this.plain(row));
  }

  title(articleRowid: number): string {
    let title = this.titles.get(articleRowid);
    if (title === undefined)
      this.titles.set(articleRowid, (title = this.store.articleByRowid(articleRowid)?.title ?? ''));
    return title;
  }
}
