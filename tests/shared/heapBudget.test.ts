import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { HeapBudget } from '../../src/shared/heapBudget.ts';

const MiB = 1024 * 1024;
const used = (): number => v8.getHeapStatistics().used_heap_size;

describe('HeapBudget', () => {
  it('leaves the heap alone while it stays within the slack', () => {
    const budget = new HeapBudget(512 * MiB);
    expect(budget.check()).toBe(false);
  });

  it('collects the garbage a loop left behind once the heap grows past the slack', () => {
    const budget = new HeapBudget(16 * MiB);
    let garbage: string[][] | null = [];
    // ~48 MB of small strings in old-looking arrays, then dropped: dead, but not yet collected.
    for (let i = 0; i < 300; i++) garbage.push(Array.from({ length: 2000 }, (_, j) => `${i}:${j}:${'x'.repeat(40)}`));
    garbage = null;
    const before = used();
    expect(budget.check()).toBe(true);
    expect(used()).toBeLessThan(before - 16 * MiB);
    // Just collected: nothing to do until the heap grows again.
    expect(budget.check()).toBe(false);
  });
});
