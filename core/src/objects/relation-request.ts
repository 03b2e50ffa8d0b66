/**
 * The requests of memberships (a user's channels) and members (a channel's users), built once for both sides of
 * the relation (docs/protocol.md §14.2):
 *
 * GET   /v2/objects/{sub}/uuids/{uuid}/channels?include=…&count=…&filter=…&sort=…&limit=…&start|end=…
 * PATCH /v2/objects/{sub}/uuids/{uuid}/channels?…   body {"set":[{"channel":{"id"},"custom","status","type"}],
 *                                                         "delete":[{"channel":{"id"}}]}
 * and the same under `/channels/{channel}/uuids` with `uuid` in place of `channel`. A PATCH answers with a page of
 * the relations after the change, as a GET would.
 */
import type { RequestContext } from '../context.js';
import { PubnubValidationError } from '../errors.js';
import type { Operation, PnRequest } from '../request.js';
import { isRecord } from '../response.js';
import { validateChannel, validateUuid } from '../validation.js';
import { type ObjectCustom, validateCustom, validateText } from './custom-data.js';
import { includeQuery } from './include.js';
import { listQuery, type ObjectsListParams } from './list-query.js';
import { objectsPath, objectsRequest } from './metadata-request.js';

/** Most relations one set, remove or manage call may change (set and remove together). */
export const MAX_RELATION_CHANGES = 100;
/** Longest `status` or `type` of a membership, in characters. */
export const MAX_RELATION_TEXT = 50;

/** One relation to set: the other side's id, or the id with the membership's own fields. */
export type RelationInput =
  | string
  | {
      readonly id: string;
      /** Flat JSON scalars only; replaces the stored `custom`. */
      readonly custom?: ObjectCustom | null | undefined;
      /** Up to 50 characters. */
      readonly status?: string | null | undefined;
      /** Up to 50 characters. */
      readonly type?: string | null | undefined;
    };

/** Which side a relation request starts from: a user's memberships or a channel's members. */
export type RelationKind = 'memberships' | 'members';

const SIDES = {
  // owner path segment, other side's key in the body, how the other side's id is checked
  memberships: { owner: 'uuids', other: 'channel', list: 'channels', check: validateChannel },
  members: { owner: 'channels', other: 'uuid', list: 'uuids', check: validateUuid },
} as const;

/** The listing options and include a relation call takes. */
export type RelationQueryParams = ObjectsListParams<string> & { readonly include?: unknown };

function relationPath(ctx: RequestContext, kind: RelationKind, operation: Operation, owner: string): string {
  const side = SIDES[kind];
  return `${objectsPath(ctx, side.owner, operation, owner)}/${side.list}`;
}

function relationQuery(kind: RelationKind, operation: Operation, params: RelationQueryParams): Record<string, string> {
  return { ...includeQuery(params.include, kind, false, operation), ...listQuery(params, kind, operation) };
}

/** Builds a page of a user's memberships or a channel's members. */
export function buildGetRelations(
  ctx: RequestContext,
  kind: RelationKind,
  operation: Operation,
  owner: string,
  params: RelationQueryParams,
): PnRequest {
  return objectsRequest(
    ctx,
    operation,
    'GET',
    relationPath(ctx, kind, operation, owner),
    relationQuery(kind, operation, params),
  );
}

/**
 * Builds a change (PATCH) of relations: `set` adds or updates, `remove` deletes, in one request.
 * @throws PubnubValidationError for a bad id, custom, status or type, no change at all, or more than
 *   {@link MAX_RELATION_CHANGES} changes
 */
export function buildChangeRelations(
  ctx: RequestContext,
  kind: RelationKind,
  operation: Operation,
  owner: string,
  changes: { readonly set: unknown; readonly remove: unknown; readonly setField: string; readonly removeField: string },
  params: RelationQueryParams,
): PnRequest {
  const set = list(changes.set, changes.setField, operation).map((item, i) =>
    setEntry(item, kind, `${changes.setField}[${i}]`, operation),
  );
  const remove = list(changes.remove, changes.removeField, operation).map((item, i) =>
    removeEntry(item, kind, `${changes.removeField}[${i}]`),
  );
  refuseDuplicates([...set, ...remove], kind, changes.setField, operation);
  const count = set.length + remove.length;
  if (count === 0) {
    throw new PubnubValidationError(changes.setField, `${operation} needs at least one ${SIDES[kind].other}`, {
      operation,
    });
  }
  if (count > MAX_RELATION_CHANGES) {
    throw new PubnubValidationError(
      changes.setField,
      `${operation} changes ${count} ${SIDES[kind].list}; the limit is ${MAX_RELATION_CHANGES} per call`,
      { operation },
    );
  }
  const body = JSON.stringify({ set, delete: remove });
  return objectsRequest(
    ctx,
    operation,
    'PATCH',
    relationPath(ctx, kind, operation, owner),
    relationQuery(kind, operation, params),
    { body, headers: { 'Content-Type': 'application/json' } },
  );
}

/** The service refuses an id twice in one call (which change would win is undefined), so pubkit does first. */
function refuseDuplicates(
  entries: readonly Record<string, unknown>[],
  kind: RelationKind,
  field: string,
  operation: Operation,
): void {
  const other = SIDES[kind].other;
  const seen = new Set<string>();
  for (const entry of entries) {
    const id = (entry[other] as { id: string }).id;
    if (seen.has(id)) {
      throw new PubnubValidationError(field, `${operation} names ${other} "${id}" twice; one change per id`, {
        operation,
      });
    }
    seen.add(id);
  }
}

function list(value: unknown, field: string, operation: Operation): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new PubnubValidationError(field, `${field} must be an array`, { operation });
  return value;
}

function setEntry(item: unknown, kind: RelationKind, field: string, operation: Operation): Record<string, unknown> {
  const side = SIDES[kind];
  if (typeof item === 'string') return { [side.other]: { id: side.check(item, field) } };
  if (!isRecord(item)) {
    throw new PubnubValidationError(field, `${field} must be an id or { id, custom, status, type }`, { operation });
  }
  const entry: Record<string, unknown> = { [side.other]: { id: side.check(item.id, `${field}.id`) } };
  for (const key of Object.keys(item)) {
    if (key !== 'id' && key !== 'custom' && key !== 'status' && key !== 'type') {
      throw new PubnubValidationError(
        `${field}.${key}`,
        `${field}.${key} is not a field; use id, custom, status, type`,
        {
          operation,
        },
      );
    }
  }
  if (item.custom !== undefined) {
    entry.custom = item.custom === null ? null : validateCustom(item.custom, `${field}.custom`, operation);
  }
  const status = validateText(item.status, `${field}.status`, MAX_RELATION_TEXT, operation);
  const type = validateText(item.type, `${field}.type`, MAX_RELATION_TEXT, operation);
  if (status !== undefined) entry.status = status;
  if (type !== undefined) entry.type = type;
  return entry;
}

function removeEntry(item: unknown, kind: RelationKind, field: string): Record<string, unknown> {
  const side = SIDES[kind];
  // The official SDK lets an object `{ id }` stand for the id here too.
  const id = isRecord(item) ? item.id : item;
  return { [side.other]: { id: side.check(id, isRecord(item) ? `${field}.id` : field) } };
}
