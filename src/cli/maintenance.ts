import type { Command } from 'commander';
import type { QuothLibrary } from '../core/library.ts';
import { repairLibrary } from '../core/repair.ts';
import { cliConfig, loadDotenv } from './openLibrary.ts';
import { print, renderStats } from './render.ts';

type WithLibrary = <T>(
  open: { withoutModel?: boolean },
  work: (lib: QuothLibrary, collection: string) => Promise<T>,
) => Promise<T>;

/** reindex, stats (with --check) and repair: the commands that look after the library itself. */
export function addMaintenanceCommands(
  program: Command,
  globals: () => { dataDir?: string },
  withLibrary: WithLibrary,
): void {
  program
    .command('reindex')
    .description('re-chunk and re-embed every article (after installing or changing the embedding model)')
    .action(async (opts: { json?: boolean }) => {
      const result = await withLibrary({}, (lib) => lib.reindex());
      print(
        opts.json,
        result,
        `Reindexed ${result.articles} articles: ${result.chunks} ` +
          `chunks, ${result.vectors} vectors (${result.mode} mode).\n`,
      );
    });

  program
    .command('stats')
    .description('library size, mode and model; --check verifies every page of the database')
    .option('--check', 'run a full integrity check (exit 1 with one line if the database is damaged)')
    .action(async (opts: { json?: boolean; check?: boolean }) => {
      const stats = await withLibrary({}, async (lib, collection) => {
        if (opts.check) lib.checkIntegrity();
        return lib.stats({ collection });
      });
      const result = opts.check ? { ...stats, check: 'ok' } : stats;
      print(opts.json, result, renderStats(stats) + (opts.check ? 'check        ok\n' : ''));
    });

  program
    .command('repair')
    .description('rebuild a damaged database from what can still be read (the damaged file is kept aside)')
    .action(async (opts: { json?: boolean }) => {
      loadDotenv();
      const report = await repairLibrary(cliConfig({ dataDir: globals().dataDir }));
      print(
        opts.json,
        report,
        `Repaired: ${report.recovered} articles recovered, ${report.unreadable} unreadable; ` +
          `the damaged file is kept as ${report.damagedFile}.\n`,
      );
    });
}
