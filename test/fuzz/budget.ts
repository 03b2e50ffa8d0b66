/**
 * How much each fuzz property runs (docs/testing.md §3): thousands of inputs per run, bounded in time so `npm test`
 * stays quick on a loaded 2-core machine. `FUZZ_RUNS` raises the count (and `FUZZ_SECONDS` the time cap) for a
 * longer local hunt; `FUZZ_SEED` replays a failing run (fast-check prints the seed and path of any failure).
 * Under CI (`CI` set) the seed is fixed, so a landing is judged on the same generated inputs every time and cannot
 * turn red on a seed nobody chose; local runs draw a new seed each time and keep hunting (docs/testing.md §3).
 */
import { PubnubError } from '@pubkit/core';
import type fc from 'fast-check';

const runs = Number(process.env.FUZZ_RUNS ?? '') || 1500;
const seconds = Number(process.env.FUZZ_SECONDS ?? '') || 3;
/** The seed CI replays when no `FUZZ_SEED` is given. */
const CI_SEED = 20261203;
const seed =
  process.env.FUZZ_SEED !== undefined
    ? Number(process.env.FUZZ_SEED)
    : process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false'
      ? CI_SEED
      : undefined;

/** fast-check parameters of one property: `runs` inputs or `seconds` of generating, whichever ends first. */
export function budget(scale = 1): fc.Parameters<unknown> {
  return {
    numRuns: Math.max(1, Math.round(runs * scale)),
    interruptAfterTimeLimit: seconds * 1000,
    markInterruptAsFailure: false,
    ...(seed === undefined ? {} : { seed }),
  };
}

/** Mocha timeout for a test running one property: the time cap plus room for a slow machine. */
export const TEST_TIMEOUT_MS = seconds * 1000 * 4 + 10_000;

/** Runs `fn`; an exception must be a `PubnubError` (typed, with a `code`), anything else fails with its story. */
export function typedOrNothing<T>(what: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PubnubError && typeof err.code === 'string' && err.message !== '') return undefined;
    const name = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    throw new Error(`${what} threw an untyped error: ${name}`, { cause: err });
  }
}
