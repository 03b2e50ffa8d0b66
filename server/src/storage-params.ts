/**
 * Query parameters of the storage endpoints (docs/protocol.md §13.2–§13.5), read strictly: a timetoken that is not
 * 1–19 digits or a count that is not a positive integer is refused with 400, never taken as "absent" (unlike the
 * subscribe cursor, where PubNub reads garbage as "now", quirk 2).
 */
import type { Exchange } from './exchange.js';
import { serviceError } from './reply.js';

/** A parameter that was refused: the handler has answered 400. */
export const REFUSED = Symbol('refused');

/** Most digits of a timetoken the stores keep (a signed 64-bit integer holds 18 full digits and more). */
const TIMETOKEN = /^\d{1,19}$/;

/**
 * Reads an optional timetoken parameter.
 * @returns the value, undefined when absent or empty, or `REFUSED` after answering 400
 */
export function timetokenParam(ex: Exchange, name: string, service: string): bigint | undefined | typeof REFUSED {
  const text = ex.query[name];
  if (text === undefined || text === '') return undefined;
  if (TIMETOKEN.test(text) && BigInt(text) <= 9_223_372_036_854_775_807n) return BigInt(text);
  ex.reply(
    400,
    serviceError(
      400,
      `Invalid ${name}: expected a timetoken of digits, got ${JSON.stringify(text.slice(0, 40))}`,
      service,
    ),
  );
  return REFUSED;
}

/**
 * Reads an optional count parameter: a positive integer, clamped to `max`.
 * @returns the value (`fallback` when absent), or `REFUSED` after answering 400
 */
export function countParam(
  ex: Exchange,
  name: string,
  fallback: number,
  max: number,
  service: string,
): number | typeof REFUSED {
  const text = ex.query[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (/^\d{1,9}$/.test(text) && n >= 1) return Math.min(n, max);
  ex.reply(
    400,
    serviceError(
      400,
      `Invalid ${name}: expected an integer from 1 to ${max}, got ${JSON.stringify(text.slice(0, 40))}`,
      service,
    ),
  );
  return REFUSED;
}

/** A range parameter pair as the stores take it. */
export function rangeParams(ex: Exchange, service: string): { start?: bigint; end?: bigint } | typeof REFUSED {
  const start = timetokenParam(ex, 'start', service);
  if (start === REFUSED) return REFUSED;
  const end = timetokenParam(ex, 'end', service);
  if (end === REFUSED) return REFUSED;
  return { ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) };
}
