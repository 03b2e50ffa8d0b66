/**
 * Capped exponential backoff with jitter, for the subscribe loop's retries (DESIGN §4, PROTOCOL §8.3).
 *
 * Why this shape: the seed (Python 3.9) retried every second forever, which hammers a service that is down; the
 * current JS event engine doubles from 2 s up to 150 s and adds up to a second of randomness. pubkit doubles from
 * `baseDelayMs` up to `maxDelayMs` and draws the delay uniformly from the upper half of that step ("equal
 * jitter"): a crowd of clients that lost the same server spreads out, yet no retry comes sooner than half a step.
 * The random draw is passed in (`jitter` in [0, 1)), so the function is pure and tests are exact.
 */

/** How retries back off. */
export interface BackoffPolicy {
  /** Delay step of the first retry, in ms. @default 1000 (the seed's one-second retry, PROTOCOL §8.3) */
  readonly baseDelayMs: number;
  /** Cap of the delay step, in ms. @default 60000 */
  readonly maxDelayMs: number;
}

/** The defaults of {@link BackoffPolicy}. */
export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({ baseDelayMs: 1000, maxDelayMs: 60_000 });

/**
 * The delay before retry number `attempt` (0 for the first retry after a failure).
 * The step is `min(maxDelayMs, baseDelayMs · 2^attempt)`; the delay is `step/2 + jitter · step/2`, rounded down.
 * @param jitter a number in [0, 1), from `Env.random.unit()`
 * @throws RangeError when the policy is not two finite delays with `0 < baseDelayMs ≤ maxDelayMs`
 */
export function backoffDelay(attempt: number, jitter: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const { baseDelayMs, maxDelayMs } = policy;
  if (!(Number.isFinite(baseDelayMs) && Number.isFinite(maxDelayMs) && baseDelayMs > 0 && baseDelayMs <= maxDelayMs)) {
    throw new RangeError(`backoff needs 0 < baseDelayMs <= maxDelayMs, got ${baseDelayMs} and ${maxDelayMs}`);
  }
  // Clamp the exponent so 2^attempt cannot overflow to Infinity after a very long outage.
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 40);
  const step = Math.min(maxDelayMs, baseDelayMs * 2 ** exponent);
  const unit = Math.min(Math.max(jitter, 0), 0.999_999);
  return Math.floor(step / 2 + (unit * step) / 2);
}
