import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const QUOTH_BIN = path.join(REPO_ROOT, 'bin/quoth.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a bin/ script in a child process, as a user would, with `env` added to a clean environment;
 * `root` is the project checkout it runs from.
 */
export function runBin(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  stdin?: string,
  root = REPO_ROOT,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, script), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

export function runQuoth(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return runBin('bin/quoth.js', args, env);
}

/** Parses the single JSON object a --json command must print on stdout. */
export function onlyJson(r: RunResult): any {
  const lines = r.stdout.trim().split('\n');
  if (lines.length !== 1)
    throw new Error(`expected one JSON line on stdout, got ${lines.length}:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return JSON.parse(lines[0]!);
}
