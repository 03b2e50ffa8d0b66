/**
 * The query of an App Context listing (docs/protocol.md §14.3), read once for users, channels, memberships and
 * members alike: `include`, `limit`, `count`, `filter`, `sort`, `start`/`end`. Each is checked strictly; the first
 * refused one is answered 400 and the listing (or the change it follows) does not happen.
 */
import type { ObjectsFilterTarget } from '@pubkit/core';
import { PubnubFilterSyntaxError } from '@pubkit/core';
import type { Exchange } from '../exchange.js';
import { type ObjectsPredicate, objectsFilter } from './objects-filter.js';
import { cursorParams, type Page, type Sort, sortParam } from './objects-page.js';
import { countFlag, includeParam, invalidInput, limitParam, REFUSED } from './objects-params.js';

/** What a listing accepts. */
export interface ListingRules {
  readonly includes: readonly string[];
  readonly target: ObjectsFilterTarget;
  readonly sortKeys: readonly string[];
  /** The id path that breaks ties (`id`, `channel.id`, `uuid.id`). */
  readonly tiebreak: string;
}

/** The parsed query of a listing. */
export interface Listing {
  readonly include: ReadonlySet<string>;
  readonly limit: number;
  readonly count: boolean;
  readonly filter: ObjectsPredicate | undefined;
  /** The filter's text ('' for none), part of the listing's cache key. */
  readonly filterText: string;
  readonly sort: Sort;
  readonly cursors: Exclude<ReturnType<typeof cursorParams>, typeof REFUSED>;
}

function filterParam(ex: Exchange, target: ObjectsFilterTarget): ObjectsPredicate | undefined | typeof REFUSED {
  const text = ex.query.filter;
  if (text === undefined || text === '') return undefined;
  const filter = objectsFilter(text, target);
  if (!(filter instanceof PubnubFilterSyntaxError)) return filter;
  invalidInput(ex, filter.message, 'filter', 'query');
  return REFUSED;
}

/** Reads a listing's query; `REFUSED` after answering 400. */
export function readListing(ex: Exchange, rules: ListingRules): Listing | typeof REFUSED {
  const include = includeParam(ex, rules.includes);
  if (include === REFUSED) return REFUSED;
  const limit = limitParam(ex);
  if (limit === REFUSED) return REFUSED;
  const count = countFlag(ex);
  if (count === REFUSED) return REFUSED;
  const filter = filterParam(ex, rules.target);
  if (filter === REFUSED) return REFUSED;
  const sort = sortParam(ex, rules.sortKeys, rules.tiebreak);
  if (sort === REFUSED) return REFUSED;
  const cursors = cursorParams(ex, sort);
  if (cursors === REFUSED) return REFUSED;
  return { include, limit, count, filter, filterText: ex.query.filter ?? '', sort, cursors };
}

/** The JSON text of a listing answer: `data`, `totalCount` when `count` asked for it, `next`, `prev`. */
export function listingJson(listing: Listing, page: Page<unknown>, data: readonly object[]): string {
  const body: Record<string, unknown> = { status: 200, data };
  if (listing.count) body.totalCount = page.total;
  if (page.next !== undefined) body.next = page.next;
  if (page.prev !== undefined) body.prev = page.prev;
  return JSON.stringify(body);
}

/** The `pageOf` cache entry of a listing: `what` names the list (`uuid`, `channel`, `membership\n{uuid}` …). */
export function listingCache(sub: string, what: string, listing: Listing, version: number) {
  return { key: JSON.stringify([sub, what, listing.sort.text, listing.filterText]), version };
}
