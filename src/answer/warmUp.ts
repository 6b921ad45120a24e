import { nlp } from '../text/nlp.ts';
import { priorZipf } from './termWeights.ts';

/**
 * Loads what the first question would otherwise load while its asker waits: the English model
 * (~150 ms) and the general-English term table (~100 ms). A process behind a load
 * balancer calls it before it takes traffic, so its first requests are not held up behind them.
 */
export function warmUpAnswering(): void {
  nlp().readDoc('Warm up.').tokens().out();
  priorZipf('the');
}
