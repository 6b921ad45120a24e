// The fault suite's tools: the real CLI started and killed with SIGKILL at a chosen moment, and the
// invariants a library must hold after the next open, whatever moment the kill hit.
import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import { onlyJson, QUOTH_BIN, REPO_ROOT, runQuoth, type RunResult } from '../helpers/runCli.ts';

/** Starts the real CLI and kills it with SIGKILL after `killAfterMs` (if it is still running). */
export function runAndKill(
  args: string[],
  env: Record<string, string>,
  killAfterMs: number,
): Promise<RunResult & { killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [QUOTH_BIN, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      killed = child.exitCode === null && child.kill('SIGKILL');
    }, killAfterMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, killed });
    });
  });
}

/** Times a command that is not killed, so rounds can aim their kills inside its run. */
export async function timed(args: string[], env: Record<string, string>): Promise<{ result: RunResult; ms: number }> {
  const t0 = performance.now();
  const result = await runQuoth(args, env);
  return { result, ms: performance.now() - t0 };
}

/** A one-line error: no stack trace, no "at file:line" frames, no raw native messages. */
export function expectOneLineError(r: RunResult): void {
  expect(r.code, r.stderr).toBe(1);
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('npm warn'));
  expect(lines, r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

export interface LibraryFacts {
  articles: { articleId: string; title: string }[];
  chunks: number;
  vectors: number;
  mode: string;
}

/** The library as the CLI reports it after the next open: list, stats, and every article's text. */
export async function readLibrary(env: Record<string, string>): Promise<LibraryFacts> {
  const stats = await runQuoth(['stats', '--json'], env);
  expect(stats.code, stats.stderr).toBe(0);
  const s = onlyJson(stats);
  const list = await runQuoth(['list', '--json'], env);
  expect(list.code, list.stderr).toBe(0);
  return { articles: onlyJson(list).articles, chunks: s.chunks, vectors: s.vectors, mode: s.mode };
}

/** The answer quotes (and, if given, contains `expected`), each quote a verbatim slice of its article. */
export async function expectVerbatimAnswer(
  question: string,
  expected: string | null,
  env: Record<string, string>,
): Promise<void> {
  const ask = await runQuoth(['ask', question, '--json'], env);
  expect(ask.code, ask.stderr).toBe(0);
  const answer = onlyJson(ask);
  expect(answer.abstained, question).toBe(false);
  if (expected !== null) expect(answer.quotes.map((q: { text: string }) => q.text).join(' ')).toContain(expected);
  for (const q of answer.quotes as { articleId: string; text: string; start: number; end: number }[]) {
    const show = await runQuoth(['show', q.articleId, '--json'], env);
    expect(show.code, show.stderr).toBe(0);
    expect(onlyJson(show).text.slice(q.start, q.end)).toBe(q.text);
  }
}
