import fs from 'node:fs';
import os from 'node:os';

/**
 * How much lower (nice +10) a pool worker runs than the bot's main thread. The main thread must
 * acknowledge every interaction within Discord's 3 s; when answers keep every core busy, equal
 * priority gave it only its share of the CPU, so a burst of 1,000 /ask missed acknowledgements
 * with or without the pool. At lower priority the workers take what the main thread leaves.
 */
export const WORKER_NICENESS = 10;

/**
 * Lowers the calling thread's priority. Linux keeps a nice value per thread (setpriority on a
 * thread id), and threads the worker starts later (onnxruntime's) inherit it. Elsewhere, or when
 * not permitted, the worker simply keeps the normal priority.
 */
export function lowerThreadPriority(niceness = WORKER_NICENESS): boolean {
  try {
    const tid = Number(lastSegment(fs.readlinkSync('/proc/thread-self')));
    if (!Number.isInteger(tid) || tid <= 0) return false;
    os.setPriority(tid, Math.min(19, os.getPriority(tid) + niceness));
    return true;
  } catch {
    return false;
  }
}

/** "/proc/<pid>/task/<tid>" → "<tid>". */
function lastSegment(link: string): string {
  return link.slice(link.lastIndexOf('/') + 1);
}
