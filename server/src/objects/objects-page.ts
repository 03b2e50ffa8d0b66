/**
 * One page of an App Context listing (docs/protocol.md §14.3): filter, sort, then cut at a cursor.
 *
 * Sort: `sort=key[:asc|:desc]`, repeated or comma-separated, keys from the listing's list; ties are broken by the
 * record's id (ascending) so the order is total. Default: `updated` ascending (PubNub documents that listings are
 * sorted by the last update unless asked otherwise).
 *
 * Cursors are keyset cursors: `next` encodes the sort values of the page's last record, `prev` those of its first,
 * with the sort they were made for (base64url JSON). `start=next` lists the records strictly after it, `end=prev`
 * the `limit` records strictly before it. Because a cursor names a position in the order and not an offset,
 * records added or removed elsewhere never shift a page: no record that stays unchanged is skipped or repeated.
 * A cursor made for another sort, or that does not decode, is a 400. `next` is present only when records follow
 * the page, `prev` only when records precede it.
 */
import type { Exchange } from '../exchange.js';
import type { ObjectsPredicate } from './objects-filter.js';
import { invalidInput, REFUSED, repeatedParam } from './objects-params.js';

/** One sort key. */
export interface SortKey {
  /** Field path in the view, e.g. `['channel', 'name']`. */
  readonly path: readonly string[];
  readonly desc: boolean;
}

/** A listing's sort: its keys and the tie-breaking id path. */
export interface Sort {
  readonly keys: readonly SortKey[];
  readonly tiebreak: readonly string[];
  /** Canonical text, bound into cursors. */
  readonly text: string;
}

type SortValue = string | number | boolean | null;

/**
 * Reads `sort` against the allowed keys.
 * @returns the sort, or `REFUSED` after answering 400
 */
export function sortParam(ex: Exchange, allowed: readonly string[], tiebreak: string): Sort | typeof REFUSED {
  const keys: SortKey[] = [];
  for (const item of repeatedParam(ex, 'sort')) {
    const [name = '', direction = 'asc', ...rest] = item.trim().split(':');
    if (!allowed.includes(name) || rest.length > 0 || (direction !== 'asc' && direction !== 'desc')) {
      invalidInput(
        ex,
        `Invalid sort ${JSON.stringify(item.slice(0, 60))}; expected key[:asc|:desc] with a key of ${allowed.join(', ')}`,
        'sort',
        'query',
      );
      return REFUSED;
    }
    keys.push({ path: name.split('.'), desc: direction === 'desc' });
  }
  if (keys.length === 0) keys.push({ path: ['updated'], desc: false });
  const text = keys.map((k) => `${k.path.join('.')}:${k.desc ? 'desc' : 'asc'}`).join(',');
  return { keys, tiebreak: tiebreak.split('.'), text };
}

/** A page and its cursors. */
export interface Page<T> {
  readonly items: readonly T[];
  /** How many records pass the filter. */
  readonly total: number;
  readonly next?: string | undefined;
  readonly prev?: string | undefined;
}

function read(view: object, path: readonly string[]): SortValue {
  let value: unknown = view;
  for (const step of path) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[step];
  }
  return value === undefined ? null : (value as SortValue);
}

/** Order of types: null first, then booleans, numbers, strings. */
function rankOf(v: SortValue): number {
  if (v === null) return 0;
  const t = typeof v;
  return t === 'string' ? 3 : t === 'number' ? 2 : 1;
}

/** Nulls first, then booleans, numbers, strings; within a type the natural order. */
function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : 1;
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra - rb;
  return (a as string | number) < (b as string | number) ? -1 : 1;
}

function compareKeys(sort: Sort, a: readonly SortValue[], b: readonly SortValue[]): number {
  const keys = sort.keys;
  const n = keys.length;
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return keys[i]!.desc ? -c : c;
  }
  return compareValues(a[n]!, b[n]!);
}

function encodeCursor(sort: Sort, key: readonly SortValue[]): string {
  return Buffer.from(JSON.stringify({ s: sort.text, k: key })).toString('base64url');
}

