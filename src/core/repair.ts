import fs from 'node:fs';
import path from 'node:path';
import type { CoreConfig } from '../config.ts';
import { moveAside, salvageArticles } from '../store/salvage.ts';
import { QuothLibrary } from './library.ts';
import type { OpenOptions } from './openOptions.ts';

export interface RepairReport {
  /** Where the damaged database now lies. */
  damagedFile: string;
  recovered: number;
  unreadable: number;
}

/**
 * `quoth repair`: moves the database aside (never written again), reads every article row it still
 * can, and stores them in a fresh database, which re-derives sentences, chunks, full-text indexes
 * and (in hybrid mode) vectors. Index files go too: chunk ids start again in the new database.
 */
export async function repairLibrary(config: CoreConfig, opts: OpenOptions = {}): Promise<RepairReport> {
  const file = path.join(config.dataDir, 'quoth.db');
  const damagedFile = moveAside(file);
  const { articles, unreadable } = salvageArticles(damagedFile);
  for (const name of fs.existsSync(config.dataDir) ? fs.readdirSync(config.dataDir) : []) {
    if (/^vectors-.*\.hnsw(\.json)?$/.test(name)) fs.rmSync(path.join(config.dataDir, name), { force: true });
  }
  const lib = await QuothLibrary.open(config, { ...opts, heal: 'no' });
  try {
    const recovered = await lib.restore(articles);
    return { damagedFile, recovered, unreadable: unreadable + articles.length - recovered };
  } finally {
    await lib.close();
  }
}
