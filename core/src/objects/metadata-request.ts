/**
 * The requests of user (uuid) and channel metadata, built once for both kinds (docs/protocol.md §14.2):
 *
 * PATCH  /v2/objects/{sub}/{uuids|channels}/{id}?include=…   body: the given fields; `If-Match` for `ifMatchesEtag`
 * GET    /v2/objects/{sub}/{uuids|channels}/{id}?include=…
 * GET    /v2/objects/{sub}/{uuids|channels}?include=…&count=…&filter=…&sort=…&limit=…&start|end=…
 * DELETE /v2/objects/{sub}/{uuids|channels}/{id}
 */
import type { RequestContext } from '../context.js';
import { encodeComponent } from '../encoding.js';
import { PubnubValidationError } from '../errors.js';
import { commonQuery, requireKey } from '../operations/common.js';
import type { Operation, PnRequest } from '../request.js';
import { isRecord } from '../response.js';
import { validateCustom, validateText } from './custom-data.js';
import { includeQuery } from './include.js';
import { listQuery, type ObjectsListParams } from './list-query.js';

/** Which metadata a request is about: users (`uuids`) or channels. */
export type MetadataKind = 'uuids' | 'channels';

/** Longest value of each text field, in characters (PubNub's documented limits; docs/protocol.md §14.7). */
export const METADATA_FIELD_LIMITS: Readonly<Record<MetadataKind, Readonly<Record<string, number>>>> = {
  uuids: { name: 2048, externalId: 2048, profileUrl: 2048, email: 320, type: 50, status: 50 },
  channels: { name: 2048, description: 2048, type: 50, status: 50 },
};

/**
 * The path of one object, or of the listing when `id` is undefined.
 * @throws PubnubValidationError for an `id` that is not a string (it would otherwise be spelled into the path)
 */
export function objectsPath(ctx: RequestContext, kind: MetadataKind, operation: Operation, id?: string): string {
  const sub = encodeComponent(requireKey(ctx, 'subscribeKey', operation));
  const base = `/v2/objects/${sub}/${kind}`;
  if (id === undefined) return base;
  if (typeof id !== 'string') {
    throw new PubnubValidationError('id', `${operation}: the object id must be a string`, { operation });
  }
  return `${base}/${encodeComponent(id)}`;
}

/** A request of the App Context service: the common query last, as every other operation (docs/protocol.md §1.3). */
export function objectsRequest(
  ctx: RequestContext,
  operation: Operation,
  method: PnRequest['method'],
  path: string,
  query: Record<string, string>,
  extra: { body?: string; headers?: Record<string, string> } = {},
): PnRequest {
  const request: PnRequest = {
    operation,
    method,
    path,
    query: { ...query, ...commonQuery(ctx) },
    headers: extra.headers ?? {},
    timeoutMs: ctx.requestTimeoutMs,
  };
  return extra.body === undefined ? request : { ...request, body: extra.body };
}

/**
 * The JSON body of a set: the given text fields and `custom`, each checked.
 * @throws PubnubValidationError for `data` that is not an object, an unknown field, a text field that is not a
 *   string or is over its limit, a blank `name`, or a `custom` that is not flat
 */
export function metadataBody(data: unknown, kind: MetadataKind, operation: Operation): string {
  if (!isRecord(data)) {
    throw new PubnubValidationError('data', 'data must be an object of the fields to set', { operation });
  }
  const limits = METADATA_FIELD_LIMITS[kind];
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    if (key === 'custom') {
      body.custom = value === null ? null : validateCustom(value, 'data.custom', operation);
      continue;
    }
    const max = limits[key];
    if (max === undefined) {
      const known = [...Object.keys(limits), 'custom'].join(', ');
      throw new PubnubValidationError(`data.${key}`, `data.${key} is not a field of ${operation}; use ${known}`, {
        operation,
      });
    }
    body[key] = validateText(value, `data.${key}`, max, operation, key === 'name');
  }
  return JSON.stringify(body);
}

/**
 * The `If-Match` header of a conditional update, or none.
 * @throws PubnubValidationError when `ifMatchesEtag` is given but is not a non-empty string
 */
export function etagHeaders(ifMatchesEtag: unknown, operation: Operation): Record<string, string> {
  if (ifMatchesEtag === undefined) return {};
  if (typeof ifMatchesEtag !== 'string' || ifMatchesEtag === '' || /[\r\n]/.test(ifMatchesEtag)) {
    throw new PubnubValidationError('ifMatchesEtag', 'ifMatchesEtag must be the eTag string of an earlier answer', {
      operation,
    });
  }
  return { 'If-Match': ifMatchesEtag };
}

/** Builds a set (PATCH) of one object's metadata. */
export function buildSetMetadata(
  ctx: RequestContext,
  kind: MetadataKind,
  operation: Operation,
  id: string,
  params: { readonly data: unknown; readonly include?: unknown; readonly ifMatchesEtag?: unknown },
): PnRequest {
  const body = metadataBody(params.data, kind, operation);
  const headers = { 'Content-Type': 'application/json', ...etagHeaders(params.ifMatchesEtag, operation) };
  return objectsRequest(
    ctx,
    operation,
    'PATCH',
    objectsPath(ctx, kind, operation, id),
    includeQuery(params.include, 'object', true, operation),
    { body, headers },
  );
}

/** Builds a get of one object's metadata. */
export function buildGetMetadata(
  ctx: RequestContext,
  kind: MetadataKind,
  operation: Operation,
  id: string,
  include: unknown,
): PnRequest {
  const query = includeQuery(include, 'object', true, operation);
  return objectsRequest(ctx, operation, 'GET', objectsPath(ctx, kind, operation, id), query);
}

/** Builds a listing of every object of a kind. */
export function buildListMetadata(
  ctx: RequestContext,
  kind: MetadataKind,
  operation: Operation,
  params: ObjectsListParams<string> & { readonly include?: unknown },
): PnRequest {
  const query = {
    ...includeQuery(params.include, 'list', false, operation),
    ...listQuery(params, 'metadata', operation),
  };
  return objectsRequest(ctx, operation, 'GET', objectsPath(ctx, kind, operation), query);
}

/** Builds a removal of one object's metadata. */
export function buildRemoveMetadata(
  ctx: RequestContext,
  kind: MetadataKind,
  operation: Operation,
  id: string,
): PnRequest {
  return objectsRequest(ctx, operation, 'DELETE', objectsPath(ctx, kind, operation, id), {});
}
