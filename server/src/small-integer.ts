/**
 * Numbers kept per parked long-poll or per presence member (docs/performance.md §3). V8 stores a small integer
 * inside the object that holds it, but any other number — including an integral one that came out of arithmetic on
 * a large number such as `Date.now()` — in a separate 16-byte box. At 10,000 idle subscribers the boxes add up, so
 * deadlines and expiries pass through `smallInteger` before they are stored.
 */

/** `n` itself, as V8's small-integer form when it is a 32-bit integer (then kept unboxed); otherwise unchanged. */
export function smallInteger(n: number): number {
  const i = n | 0;
  return i === n ? i : n;
}
