// The peers (LangChain.js, Orama) and the ROUGE scorer are benchmark-only dependencies kept in
// bench/package.json, apart from the product's: @langchain/community's optional peer
// dependencies clash with the product's (dotenv 18 among them), hence --legacy-peer-deps. They are
// installed here on first use so `npm run eval` works on a fresh clone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { benchDir } from './paths.ts';

export function missingBenchDeps(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(benchDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(manifest.dependencies ?? {}).filter(
    (name) => !fs.existsSync(path.join(benchDir, 'node_modules', name, 'package.json')),
  );
}

export function ensureBenchDeps(log: (line: string) => void): void {
  const missing = missingBenchDeps();
  if (missing.length === 0) return;
  const locked = fs.existsSync(path.join(benchDir, 'package-lock.json'));
  const args = [locked ? 'ci' : 'install', '--prefix', benchDir, '--legacy-peer-deps', '--no-audit', '--no-fund'];
  log(`Installing the benchmark's own dependencies (${missing.join(', ')}): npm ${args.join(' ')}`);
  const run = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0)
    throw new Error(
      `npm ${args[0]} in bench/ failed (exit ${run.status ?? run.signal}); run it by hand: npm ${args.join(' ')}`,
    );
  const still = missingBenchDeps();
  if (still.length > 0) throw new Error(`still missing after install: ${still.join(', ')}`);
}
