/**
 * The server's single source of timetokens (docs/protocol.md §8.2): 17-digit integers in 100 ns units, strictly
 * increasing across the whole server, derived from the injected clock.
 *
 * Why strictly increasing, not just "now": subscribers resume from the last token they saw and the server hands
 * them every message whose token is greater (catch-up, quirk 18). Two publishes in the same millisecond, or a clock
 * that steps back, must still get distinct, ordered tokens, so a token that would not exceed the last one becomes
 * `last + 1`. BigInt because the values exceed 2^53 (quirk 17).
 */
import type { Clock } from '@pubkit/core';

/** A timetoken issued by the server, as BigInt (for comparisons) and as its decimal text (for the wire). */
export interface IssuedTimetoken {
  readonly value: bigint;
  readonly text: string;
}

/** Issues monotonic timetokens from a clock. */
export class TimetokenSource {
  #last = 0n;
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** A fresh token, greater than every token issued before. */
  next(): IssuedTimetoken {
    const now = BigInt(Math.floor(this.#clock.nowMs())) * 10_000n;
    this.#last = now > this.#last ? now : this.#last + 1n;
    return { value: this.#last, text: this.#last.toString() };
  }

  /** The last token issued (0 before the first). Every later message gets a greater one. */
  last(): bigint {
    return this.#last;
  }
}

/**
 * Parses a client cursor (`tt` / the v1 path segment). Missing, empty, `0` or not a number of digits means "now"
 * (docs/protocol.md quirk 2) and yields undefined.
 */
export function parseCursor(text: string | undefined): bigint | undefined {
  if (text === undefined || !/^\d{1,20}$/.test(text)) return undefined;
  const value = BigInt(text);
  return value === 0n ? undefined : value;
}
