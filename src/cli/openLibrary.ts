import cliProgress from 'cli-progress';
import dotenv from 'dotenv';
import { loadCoreConfig, type CoreConfig } from '../config.ts';
import { QuothLibrary } from '../core/library.ts';
import { downloadSteps } from '../shared/downloadProgress.ts';
import { createTerminalLogger } from '../shared/log.ts';

export interface OpenForCli {
  dataDir?: string;
  /** Skip loading the embedding model (list, show: they never embed). */
  withoutModel?: boolean;
  /** Suppress the one-line mode notice (it still goes to stderr, never stdout). */
  quiet?: boolean;
}

let envLoaded = false;

/** Loads .env once; real environment variables win over it. */
export function loadDotenv(): void {
  if (envLoaded) return;
  envLoaded = true;
  dotenv.config({ quiet: true });
}

export function cliConfig(opts: OpenForCli): CoreConfig {
  loadDotenv();
  return loadCoreConfig(process.env, opts.dataDir ? { dataDir: opts.dataDir } : {});
}

/**
 * Opens the library for a terminal front end: shows model download progress on a terminal, and says
 * once, on stderr, which mode Quoth runs in and why.
 */
export async function openLibraryForCli(opts: OpenForCli): Promise<QuothLibrary> {
  const config = cliConfig(opts);
  const log = createTerminalLogger(config.logLevel);
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: 'Downloading {file} [{bar}] {percentage}%', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let barFile: string | null = null;
  const showOnBar = (file: string, percent: number): void => {
    if (!bar) return;
    if (barFile !== file) {
      if (barFile) bar.stop();
      bar.start(100, 0, { file });
      barFile = file;
    }
    bar.update(percent, { file });
  };
  let healNoticed = false;
  const lib = await QuothLibrary.open(config, {
    log,
    // One line, once: the healer embeds what lexical mode or a killed ingest or reindex left without vectors.
    onHealProgress: (_done, total) => {
      // Shown even when quiet (the console prints its own banner): embedding a large library takes a while.
      if (healNoticed) return;
      healNoticed = true;
      process.stderr.write(
        `Quoth: embedding ${total} chunks stored without vectors (in lexical mode, or by an interrupted run).\n`,
      );
    },
    ...(opts.withoutModel ? { embedder: null } : {}),
    onDownloadProgress: bar
      ? downloadSteps(1, showOnBar)
      : downloadSteps(25, (file, percent) => void process.stderr.write(`Downloading ${file}: ${percent}%\n`)),
  });
  if (barFile && bar) bar.stop();
  if (!opts.quiet && !opts.withoutModel) {
    process.stderr.write(
      lib.mode === 'hybrid'
        ? `Quoth: hybrid mode (BM25 + ${config.embeddingModel}).\n`
        : `Quoth: ${lib.lexicalReason ?? 'lexical-only mode.'}\n`,
    );
  }
  return lib;
}
