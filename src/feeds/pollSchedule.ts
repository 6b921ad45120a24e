// When a feed is polled next: the interval adapts to how often the feed changes (halved after a
// change, stretched by half after a quiet poll) within 10 minutes and 6 hours, and failures back off
// exponentially from the minimum, so a broken feed costs little and a recovered one resumes quickly.

export const MIN_INTERVAL_S = 10 * 60;
export const MAX_INTERVAL_S = 6 * 60 * 60;
export const DEFAULT_INTERVAL_S = 60 * 60;

export type PollOutcome = 'changed' | 'unchanged' | 'failed' | 'capped';

export interface Schedule {
  intervalS: number;
  failures: number;
  /** Epoch milliseconds. */
  nextPollAt: number;
}

export function nextSchedule(
  current: { intervalS: number; failures: number },
  outcome: PollOutcome,
  nowMs: number,
): Schedule {
  const clamp = (s: number): number => Math.round(Math.min(MAX_INTERVAL_S, Math.max(MIN_INTERVAL_S, s)));
  switch (outcome) {
    case 'failed': {
      const failures = current.failures + 1;
      const delayS = clamp(MIN_INTERVAL_S * 2 ** (failures - 1));
      return { intervalS: current.intervalS, failures, nextPollAt: nowMs + delayS * 1000 };
    }
    case 'capped':
      // Items were left for the next poll: come back at the minimum interval to take them.
      return { intervalS: clamp(current.intervalS / 2), failures: 0, nextPollAt: nowMs + MIN_INTERVAL_S * 1000 };
    case 'changed': {
      const intervalS = clamp(current.intervalS / 2);
      return { intervalS, failures: 0, nextPollAt: nowMs + intervalS * 1000 };
    }
    case 'unchanged': {
      const intervalS = clamp(current.intervalS * 1.5);
      return { intervalS, failures: 0, nextPollAt: nowMs + intervalS * 1000 };
    }
  }
}
