import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { QuothError, isQuothError, oneLine, UnknownArticleError } from '../shared/errors.ts';
import type { QuothLibrary } from '../core/library.ts';
import { damagedError } from '../store/schema.ts';
import { addFeedCommands } from './feedCommands.ts';
import { ingestProgressBar } from './ingestProgress.ts';
import { addMaintenanceCommands } from './maintenance.ts';
import { cliConfig, openLibraryForCli } from './openLibrary.ts';
import { failureLine, print, renderAsk, renderIngest, renderList, renderSearch, renderSummary } from './render.ts';

interface GlobalOptions {
  dataDir?: string;
  collection?: string;
}

interface JsonOption {
  json?: boolean;
}

/** Thrown to exit with a code after output was printed (e.g. ingest with failures). */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function wholeNumber(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} must be a whole number.`);
    return Number(value);
  };
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('quoth')
    .description('Answers questions about your articles with verbatim, linked quotes.')
    .option('--data-dir <dir>', 'data directory (env DATA_DIR, default ./embeddings)')
    .option('--collection <name>', 'collection of articles to use', 'default')
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  /** Opens the library, runs `work`, and always closes it (which saves the vector index). */
  const withLibrary = async <T>(
    open: { withoutModel?: boolean; json?: boolean },
    work: (lib: QuothLibrary, collection: string) => Promise<T>,
  ): Promise<T> => {
    const lib = await openLibraryForCli({ dataDir: globals().dataDir, withoutModel: open.withoutModel });
    try {
      return await work(lib, globals().collection ?? 'default');
    } finally {
      await lib.close();
    }
  };
  /** Runs one library call and prints its result: one JSON object with --json, else rendered for people. */
  const printResult = async <T>(
    opts: JsonOption,
    open: { withoutModel?: boolean },
    work: (lib: QuothLibrary, collection: string) => Promise<T>,
    render: (result: T) => string,
  ): Promise<void> => {
    const result = await withLibrary(open, work);
    print(opts.json, result, render(result));
  };

  program
    .command('ingest')
    .description('add files, folders (.txt .md .html .json .jsonl .pdf .docx) and http(s) URLs to the library')
    .argument('<sources...>', 'files, folders or URLs')
    .action(async (sources: string[], opts: JsonOption) => {
      const report = await withLibrary({}, async (lib, collection) => {
        const bar = !opts.json && process.stderr.isTTY ? ingestProgressBar() : null;
        try {
          return await lib.ingest(sources, { collection, onProgress: bar?.onProgress });
        } finally {
          bar?.stop();
        }
      });
      const { articleIds: _ids, ...contract } = report;
      print(opts.json, contract, renderIngest(report));
      if (report.failed.length) {
        if (opts.json) for (const f of report.failed) process.stderr.write(`quoth: ${failureLine(f)}\n`);
        throw new ExitCode(1);
      }
    });

  program
    .command('ask')
    .description('answer a question with verbatim quotes from the articles')
    // A question may start with "-" ("-oil +price"): taken as the question, not an unknown option.
    .allowUnknownOption()
    .argument('[question]', 'the question')
    .option('--article <id>', 'only quote this article')
    .option('--quotes <k>', 'at most this many quotes (1–10)', wholeNumber('--quotes'), 3)
    .option('--questions <file>', 'answer each line of FILE as a question')
    .action(
      async (
        question: string | undefined,
        opts: JsonOption & { article?: string; quotes: number; questions?: string },
      ) => {
        if (opts.questions) {
          if (question !== undefined) throw new QuothError('Give either a question or --questions FILE, not both.');
          let lines: string[];
          try {
            lines = fs
              .readFileSync(opts.questions, 'utf8')
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean);
          } catch {
            throw new QuothError(`Cannot read the questions file ${opts.questions}.`, 'not_found');
          }
          const answers = await withLibrary({}, async (lib, collection) => {
            const out = [];
            for (const q of lines) {
              try {
                out.push(await lib.ask(q, { collection, articleId: opts.article, quotes: opts.quotes }));
              } catch (err) {
                if (!isQuothError(err)) throw err;
                out.push({
                  question: q,
                  mode: lib.mode,
                  abstained: true,
                  answer: oneLine(err),
                  quotes: [],
                  error: oneLine(err),
                });
              }
            }
            return out;
          });
          print(opts.json, { answers }, answers.map((a) => `Q: ${a.question}\n${renderAsk(a)}`).join('\n'));
          return;
        }
        if (question === undefined) throw new QuothError('Give a question, e.g. quoth ask "Who won the final?"');
        const askOpts = { articleId: opts.article, quotes: opts.quotes };
        await printResult(opts, {}, (lib, collection) => lib.ask(question, { collection, ...askOpts }), renderAsk);
      },
    );

  program
    .command('search')
    .description('rank articles for a query, with their best matching snippet')
    .argument('<query>', 'what to look for')
    .option('--limit <n>', 'at most this many articles (1–50)', wholeNumber('--limit'), 5)
    .action(async (query: string, opts: JsonOption & { limit: number }) => {
      await printResult(
        opts,
        {},
        (lib, collection) => lib.search(query, { collection, limit: opts.limit }),
        renderSearch,
      );
    });

  program
    .command('summarize')
    .description("an article's most central sentences, verbatim, in article order")
    .argument('[articleId]', 'the article (see quoth list)')
    .option('--sentences <n>', 'summary length in sentences (1–20)', wholeNumber('--sentences'), 3)
    .option('--all', 'summarize every article')
    .action(async (articleId: string | undefined, opts: JsonOption & { sentences: number; all?: boolean }) => {
      if (opts.all) {
        const summaries = await withLibrary({ withoutModel: true }, async (lib, collection) => {
          const out = [];
          for (const a of lib.list({ collection }))
            out.push(await lib.summarize(a.articleId, { collection, sentences: opts.sentences }));
          return out;
        });
        print(opts.json, { summaries }, summaries.map(renderSummary).join('\n'));
        return;
      }
      if (!articleId) throw new QuothError('Give an article id (see `quoth list`) or --all.');
      const summarize = (lib: QuothLibrary, collection: string) =>
        lib.summarize(articleId, { collection, sentences: opts.sentences });
      await printResult(opts, { withoutModel: true }, summarize, renderSummary);
    });

  program
    .command('list')
    .description('the articles in the library')
    .action(async (opts: JsonOption) => {
      const articles = await withLibrary({ withoutModel: true }, async (lib, collection) => lib.list({ collection }));
      const json = {
        articles: articles.map((a) => ({
          articleId: a.articleId,
          title: a.title,
          url: a.url,
          chunks: a.chunks,
          addedAt: a.addedAt,
        })),
      };
      print(opts.json, json, renderList(articles));
    });

  program
    .command('show')
    .description("an article's stored text (the text every offset refers to)")
    .argument('<articleId>')
    .action(async (articleId: string, opts: JsonOption) => {
      const a = await withLibrary({ withoutModel: true }, async (lib, collection) =>
        lib.get(articleId, { collection }),
      );
      print(
        opts.json,
        { articleId: a.articleId, title: a.title, url: a.url, text: a.text },
        `${a.title}${a.url ? ` <${a.url}>` : ''}\n\n${a.text}\n`,
      );
    });

  program
    .command('remove')
    .description('delete an article with its chunks and vectors')
    .argument('<articleId>')
    .action(async (articleId: string, opts: JsonOption) => {
      const removed = await withLibrary({}, async (lib, collection) => {
        const gone = await lib.remove(articleId, { collection });
        // A story removed by hand stays removed: the feed that brought it must not re-add it.
        // Loaded here, not at start: the feed parser costs every other command's start-up time.
        const { openFeeds } = await import('../feeds/openFeeds.ts');
        const opened = openFeeds(lib);
        try {
          opened.feeds.articleRemoved(gone.articleId, { collection });
        } finally {
          opened.close();
        }
        return gone;
      });
      print(
        opts.json,
        { removed: { articleId: removed.articleId, title: removed.title } },
        `Removed ${removed.articleId} ${removed.title}\n`,
      );
    });

  addMaintenanceCommands(program, globals, withLibrary);
  addFeedCommands(program, withLibrary, (code) => new ExitCode(code));

  // Every command prints one JSON object with --json; added last so it stays last in each command's help.
  // A command with subcommands (feed) must not take it: it would consume the subcommand's --json.
  for (const command of program.commands)
    if (!command.commands.length) command.option('--json', 'print one JSON object');

  return program;
}

/** A SQLite error meaning a damaged file, seen after the check on open, becomes the one-line error too. */
function asDamaged(err: unknown, argv: string[]): Error | null {
  if (isQuothError(err) || !/^SQLITE_/.test(String((err as { code?: unknown }).code))) return null;
  try {
    const i = argv.indexOf('--data-dir');
    const dataDir = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--data-dir='))?.slice(11);
    return damagedError(err, path.join(cliConfig({ dataDir }).dataDir, 'quoth.db'));
  } catch {
    return null;
  }
}

/** Runs the CLI; returns the exit code. Errors become one line on stderr (and a JSON object with --json). */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof ExitCode) return err.code;
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      // commander already printed its message (help, version, usage errors).
      return e.exitCode ?? 1;
    }
    const failure = asDamaged(err, argv) ?? err;
    const hint = failure instanceof UnknownArticleError ? ' `quoth list` shows the ids.' : '';
    const message = oneLine(failure) + hint;
    if (argv.includes('--json')) process.stdout.write(`${JSON.stringify({ error: message })}\n`);
    process.stderr.write(`quoth: ${message}\n`);
    if (!isQuothError(failure)) process.stderr.write(`${(failure as Error).stack ?? ''}\n`);
    return 1;
  }
}
