/**
 * The listing options every App Context listing shares (docs/protocol.md §14.7): `filter`, `sort`, `limit` and `page`,
 * and the paged answer `{ status, data, totalCount?, next?, prev? }`.
 *
 * Wire form: `filter=<expression>`, `sort=name:asc,updated:desc` (one comma list; a key with no direction is sent
 * bare and sorts ascending), `limit=1..100`, `start=<next cursor>` or `end=<prev cursor>`.
 */
import { PubnubValidationError } from '../errors.js';
import type { Operation } from '../request.js';
import { isRecord } from '../response.js';

/** Largest page of an App Context listing (also the service's default). */
export const MAX_OBJECTS_LIMIT = 100;

/** A sort direction; `null` takes the service's default (ascending). */
export type SortDirection = 'asc' | 'desc' | null;

/** Cursors of a paged answer: `next` continues forward, `prev` goes back. */
export interface ObjectsPage {
  readonly next?: string | undefined;
  readonly prev?: string | undefined;
}

/** Options of every App Context listing. */
export interface ObjectsListParams<SortKey extends string> {
  /** A filter expression of the objects filter language, e.g. `name LIKE 'a*' && custom.team == "red"`. */
  readonly filter?: string | undefined;
  /** Sort keys in order of precedence, each `'asc'`, `'desc'` or `null`. */
  readonly sort?: Readonly<Partial<Record<SortKey, SortDirection>>> | undefined;
  /** Page size, 1–100. @default 100 */
  readonly limit?: number | undefined;
  /** Where to resume: the `next` or `prev` of an earlier answer (`next` wins when both are given). */
  readonly page?: ObjectsPage | undefined;
}

/** Sort keys of a user or channel listing. */
export type MetadataSortKey = 'id' | 'name' | 'updated' | 'status' | 'type';
/** Sort keys of a memberships listing. */
export type MembershipsSortKey = `channel.${MetadataSortKey}` | 'updated' | 'status' | 'type';
/** Sort keys of a channel-members listing. */
export type MembersSortKey = `uuid.${MetadataSortKey}` | 'updated' | 'status' | 'type';

/** Which sort keys a listing takes. */
export type SortKind = 'metadata' | 'memberships' | 'members';

const OWN_KEYS = ['id', 'name', 'updated', 'status', 'type'] as const;
const RELATION_KEYS = ['updated', 'status', 'type'] as const;

function sortKeys(kind: SortKind): readonly string[] {
  if (kind === 'metadata') return OWN_KEYS;
  const prefix = kind === 'memberships' ? 'channel' : 'uuid';
  return [...OWN_KEYS.map((k) => `${prefix}.${k}`), ...RELATION_KEYS];
}

/**
 * The query parameters of a listing's `filter`, `sort`, `limit` and `page`.
 * @throws PubnubValidationError for a filter that is not a string, an unknown sort key or direction, a limit that
 *   is not an integer from 1 to 100, or a page cursor that is not a non-empty string
 */
export function listQuery(
  params: ObjectsListParams<string>,
  kind: SortKind,
  operation: Operation,
): Record<string, string> {
  const query: Record<string, string> = {};
  const { filter, sort, limit, page } = params;
  if (filter !== undefined && filter !== '') {
    if (typeof filter !== 'string') {
      throw new PubnubValidationError('filter', 'filter must be a string expression', { operation });
    }
    query.filter = filter;
  }
  if (sort !== undefined) {
    const value = sortValue(sort, kind, operation);
    if (value !== '') query.sort = value;
  }
  if (limit !== undefined) {
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_OBJECTS_LIMIT) {
      throw new PubnubValidationError('limit', `limit must be an integer from 1 to ${MAX_OBJECTS_LIMIT}`, {
        operation,
      });
    }
    query.limit = String(limit);
  }
  if (page !== undefined) {
    if (!isRecord(page)) throw new PubnubValidationError('page', 'page must be { next } or { prev }', { operation });
    const next = cursor(page.next, 'page.next', operation);
    const prev = cursor(page.prev, 'page.prev', operation);
    if (next !== undefined) query.start = next;
    else if (prev !== undefined) query.end = prev;
  }
  return query;
}

function cursor(value: unknown, field: string, operation: Operation): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new PubnubValidationError(field, `${field} must be a cursor string from an earlier answer`, { operation });
  }
  return value;
}

function sortValue(sort: unknown, kind: SortKind, operation: Operation): string {
  if (!isRecord(sort)) {
    throw new PubnubValidationError('sort', "sort must be an object such as { name: 'asc' }", { operation });
  }
  const allowed = sortKeys(kind);
  const parts: string[] = [];
  for (const [key, direction] of Object.entries(sort)) {
    if (!allowed.includes(key)) {
      throw new PubnubValidationError(`sort.${key}`, `sort.${key} is not a sort key; use ${allowed.join(', ')}`, {
        operation,
      });
    }
    if (direction === undefined) continue;
    if (direction !== null && direction !== 'asc' && direction !== 'desc') {
      throw new PubnubValidationError(`sort.${key}`, `sort.${key} must be 'asc', 'desc' or null`, { operation });
    }
    parts.push(direction === null ? key : `${key}:${direction}`);
  }
  return parts.join(',');
}
