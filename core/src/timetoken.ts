/**
 * Timetokens are 17-digit integers in units of 100 ns since the Unix epoch (docs/protocol.md §8.2). They exceed 2^53, so
 * pubkit keeps them as decimal strings end to end and compares them with BigInt, never with Number.
 */

/** A timetoken as a decimal string of digits, e.g. `"17000000000090000"`. `"0"` means "now" on subscribe. */
export type Timetoken = string;

/**
 * True for a string of 1–20 decimal digits (ASCII `0`–`9`). A loop over char codes rather than `/^\d{1,20}$/`: it
 * runs for every delivered message (`p.t`) and every poll, and this is cheaper than a regular expression call.
 */
export function isTimetoken(value: unknown): value is Timetoken {
  if (typeof value !== 'string') return false;
  const n = value.length;
  if (n === 0 || n > 20) return false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Compares two timetokens exactly: negative, zero or positive. */
export function compareTimetokens(a: Timetoken, b: Timetoken): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The later of two timetokens. */
export function maxTimetoken(a: Timetoken, b: Timetoken): Timetoken {
  return compareTimetokens(a, b) >= 0 ? a : b;
}

/** The timetoken for a wall-clock instant in milliseconds (`${ms}0000`). */
export function timetokenFromMs(ms: number): Timetoken {
  return `${Math.floor(ms)}0000`;
}

/** Milliseconds since the epoch for a timetoken (the sub-millisecond digits are dropped). */
export function timetokenToMs(token: Timetoken): number {
  return Number(BigInt(token) / 10000n);
}
