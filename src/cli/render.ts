// Text rendering of core results for people (the CLI without --json, and the console).
import { quoteBlock } from '../shared/quoteBlock.ts';
import { absentNote } from '../shared/absentNote.ts';
import { readAsNote } from '../shared/readAs.ts';
import type { ArticleMeta, AskResult, IngestReport, LibraryStats, SearchResult, Summary } from '../shared/types.ts';

/** Quotes and snippets show their jump-to-quote link (the URL plus a text fragment) when they have one. */
function source(title: string, link: string | null, articleId: string): string {
  return `— ${title}${link ? ` <${link}>` : ''} [${articleId}]`;
}

/** How the CLI adds articles; the console passes its own (/add) to the renderers below. */
export const CLI_ADD_HINT = '`quoth ingest PATH_OR_URL`';

function emptyLibrary(addHint: string): string {
  return `The library is empty. Add articles with ${addHint}.\n`;
}

/** The line that says which misspelled words were read as the library's, or nothing. */
function readAsLine(r: AskResult | SearchResult): string {
  const note = readAsNote(r.corrections);
  return note ? `(${note})\n` : '';
}

export function renderAsk(r: AskResult, addHint = CLI_ADD_HINT): string {
  if (r.noArticles) return emptyLibrary(addHint);
  if (r.abstained) return `${readAsLine(r)}${[r.answer, absentNote(r.absentWords)].filter(Boolean).join('\n')}\n`;
  return (
    readAsLine(r) +
    r.quotes
      .map((q) => `${quoteBlock(q.text)}\n${source(q.title, q.link ?? q.url, q.articleId)} (chars ${q.start}–${q.end})`)
      .join('\n\n') +
    '\n'
  );
}

export function renderSearch(r: SearchResult, addHint = CLI_ADD_HINT): string {
  if (r.noArticles) return emptyLibrary(addHint);
  if (r.results.length === 0)
    return `${readAsLine(r)}${['No matching articles.', absentNote(r.absentWords)].filter(Boolean).join('\n')}\n`;
  return (
    readAsLine(r) +
    r.results
      .map(
        (h, i) =>
          `${i + 1}. ${h.title}${h.url ? ` <${h.url}>` : ''} [${h.articleId}] ` +
          `score ${h.score.toFixed(3)}\n${quoteBlock(h.snippet.text)}` +
          (h.snippet.link ? `\n  ${h.snippet.link}` : ''),
      )
      .join('\n\n') +
    '\n'
  );
}

export function renderSummary(s: Summary): string {
  return (
    `${s.title}${s.url ? ` <${s.url}>` : ''} ` +
    `[${s.articleId}]\n${s.sentences.map((x) => quoteBlock(x.text)).join('\n>\n')}\n`
  );
}

export function renderList(articles: ArticleMeta[], addHint = CLI_ADD_HINT): string {
  if (articles.length === 0) return emptyLibrary(addHint);
  return (
    articles.map((a) => `${a.articleId}  ${a.title}${a.url ? ` <${a.url}>` : ''}  (${a.chunks} chunks)`).join('\n') +
    '\n'
  );
}

export function renderIngest(r: IngestReport): string {
  const lines = [
    `Added ${r.added}, updated ${r.updated}, unchanged ${r.unchanged}, ` +
      `failed ${r.failed.length}; ${r.chunks} chunks (${r.mode} mode).`,
  ];
  for (const f of r.failed) lines.push(`  failed: ${failureLine(f)}`);
  return lines.join('\n') + '\n';
}

/**
 * A failure as one line that names its file: a JSON Lines error says only "line 12 is not valid
 * JSON", which, with several files ingested at once, does not tell which file (its source,
 * "file.jsonl:12", does).
 */
export function failureLine(f: IngestReport['failed'][number]): string {
  const line = /^line (\d+) /.exec(f.error);
  if (!line || !f.source.endsWith(`:${line[1]}`)) return f.error;
  return `${f.source.slice(0, -(line[1]!.length + 1))} ${f.error}`;
}

export function renderStats(s: LibraryStats): string {
  return (
    [
      `collection   ${s.collection}`,
      `articles     ${s.articles}`,
      `chunks       ${s.chunks} (${s.vectors} with vectors)`,
      `mode         ${s.mode}${s.lexicalReason ? ` — ${s.lexicalReason}` : ''}`,
      `model        ${s.model ?? 'none'}${s.dimension ? ` (${s.dimension} dimensions)` : ''}`,
      `data dir     ${s.dataDir}`,
      `database     ${formatSize(s.databaseBytes)}`,
      `vector index ${formatSize(s.indexBytes)}`,
    ].join('\n') + '\n'
  );
}

function formatSize(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** One JSON object with --json, else the rendering for people. */
export function print(json: boolean | undefined, object: unknown, human: string): void {
  process.stdout.write(json ? `${JSON.stringify(object)}\n` : human);
}
