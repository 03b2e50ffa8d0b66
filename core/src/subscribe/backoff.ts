/**
 * Capped exponential backoff with additive jitter, and the retry limit, for the subscribe loop (docs/architecture.md §4,
 * docs/protocol.md §8.3).
 *
 * Why this shape: the seed (Python 3.9) retried every second forever, which hammers a service that is down; the
 * current JS event engine doubles from 2 s up to 150 s and adds up to a second of randomness
 * (`min(2·2^n, 150) + random` s). pubkit does the same with its own numbers, exactly as the client option
 * `retry` documents it (`RetryOptions` in `config.ts`): the step doubles from `baseDelayMs` up to `maxDelayMs`, and
 * up to `jitterMs` of randomness is added on top, so a crowd of clients that lost the same server spreads out.
 * (An earlier version drew from the upper half of the step instead; it disagreed with the documented option, so
 * the option's rule won.) The random draw is passed in (`jitter` in [0, 1)), so the function is pure and tests are
 * exact.
 */

/** How retries back off. */
export interface BackoffPolicy {
  /** Delay step of the first retry, in ms; 0 retries at once (plus jitter). @default 1000 (the seed's 1 s) */
  readonly baseDelayMs: number;
  /** Cap of the delay step, in ms (jitter comes on top). @default 32000 */
  readonly maxDelayMs: number;
  /** Up to this many ms of random delay added to every step. @default 1000 */
  readonly jitterMs: number;
}

/** Backoff plus the limit on retries. Structurally the client's `RetryConfig`, so it is passed through as is. */
export interface RetryPolicy extends BackoffPolicy {
  /**
   * Retryable failures in a row before the loop gives up: the failure that makes the count reach `maxAttempts`
   * is not retried but reported as `error`, and the loop stops until `reconnectRequested` or `subsChanged`.
   * `0` (the client's `retry: false`) and `1` both mean "never retry". @default Infinity (retry forever)
   */
  readonly maxAttempts: number;
}

/** The defaults of {@link RetryPolicy}: the same as the client option `retry` (`config.ts`). */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  baseDelayMs: 1000,
  maxDelayMs: 32_000,
  jitterMs: 1000,
  maxAttempts: Number.POSITIVE_INFINITY,
});

/** The defaults of {@link BackoffPolicy}. */
export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({
  baseDelayMs: DEFAULT_RETRY.baseDelayMs,
  maxDelayMs: DEFAULT_RETRY.maxDelayMs,
  jitterMs: DEFAULT_RETRY.jitterMs,
});

/**
 * Checks a retry policy, so a bad one fails where it is given rather than at the first failure, deep in a loop.
 * @throws RangeError unless `0 ≤ baseDelayMs ≤ maxDelayMs`, `jitterMs ≥ 0` (all finite) and `maxAttempts ≥ 0`
 */
export function checkRetryPolicy(policy: RetryPolicy): RetryPolicy {
  checkBackoff(policy);
  const { maxAttempts } = policy;
  if (!(maxAttempts >= 0 && (Number.isInteger(maxAttempts) || maxAttempts === Number.POSITIVE_INFINITY))) {
    throw new RangeError(`retry needs maxAttempts to be a whole number >= 0 or Infinity, got ${maxAttempts}`);
  }
  return policy;
}

function checkBackoff({ baseDelayMs, maxDelayMs, jitterMs }: BackoffPolicy): void {
  const finite = Number.isFinite(baseDelayMs) && Number.isFinite(maxDelayMs) && Number.isFinite(jitterMs);
  if (!(finite && baseDelayMs >= 0 && baseDelayMs <= maxDelayMs && jitterMs >= 0)) {
    throw new RangeError(
      `backoff needs 0 <= baseDelayMs <= maxDelayMs and jitterMs >= 0, got ${baseDelayMs}, ${maxDelayMs}, ${jitterMs}`,
    );
  }
}

/**
 * The delay before retry number `attempt` (0 for the first retry after a failure).
 * The step is `min(maxDelayMs, baseDelayMs · 2^attempt)`; the delay is `step + jitter · jitterMs`, rounded down.
 * @param jitter a number in [0, 1), from `Env.random.unit()`
 * @default policy DEFAULT_BACKOFF
 * @throws RangeError when the policy is not `0 ≤ baseDelayMs ≤ maxDelayMs`, `jitterMs ≥ 0`, all finite
 */
export function backoffDelay(attempt: number, jitter: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  checkBackoff(policy);
  // Clamp the exponent so 2^attempt cannot overflow to Infinity after a very long outage.
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 40);
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const unit = Math.min(Math.max(jitter, 0), 0.999_999);
  return Math.floor(step + unit * policy.jitterMs);
}

/** True when a retryable failure that brings the run of failures to `failures` must not be retried. */
export function retriesExhausted(failures: number, policy: Pick<RetryPolicy, 'maxAttempts'>): boolean {
  return failures >= Math.max(1, policy.maxAttempts);
}
