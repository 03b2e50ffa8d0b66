/**
 * How a public `Pubnub` method becomes a call, the same for every method:
 *
 * - `seedCall`: the closed check, then the seed's two modes (`seed-mode.ts`). The closed check runs inside
 *   `runSeed`, so in async mode a call on a closed client reaches the `error` callback rather than throwing.
 * - `splitOptional`: the seed lets an optional leading argument be skipped (`hereNow(opts)`), so an options object
 *   in first place is taken as the options.
 */
import { PubnubStateError } from '@pubkit/core';
import type { ClientRuntime } from './runtime.js';
import { type CallOptions, runSeed, type SeedResult } from './seed-mode.js';

/**
 * Runs `start` in the mode `options` select, failing with `PubnubStateError` once `closed()` is true.
 * @param start validates, sends and returns the result promise; a synchronous throw is a validation error
 */
export function seedCall<T, O>(
  runtime: ClientRuntime,
  closed: () => boolean,
  options: CallOptions<T> | undefined,
  operation: string,
  start: () => Promise<T>,
): SeedResult<T, O> {
  return runSeed(options, runtime, operation, () => {
    if (closed()) throw new PubnubStateError('the client is closed', { operation });
    return start();
  }) as SeedResult<T, O>;
}

/**
 * Lets an optional leading argument be skipped: `hereNow(opts)` is `hereNow(undefined, opts)`, and the seed's
 * `hereNow(null)` / `hereNow(null, opts)` are `hereNow(undefined, opts)` (issue 10).
 */
export function splitOptional<A, O>(
  first: A | O | null | undefined,
  options: O | undefined,
): [A | undefined, O | undefined] {
  if (first === null) return [undefined, options];
  if (first !== undefined && typeof first === 'object' && !Array.isArray(first)) return [undefined, first as O];
  return [first as A | undefined, options];
}
