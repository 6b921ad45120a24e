import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resultsDir } from './paths.ts';

export type Cell = string | number | null | undefined;

/** A GitHub-flavoured markdown table; numbers are printed as given (round them first). */
export function markdownTable(header: string[], rows: Cell[][]): string {
  const fmt = (c: Cell) =>
    c === null || c === undefined
      ? '–'
      : typeof c === 'number'
        ? Number.isFinite(c)
          ? String(c)
          : '–'
        : c.replace(/\|/g, '\\|');
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
  for (const r of rows) lines.push(`| ${r.map(fmt).join(' | ')} |`);
  return lines.join('\n');
}

/** Peer figure divided by Quoth's, as "1.23×"; "–" when undefined. */
export function ratio(quoth: number, peer: number): string {
  if (!Number.isFinite(quoth) || !Number.isFinite(peer) || peer === 0) return '–';
  return `${(quoth / peer).toFixed(2)}×`;
}

export function pct(x: number): number {
  return Math.round(x * 1000) / 10;
}

/**
 * Writes `<kind>-latest.json/.md`, then rebuilds `latest.json/.md` from both kinds' latest files,
 * so that `npm run eval` and `npm run bench` each refresh their half without erasing the other.
 */
export function writeResults(kind: 'eval' | 'bench', json: unknown, markdown: string): { json: string; md: string } {
  fs.mkdirSync(resultsDir, { recursive: true });
  const write = (name: string, content: string) => {
    const file = path.join(resultsDir, name);
    fs.writeFileSync(`${file}.tmp`, content);
    fs.renameSync(`${file}.tmp`, file);
    return file;
  };
  write(`${kind}-latest.json`, `${JSON.stringify(json, null, 2)}\n`);
  write(`${kind}-latest.md`, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  const combined: Record<string, unknown> = {};
  const parts: string[] = [];
  for (const k of ['eval', 'bench'] as const) {
    const j = path.join(resultsDir, `${k}-latest.json`);
    const m = path.join(resultsDir, `${k}-latest.md`);
    if (fs.existsSync(j)) combined[k] = JSON.parse(fs.readFileSync(j, 'utf8'));
    if (fs.existsSync(m)) parts.push(fs.readFileSync(m, 'utf8').trimEnd());
  }
  return {
    json: write('latest.json', `${JSON.stringify(combined, null, 2)}\n`),
    md: write('latest.md', `${parts.join('\n\n---\n\n')}\n`),
  };
}

/** The last full or partial result of this kind, so that a run of some parts (--only) keeps the others. */
export function previousResult<T>(kind: 'eval' | 'bench'): T | null {
  const file = path.join(resultsDir, `${kind}-latest.json`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

export function machineInfo(): {
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  loadAverage: number[];
} {
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    // Other work on a shared machine skews timings; the load at the start says how much.
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
