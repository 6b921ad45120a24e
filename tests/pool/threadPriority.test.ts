import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WORKER_NICENESS } from '../../src/pool/threadPriority.ts';

/** The nice value of one thread of this process, from /proc. */
function niceOf(tid: number): number {
  const fields = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[16]);
}

const mainTid = (): number => Number(fs.readlinkSync('/proc/thread-self').split('/').pop());

describe.runIf(process.platform === 'linux')('lowerThreadPriority', () => {
  it('lowers the calling worker thread only, not the main thread that acknowledges interactions', async () => {
    const before = niceOf(mainTid());
    const url = new URL('../../src/pool/threadPriority.ts', import.meta.url).href;
    // A plain-JS worker importing the TypeScript module through tsx, as the pool's entry does.
    const worker = new Worker(
      `import { register } from 'tsx/esm/api'; register();
       const { parentPort } = await import('node:worker_threads');
       const fs = await import('node:fs');
       const { lowerThreadPriority } = await import(${JSON.stringify(url)});
       const lowered = lowerThreadPriority();
       const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
       parentPort.postMessage({ lowered, tid });
       parentPort.once('message', () => process.exit(0));`,
      // Node 20.19 detects the module syntax of eval'd worker code.
      { eval: true },
    );
    try {
      const { lowered, tid } = await new Promise<{ lowered: boolean; tid: number }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(lowered).toBe(true);
      expect(niceOf(tid)).toBe(Math.min(19, before + WORKER_NICENESS));
      expect(niceOf(mainTid())).toBe(before);
    } finally {
      await worker.terminate();
    }
  });
});
