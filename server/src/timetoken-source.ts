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

  /**
   * A fresh token, greater than every token issued before. `nowMs` is the clock's reading when the caller already
   * took one for the same event (a publish reads the clock once, docs/performance.md §3).
   * @default nowMs the clock, read now
   */
  next(nowMs: number = this.#clock.nowMs()): IssuedTimetoken {
    const now = BigInt(Math.floor(nowMs)) * 10_000n;
    this.#last = now > this.#last ? now : this.#last + 1n;
    return { value: this.#last, text: this.#last.toString() };
  }

  /** Issues every later token above `tt` (a durable store's last token after a restart, docs/protocol.md §13.1). */
  advanceTo(tt: bigint): void {
    if (tt > this.#last) this.#last = tt;
  }

  /** The last token issued (0 before the first). Every later message gets a greater one. */
  last(): bigint {
    return this.#last;
  }

  /** The newest token that can exist now: the last one issued or the clock's, whichever is later. */
  horizon(): bigint {
    const now = BigInt(Math.floor(this.#clock.nowMs())) * 10_000n;
    return now > this.#last ? now : this.#last;
  }
}

/** A subscribe cursor as the client sent it: a handshake, a resume point, or not a timetoken at all. */
export type SubscribeCursor =
  | { readonly kind: 'handshake' }
  | { readonly kind: 'resume'; readonly value: bigint }
  | { readonly kind: 'invalid' };

/**
 * Reads a subscribe `tt` (v2 query, v1 path segment). Missing, empty or `0` is a handshake (docs/protocol.md quirk 2);
 * 1–20 decimal digits resume; anything else (signs, letters, fractions, 21+ digits) is invalid and answers 400
 * (issue 9 item 10) rather than being taken for a handshake.
 */
export function readSubscribeCursor(text: string | undefined): SubscribeCursor {
  if (text === undefined || text === '') return { kind: 'handshake' };
  if (!/^\d{1,20}$/.test(text)) return { kind: 'invalid' };
  const value = BigInt(text);
  return value === 0n ? { kind: 'handshake' } : { kind: 'resume', value };
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
