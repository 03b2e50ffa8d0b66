/**
 * One channel's history range semantics, shared by every store (docs/protocol.md §2.5 quirk 19, §13.2), as bounds
 * a store can apply to its sorted rows:
 *   - start and end both given: the messages between them (either order, the older bound inclusive, the newer
 *     exclusive), the newest `count`; `reverse` ignored;
 *   - start only: without reverse the newest `count` older than start (paging back); with reverse the oldest
 *     `count` newer than start (paging forward);
 *   - end only: messages at or after end; the newest `count`, or with reverse the oldest `count`;
 *   - neither: the newest `count`, or with reverse the oldest `count`.
 */
import type { RangeQuery } from './storage.js';

/** Bounds on the timetoken, and which end of the matching rows to keep. */
export interface Bounds {
  /** Lower bound, undefined for none. */
  readonly lo: bigint | undefined;
  readonly loInclusive: boolean;
  /** Upper bound, undefined for none. */
  readonly hi: bigint | undefined;
  readonly hiInclusive: boolean;
  /** Keep the newest `count` (true) or the oldest (false). */
  readonly newest: boolean;
}

/** The bounds of a range query. */
export function boundsOf(q: Pick<RangeQuery, 'start' | 'end' | 'reverse'>): Bounds {
  const { start, end } = q;
  if (start !== undefined && end !== undefined) {
    return start > end
      ? { lo: end, loInclusive: true, hi: start, hiInclusive: false, newest: true }
      : { lo: start, loInclusive: false, hi: end, hiInclusive: true, newest: true };
  }
  const reverse = q.reverse === true;
  if (start !== undefined) {
    return reverse
      ? { lo: start, loInclusive: false, hi: undefined, hiInclusive: false, newest: false }
      : { lo: undefined, loInclusive: false, hi: start, hiInclusive: false, newest: true };
  }
  if (end !== undefined) return { lo: end, loInclusive: true, hi: undefined, hiInclusive: false, newest: !reverse };
  return { lo: undefined, loInclusive: false, hi: undefined, hiInclusive: false, newest: !reverse };
}

/** True when `tt` lies within the bounds. */
export function inBounds(tt: bigint, b: Bounds): boolean {
  if (b.lo !== undefined && (b.loInclusive ? tt < b.lo : tt <= b.lo)) return false;
  if (b.hi !== undefined && (b.hiInclusive ? tt > b.hi : tt >= b.hi)) return false;
  return true;
}
