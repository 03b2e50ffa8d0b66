/**
 * Answers and query parameters of the App Context endpoints (docs/protocol.md §14.2, §14.3).
 *
 * Errors use the objects service's body `{"status":N,"error":{"message":…,"source":"objects","details":[{"message",
 * "location","locationType"}]}}`; `details` names the offending parameter (`locationType` `query`, `path`,
 * `header`) or body field (`body`). Every parameter is read strictly: a value that is not understood is a 400,
 * never taken as absent.
 */
import { parseQuery } from '@pubkit/core';
import type { Exchange } from '../exchange.js';
import type { BodyRule } from '../router.js';
import { MAX_OBJECTS_BODY_BYTES, MAX_OBJECTS_PAGE } from './objects-limits.js';

/** A parameter that was refused: the handler has answered. */
export const REFUSED = Symbol('refused');

/** Where an error points. */
export interface ErrorDetail {
  readonly message: string;
  readonly location: string;
  readonly locationType: 'query' | 'path' | 'body' | 'header';
}

/** Answers an error in the objects service's shape. */
export function objectsError(ex: Exchange, status: number, message: string, detail?: ErrorDetail): void {
  const error = detail ? { message, source: 'objects', details: [detail] } : { message, source: 'objects' };
  ex.reply(status, JSON.stringify({ status, error }));
}

/** Answers 400 "invalid input" pointing at `location`. */
export function invalidInput(ex: Exchange, why: string, location: string, locationType: ErrorDetail['locationType']) {
  objectsError(ex, 400, 'Request contained invalid parameters.', { message: why, location, locationType });
}

/**
 * The `include` list, each name checked against `allowed`.
 * @returns the set (empty when absent), or `REFUSED` after answering 400
 */
export function includeParam(ex: Exchange, allowed: readonly string[]): Set<string> | typeof REFUSED {
  const text = ex.query.include;
  const names = text === undefined || text === '' ? [] : text.split(',');
  const unknown = names.filter((n) => !allowed.includes(n));
  if (unknown.length === 0) return new Set(names);
  invalidInput(
    ex,
    `Unknown include ${JSON.stringify(unknown[0]!.slice(0, 60))}; expected some of ${allowed.join(', ')}`,
    'include',
    'query',
  );
  return REFUSED;
}

/**
 * `limit`: 0 to 100 (PubNub's maximum and default, docs/protocol.md §14.3).
 * @returns the value, or `REFUSED` after answering 400
 */
export function limitParam(ex: Exchange): number | typeof REFUSED {
  const text = ex.query.limit;
  if (text === undefined || text === '') return MAX_OBJECTS_PAGE;
  if (/^\d{1,4}$/.test(text) && Number(text) <= MAX_OBJECTS_PAGE) return Number(text);
  invalidInput(ex, `limit must be an integer from 0 to ${MAX_OBJECTS_PAGE}`, 'limit', 'query');
  return REFUSED;
}

/**
 * `count`: `true`/`false` (`1`/`0` too).
 * @returns the value, or `REFUSED` after answering 400
 */
export function countFlag(ex: Exchange): boolean | typeof REFUSED {
  const text = ex.query.count;
  if (text === undefined || text === '' || text === 'false' || text === '0') return false;
  if (text === 'true' || text === '1') return true;
  invalidInput(ex, 'count must be true or false', 'count', 'query');
  return REFUSED;
}

/**
 * Every value of a repeated query parameter (`sort=name:asc&sort=updated`, as the SDKs send lists), read from the
 * raw request target: the router's decoded query keeps only the last one.
 */
export function repeatedParam(ex: Exchange, name: string): string[] {
  const url = ex.req.url ?? '';
  const q = url.indexOf('?');
  if (q < 0) return [];
  const values: string[] = [];
  for (const part of url.slice(q + 1).split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (key !== name && key !== encodeURIComponent(name)) continue;
    const decoded = parseQuery(part);
    const value = decoded?.[name];
    if (value !== undefined && value !== '') values.push(...value.split(','));
  }
  return values;
}

/** How App Context PATCH bodies are read: at most `MAX_OBJECTS_BODY_BYTES`, errors in the objects shape. */
export const OBJECTS_BODY: BodyRule = {
  methods: ['PATCH'],
  maxBytes: MAX_OBJECTS_BODY_BYTES,
  refuse: (why) => {
    const [status, message] =
      why === 'too-large'
        ? [413, `Request Entity Too Large: the body is over ${MAX_OBJECTS_BODY_BYTES} bytes`]
        : [400, why === 'bad-encoding' ? 'Invalid Content-Encoding' : 'Invalid UTF-8 in the request body'];
    return [status, JSON.stringify({ status, error: { message, source: 'objects' } })];
  },
};
