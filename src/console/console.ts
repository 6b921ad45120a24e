import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { isQuothError, oneLine, UnknownArticleError } from '../shared/errors.ts';
import { chooseArticle } from '../core/articleLookup.ts';
import type { QuothLibrary } from '../core/library.ts';
import { renderAsk, renderIngest, renderList, renderSearch, renderSummary } from '../cli/render.ts';
import { ConsoleFeeds, FEED_HELP } from './consoleFeeds.ts';

export const SAMPLE_ARTICLES_DIR = fileURLToPath(new URL('../../samples/articles', import.meta.url));
const SAMPLES_MARKER = '.samples-ingested';
/** How the console adds articles, for the empty library's message. */
const ADD_HINT = '/add PATH_OR_URL';

const HELP = `Commands:
  /ask QUESTION            answer with verbatim quotes (a line without a command is a question too)
  /search QUERY            ranked articles with their best snippet
  /summarize ARTICLE_ID [N]  an article's N most central sentences (default 3)
  /articles                the articles and their ids
  /add PATH_OR_URL...      add files, folders (.txt .md .html .json .jsonl .pdf .docx) or http(s) URLs
${FEED_HELP}  /help                    this list
  /quit                    leave (Ctrl-D works too)
`;

/**
 * Ingests the bundled sample articles the first time a data directory is used, so that a fresh
 * `npm start` has something to answer from. A marker file keeps them from coming back after the
 * user removes them.
 */
export async function ingestSamplesOnFirstStart(
  lib: QuothLibrary,
  dataDir: string,
  out: (s: string) => void,
): Promise<void> {
  const marker = path.join(dataDir, SAMPLES_MARKER);
  if (fs.existsSync(marker) || lib.list().length > 0) return;
  out('First start: adding the sample articles…\n');
  const report = await lib.ingest([SAMPLE_ARTICLES_DIR]);
  out(renderIngest(report));
  fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
}

/** Runs one console line; returns false when the user wants to leave. */
export async function runConsoleLine(
  lib: QuothLibrary,
  line: string,
  out: (s: string) => void,
  feeds?: ConsoleFeeds,
): Promise<boolean> {
  const trimmed = line.trim();
  if (!trimmed) return true;
  const m = /^\/(\w+)\s*([\s\S]*)$/.exec(trimmed);
  const command = m ? m[1]!.toLowerCase() : 'ask';
  const rest = m ? m[2]!.trim() : trimmed;
  try {
    switch (command) {
      case 'ask':
        out(renderAsk(await lib.ask(rest), ADD_HINT));
        break;
      case 'search':
        out(renderSearch(await lib.search(rest), ADD_HINT));
        break;
      case 'summarize': {
        // "/summarize ID 5", or "/summarize flood wall" with words of a title.
        const m = /^(.*?)(?:\s+(\d+))?$/.exec(rest)!;
        const wanted = m[1]!.trim();
        if (!wanted) {
          out('Usage: /summarize ARTICLE_ID_OR_TITLE [SENTENCES] — /articles lists them.\n');
          break;
        }
        // When nothing (or several) match, summarize the words as an id: its refusal names them.
        const id = chooseArticle(lib, wanted).article?.articleId ?? wanted;
        try {
          out(renderSummary(await lib.summarize(id, { sentences: m[2] ? Number(m[2]) : undefined })));
        } catch (err) {
          if (!(err instanceof UnknownArticleError)) throw err;
          out(`Error: ${err.message} /articles lists them.\n`);
        }
        break;
      }
      case 'articles':
      case 'list':
        out(renderList(lib.list(), ADD_HINT));
        break;
      case 'add': {
        const sources = rest.split(/\s+/).filter(Boolean);
        if (!sources.length) {
          out('Usage: /add PATH_OR_URL…\n');
          break;
        }
        out(renderIngest(await lib.ingest(sources)));
        break;
      }
      case 'feed':
      case 'feeds':
        if (feeds) await feeds.run(rest);
        else out('Feeds are not available here.\n');
        break;
      case 'help':
        out(HELP);
        break;
      case 'quit':
      case 'exit':
        return false;
      default:
        out(`Unknown command /${command}. ${HELP}`);
    }
  } catch (err) {
    if (!isQuothError(err)) throw err;
    out(`Error: ${oneLine(err)}\n`);
  }
  return true;
}

/** The interactive console of `npm start` without a Discord token. Resolves when the user leaves. */
export async function runConsole(lib: QuothLibrary, dataDir: string): Promise<void> {
  const out = (s: string) => void process.stdout.write(s);
  await ingestSamplesOnFirstStart(lib, dataDir, out);
  out(
    `Quoth console — ${lib.list().length} articles. ` +
      `${lib.mode === 'hybrid' ? 'Hybrid mode (BM25 + embeddings).' : (lib.lexicalReason ?? 'Lexical-only mode.')}\n` +
      'Ask a question, or type /help.\n',
  );
  const feeds = new ConsoleFeeds(lib, out);
  await feeds.startPolling();
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const prompt = () => {
    if (process.stdin.isTTY) rl.prompt();
  };
  rl.setPrompt('quoth> ');
  prompt();
  // Lines are handled one at a time, in order, even when piped in faster than they are answered.
  let queue: Promise<boolean> = Promise.resolve(true);
  await new Promise<void>((resolve) => {
    rl.on('line', (line) => {
      queue = queue.then(async (going) => {
        if (!going) return false;
        const more = await runConsoleLine(lib, line, out, feeds);
        if (more) prompt();
        else rl.close();
        return more;
      });
    });
    rl.on('close', () => void queue.then(() => resolve()));
  });
  await feeds.close();
}
