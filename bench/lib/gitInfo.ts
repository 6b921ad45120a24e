import { spawnSync } from 'node:child_process';
import { repoRoot } from './paths.ts';

/** The commit measured, and whether the work tree differed from it. */
export function gitDescribe(): { commit: string | null; dirty: boolean | null } {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  if (head.status !== 0) return { commit: null, dirty: null };
  const status = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: repoRoot, encoding: 'utf8' });
  return { commit: head.stdout.trim(), dirty: status.status === 0 ? status.stdout.trim().length > 0 : null };
}
