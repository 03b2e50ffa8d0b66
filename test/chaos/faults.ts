/**
 * The faults the chaos suite fires at random (docs/testing.md §1): drops, 5xx, 429 with Retry-After, delays and
 * stalled long-polls on publish, subscribe, presence and history. `/time/0` is left alone: the rig uses it to see
 * that a restarted server is up.
 */
import type { FaultsOption } from '@pubkit/server';

/** The chaos rules, seeded. */
export function chaosFaults(seed: number): FaultsOption {
  return {
    seed,
    rules: [
      { route: 'publish', fault: 'drop', probability: 0.004 },
      { route: 'publish', fault: 'status', status: 503, probability: 0.004 },
      { route: 'publish', fault: 'status', status: 500, probability: 0.004 },
      { route: 'publish', fault: 'status', status: 429, retryAfterSec: 1, probability: 0.002 },
      { route: 'publish', fault: 'delay', ms: 150, probability: 0.01 },
      { route: 'subscribe', fault: 'drop', probability: 0.02 },
      { route: 'subscribe', fault: 'status', status: 500, probability: 0.02 },
      { route: 'subscribe', fault: 'status', status: 503, probability: 0.01 },
      { route: 'subscribe', fault: 'status', status: 429, retryAfterSec: 1, probability: 0.01 },
      { route: 'subscribe', fault: 'stall', ms: 1_500, probability: 0.02 },
      { route: 'subscribe', fault: 'delay', ms: 250, probability: 0.05 },
      { route: 'presence', fault: 'status', status: 503, probability: 0.1 },
      { route: 'presence', fault: 'drop', probability: 0.05 },
      { route: 'history', fault: 'status', status: 503, probability: 0.1 },
      { route: 'history', fault: 'drop', probability: 0.05 },
    ],
  };
}
