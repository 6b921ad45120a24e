import cliProgress from 'cli-progress';
import dotenv from 'dotenv';
import { loadCoreConfig, type CoreConfig } from '../config.ts';
import { QuothLibrary } from '../core/library.ts';
import { createLogger } from '../shared/log.ts';

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
  const log = createLogger(config.logLevel);
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'Downloading {file} [{bar}] {percentage}%', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  let barFile: string | null = null;
  let lastLogged = -1;
  const lib = await QuothLibrary.open(config, {
    log,
    ...(opts.withoutModel ? { embedder: null } : {}),
    onDownloadProgress: ({ file, loaded, total }) => {
      const pct = total ? Math.floor((loaded / total) * 100) : 0;
      // A file read whole from the cache reports 100% at once: that is not a download.
      if (barFile !== file && pct >= 100) return;
      if (bar) {
        if (barFile !== file) {
          if (barFile) bar.stop();
          bar.start(100, 0, { file });
          barFile = file;
        }
        bar.update(pct, { file });
      } else if (barFile !== file || pct >= lastLogged + 25 || pct === 100) {
        barFile = file;
        lastLogged = pct;
        process.stderr.write(`Downloading ${file}: ${pct}%\n`);
      }
    },
  });
  if (barFile && bar) bar.stop();
  if (!opts.quiet && !opts.withoutModel) {
    process.stderr.write(lib.mode === 'hybrid' ? `Quoth: hybrid mode (BM25 + ${config.embeddingModel}).\n` : `Quoth: ${lib.lexicalReason ?? "lexical-only mode."}\n`);
  }
  return lib;
}
