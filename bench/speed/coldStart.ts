// Cold start: a new process that opens a library already on disk and answers one question, the
// way a user's `quoth ask` does. Timed from spawn to exit, several runs, different questions.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RetrievalMode } from '../../src/shared/types.ts';
import { repoRoot } from '../lib/paths.ts';
import { median } from '../lib/stats.ts';

export interface ColdStartResult {
  mode: RetrievalMode;
  command: string;
  runs: number[];
  medianSeconds: number;
  /** `quoth --help`: process start, tsx and the CLI's imports, with no library opened. */
  helpMedianSeconds: number;
  answered: number;
}

const cli = path.join(repoRoot, 'bin', 'quoth.js');

export function cliAvailable(): boolean {
  return fs.existsSync(cli) && fs.existsSync(path.join(repoRoot, 'src', 'cli', 'main.ts'));
}

function runOnce(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; stdout: string; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ seconds: (performance.now() - start) / 1000, stdout, code, stderr }));
  });
}

export async function runColdStart(opts: {
  mode: RetrievalMode;
  dataDir: string;
  modelDir: string | null;
  questions: string[];
  log: (line: string) => void;
}): Promise<ColdStartResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EMBEDDING_MODEL: opts.mode === 'hybrid' ? opts.modelDir! : 'none',
    ALLOW_MODEL_DOWNLOAD: '0',
    LOG_LEVEL: 'silent',
  };
  const help: number[] = [];
  for (let i = 0; i < 3; i++) help.push((await runOnce(['--help'], env)).seconds);
  const runs: number[] = [];
  let answered = 0;
  for (const q of opts.questions) {
    const r = await runOnce(['--data-dir', opts.dataDir, 'ask', q, '--json'], env);
    if (r.code !== 0) throw new Error(`quoth ask exited ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
    const parsed = JSON.parse(r.stdout) as { mode: RetrievalMode; abstained: boolean };
    if (parsed.mode !== opts.mode) throw new Error(`quoth ask answered in ${parsed.mode} mode, wanted ${opts.mode}`);
    answered += Number(!parsed.abstained);
    runs.push(r.seconds);
  }
  return {
    mode: opts.mode,
    command:
      'node bin/quoth.js --data-dir DIR ask "…" --json ' +
      `(EMBEDDING_MODEL=${opts.mode === 'hybrid' ? 'the bench model folder' : 'none'})`,
    runs,
    medianSeconds: median(runs),
    helpMedianSeconds: median(help),
    answered,
  };
}
