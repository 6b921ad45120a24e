import v8 from 'node:v8';
import vm from 'node:vm';

const MiB = 1024 * 1024;

/**
 * Keeps a long-running loop's garbage from growing the heap far past what it keeps alive. V8 sizes
 * its old generation by allocation rate: a 600 MB JSON Lines ingest keeps ≈45 MB live but let
 * ≈250 MB of dead articles pile up between full collections, which is most of its peak RSS (issue
 * 12: ≤ 500 MiB). A process cannot lower its own heap limit once started (`--max-old-space-size`
 * is read at start-up only), so the loop calls `check()` at safe points and this runs a full
 * collection when the heap has grown `slackBytes` past what the last one left alive.
 */
export class HeapBudget {
  private live: number;

  constructor(private readonly slackBytes = 96 * MiB) {
    this.live = usedHeap();
  }

  /** Cheap (reads V8's counters); collects only when over budget. True when it collected. */
  check(): boolean {
    if (usedHeap() < this.live + this.slackBytes) return false;
    collectGarbage();
    this.live = usedHeap();
    return true;
  }
}

function usedHeap(): number {
  return v8.getHeapStatistics().used_heap_size;
}

let gc: (() => void) | null = null;

/**
 * `global.gc` exists only with `--expose-gc` on the command line; the flag set at run time exposes
 * it to contexts created afterwards, so a fresh context hands the function over, and the flag is
 * turned off again so nothing else sees it.
 */
function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
    v8.setFlagsFromString('--no-expose-gc');
  }
  gc();
}