function decodeCursor(sort: Sort, text: string): SortValue[] | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown };
    if (parsed.s !== sort.text || !Array.isArray(parsed.k) || parsed.k.length !== sort.keys.length + 1)
      return undefined;
    if (!parsed.k.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) return undefined;
    return parsed.k as SortValue[];
  } catch {
    return undefined;
  }
}

/** The listing's `start`/`end` cursor, or `REFUSED` after answering 400. */
export function cursorParams(ex: Exchange, sort: Sort): { start?: SortValue[]; end?: SortValue[] } | typeof REFUSED {
  const out: { start?: SortValue[]; end?: SortValue[] } = {};
  for (const name of ['start', 'end'] as const) {
    const text = ex.query[name];
    if (text === undefined || text === '') continue;
    const key = decodeCursor(sort, text);
    if (!key) {
      invalidInput(ex, `Invalid ${name}: not a page cursor of this listing and sort`, name, 'query');
      return REFUSED;
    }
    out[name] = key;
  }
  return out;
}

/** Sorted rows kept per listing (the latest version of each), so paging costs a binary search and a slice. */
const MAX_CACHED_LISTINGS = 64;
const sortedCache = new Map<string, { readonly version: number; readonly rows: readonly Row<unknown>[] }>();

interface Row<T> {
  readonly record: T;
  readonly key: readonly SortValue[];
}

/** The first index whose key compares `> cursor` (`strict`) or `>= cursor`, by binary search. */
function firstAfter(rows: readonly Row<unknown>[], sort: Sort, cursor: readonly SortValue[], strict: boolean): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareKeys(sort, rows[mid]!.key, cursor);
    if (c > 0 || (!strict && c === 0)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Filters, sorts and cuts `records`. `view` gives what filters and sorts read of a record.
 * `start` wins over `end` when both are given (PubNub: `end` is ignored with `start`).
 *
 * `cache` names the listing (subscribe key, what is listed, sort and filter texts) and the store's version of that
 * subscribe key: while the version holds, the sorted rows are reused, so reading every page of a large listing
 * sorts it once, not once per page.
 */
export function pageOf<T>(
  records: Iterable<T>,
  view: (record: T) => object,
  options: {
    readonly filter?: ObjectsPredicate | undefined;
    readonly sort: Sort;
    readonly limit: number;
    readonly start?: readonly SortValue[] | undefined;
    readonly end?: readonly SortValue[] | undefined;
    readonly cache?: { readonly key: string; readonly version: number } | undefined;
  },
): Page<T> {
  const { filter, sort, limit, cache } = options;
  let rows =
    cache && sortedCache.get(cache.key)?.version === cache.version ? sortedCache.get(cache.key)!.rows : undefined;
  if (!rows) {
    const fresh: Row<T>[] = [];
    for (const record of records) {
      const v = view(record);
      if (filter && !filter(v)) continue;
      const key = sort.keys.map((k) => read(v, k.path));
      key.push(read(v, sort.tiebreak));
      fresh.push({ record, key });
    }
    fresh.sort((a, b) => compareKeys(sort, a.key, b.key));
    rows = fresh;
    if (cache) {
      sortedCache.delete(cache.key);
      if (sortedCache.size >= MAX_CACHED_LISTINGS) sortedCache.delete(sortedCache.keys().next().value!);
      sortedCache.set(cache.key, { version: cache.version, rows });
    }
  }
  let from = 0;
  let to = Math.min(limit, rows.length);
  if (options.start) {
    from = firstAfter(rows, sort, options.start, true);
    to = Math.min(from + limit, rows.length);
  } else if (options.end) {
    to = firstAfter(rows, sort, options.end, false);
    from = Math.max(0, to - limit);
  }
  const page = rows.slice(from, to) as readonly Row<T>[];
  return {
    items: page.map((r) => r.record),
    total: rows.length,
    next: page.length > 0 && to < rows.length ? encodeCursor(sort, page[page.length - 1]!.key) : undefined,
    prev: page.length > 0 && from > 0 ? encodeCursor(sort, page[0]!.key) : undefined,
  };
}
