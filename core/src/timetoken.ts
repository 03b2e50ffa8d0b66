/**
 * Timetokens are 17-digit integers in units of 100 ns since the Unix epoch (PROTOCOL §8.2). They exceed 2^53, so
 * pubkit keeps them as decimal strings end to end and compares them with BigInt, never with Number.
 */

/** A timetoken as a decimal string of digits, e.g. `"17000000000090000"`. `"0"` means "now" on subscribe. */
export type Timetoken = string;

const DIGITS = /^\d{1,20}$/;

/** True for a string of 1–20 decimal digits. */
export function isTimetoken(value: unknown): value is Timetoken {
  return typeof value === 'string' && DIGITS.test(value);
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
