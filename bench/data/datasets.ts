// Readers for the shared measurement data (../shared/data beside the repository). Each returns
// null when its file is absent, so a clone without the data still runs and says what it skipped.
import fs from 'node:fs';
import { dataFile } from '../lib/paths.ts';
import { splitRunTogetherSummary } from '../text/bbcSummary.ts';
import { detokenizePtb, realsummReference } from '../text/detokenize.ts';

export interface SquadQuestion {
  id: string;
  question: string;
  /** Distinct gold answer texts. */
  answers: string[];
  /** Index of the paragraph (within its article) that holds the answer. */
  paragraph: number;
}

export interface SquadArticle {
  title: string;
  paragraphs: string[];
  questions: SquadQuestion[];
}

export interface SummaryItem {
  id: string;
  text: string;
  /** Reference summary, one sentence per line. */
  reference: string;
  referenceSentences: number;
}

export interface SummarySet {
  name: 'xsum' | 'bbc-news-summary' | 'cnndm-realsumm';
  items: SummaryItem[];
  /** What was done to the raw data before scoring. */
  preparation: string;
}

export interface ReutersStory {
  newid: number;
  title: string;
  body: string;
}

function readIfPresent(parts: string[]): string | null {
  const file = dataFile(...parts);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

function jsonLines<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as T);
}

export const SQUAD_PATH = ['squad-v1.1-dev-public', 'dev-public.json'];

export function loadSquad(): SquadArticle[] | null {
  const raw = readIfPresent(SQUAD_PATH);
  if (raw === null) return null;
  const parsed = JSON.parse(raw) as {
    data: {
      title: string;
      paragraphs: { context: string; qas: { id: string; question: string; answers: { text: string }[] }[] }[];
    }[];
  };
  return parsed.data.map((a) => ({
    title: a.title.replace(/_/g, ' '),
    paragraphs: a.paragraphs.map((p) => p.context),
    questions: a.paragraphs.flatMap((p, paragraph) =>
      p.qas.map((q) => ({
        id: q.id,
        question: q.question.trim(),
        answers: [...new Set(q.answers.map((x) => x.text.trim()))],
        paragraph,
      })),
    ),
  }));
}

/** The article as ingested: its paragraphs joined by blank lines. */
export function squadArticleText(a: SquadArticle): string {
  return a.paragraphs.join('\n\n');
}

export function loadSummarySets(): { sets: SummarySet[]; missing: string[] } {
  const sets: SummarySet[] = [];
  const missing: string[] = [];

  const xsum = readIfPresent(['xsum', 'public.jsonl']);
  if (xsum === null) missing.push('xsum/public.jsonl');
  else {
    const items = jsonLines<{ id: string; document: string; summary: string }>(xsum)
      .filter((r) => r.document.trim().length > 0)
      .map((r) => ({ id: r.id, text: r.document, reference: r.summary.trim(), referenceSentences: 1 }));
    sets.push({ name: 'xsum', items, preparation: 'articles with an empty document dropped' });
  }

  const bbc = readIfPresent(['bbc-news-summary', 'public.jsonl']);
  if (bbc === null) missing.push('bbc-news-summary/public.jsonl');
  else {
    const items = jsonLines<{ id: string; title: string; text: string; summary: string }>(bbc).map((r) => {
      const sentences = splitRunTogetherSummary(r.summary);
      return { id: r.id, text: r.text, reference: sentences.join('\n'), referenceSentences: sentences.length };
    });
    sets.push({
      name: 'bbc-news-summary',
      items,
      preparation: 'reference sentences that ran together (".For") split apart',
    });
  }

  const cnndm = readIfPresent(['cnndm-realsumm', 'public.jsonl']);
  if (cnndm === null) missing.push('cnndm-realsumm/public.jsonl');
  else {
    const items = jsonLines<{ id: string; document: string; reference: string }>(cnndm).map((r) => {
      const reference = realsummReference(r.reference);
      return { id: r.id, text: detokenizePtb(r.document), reference, referenceSentences: reference.split('\n').length };
    });
    sets.push({
      name: 'cnndm-realsumm',
      items,
      preparation: 'article and reference detokenized (PTB), sentence capitals restored',
    });
  }
  return { sets, missing };
}

export const REUTERS_PATH = ['reuters-21578', 'reuters21578.jsonl'];

/** Stories with a body, in corpus order. */
export function loadReuters(): ReutersStory[] | null {
  const raw = readIfPresent(REUTERS_PATH);
  if (raw === null) return null;
  return jsonLines<{ newid: number; title?: string; body?: string }>(raw)
    .filter((r) => typeof r.body === 'string' && r.body.trim().length > 0)
    .map((r) => ({ newid: r.newid, title: (r.title ?? '').trim(), body: r.body! }));
}
