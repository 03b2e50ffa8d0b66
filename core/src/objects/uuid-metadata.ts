/**
 * User (uuid) metadata (docs/protocol.md §14.7): `setUUIDMetadata`, `getUUIDMetadata`, `getAllUUIDMetadata`,
 * `removeUUIDMetadata`, as pure `build<Op>`/`parse<Op>` pairs under the official SDK's names and arguments. A call
 * without `uuid` is about the client's own uuid.
 */
import type { RequestContext } from '../context.js';
import type { PnRequest, PnResponse } from '../request.js';
import { validateUuid } from '../validation.js';
import type { ObjectCustom } from './custom-data.js';
import type { MetadataInclude, MetadataListInclude } from './include.js';
import type { MetadataSortKey, ObjectsListParams } from './list-query.js';
import { buildGetMetadata, buildListMetadata, buildRemoveMetadata, buildSetMetadata } from './metadata-request.js';
import { readUUIDMetadata, type UUIDMetadataObject } from './object-shapes.js';
import {
  type ObjectResponse,
  type PagedObjectsResponse,
  parseObject,
  parsePage,
  parseRemoved,
  type RemovedObjectResponse,
} from './objects-response.js';

/**
 * The fields `setUUIDMetadata` may set; each given field replaces the stored one (`custom` as a whole), `null`
 * clears it, an absent one is left as it is.
 */
export interface UUIDMetadataFields {
  /** Display name, 1–2,048 characters, not blank. */
  readonly name?: string | null | undefined;
  /** The user's id in another system, up to 2,048 characters. */
  readonly externalId?: string | null | undefined;
  /** URL of a picture, up to 2,048 characters. */
  readonly profileUrl?: string | null | undefined;
  /** Up to 320 characters. */
  readonly email?: string | null | undefined;
  /** Up to 50 characters. */
  readonly type?: string | null | undefined;
  /** Up to 50 characters. */
  readonly status?: string | null | undefined;
  /** Flat JSON scalars only. */
  readonly custom?: ObjectCustom | null | undefined;
}

/** Arguments of `setUUIDMetadata()`. */
export interface SetUUIDMetadataParams {
  /** Whose metadata. @default the client's uuid */
  readonly uuid?: string | undefined;
  readonly data: UUIDMetadataFields;
  /** @default { customFields: true, statusField: true, typeField: true } */
  readonly include?: MetadataInclude | undefined;
  /** Update only if the stored object still has this `eTag`; otherwise `PubnubPreconditionFailedError` (412). */
  readonly ifMatchesEtag?: string | undefined;
}

/** Arguments of `getUUIDMetadata()`. */
export interface GetUUIDMetadataParams {
  /** @default the client's uuid */
  readonly uuid?: string | undefined;
  /** @default { customFields: true, statusField: true, typeField: true } */
  readonly include?: MetadataInclude | undefined;
}

/** Arguments of `getAllUUIDMetadata()`. */
export interface GetAllUUIDMetadataParams extends ObjectsListParams<MetadataSortKey> {
  /** @default { customFields: false, statusField: true, typeField: true, totalCount: false } */
  readonly include?: MetadataListInclude | undefined;
}

/** Arguments of `removeUUIDMetadata()`. */
export interface RemoveUUIDMetadataParams {
  /** @default the client's uuid */
  readonly uuid?: string | undefined;
}

/** One user's metadata: `{ status, data }`. */
export type UUIDMetadataResponse = ObjectResponse<UUIDMetadataObject>;
/** A page of users. */
export type AllUUIDMetadataResponse = PagedObjectsResponse<UUIDMetadataObject>;

const EXPECTED = '{"id", "updated", "eTag", …}';

/**
 * Builds a set of a user's metadata.
 * @throws PubnubValidationError for a bad uuid, data field, custom, include or ifMatchesEtag, or a missing
 *   subscribe key
 */
export function buildSetUUIDMetadata(params: SetUUIDMetadataParams, ctx: RequestContext): PnRequest {
  const uuid = validateUuid(params.uuid ?? ctx.uuid);
  return buildSetMetadata(ctx, 'uuids', 'setUUIDMetadata', uuid, params);
}

/**
 * Reads the stored metadata after a set.
 * @throws PubnubPreconditionFailedError (412) when `ifMatchesEtag` no longer matched
 * @throws PubnubServiceError / PubnubAccessDeniedError for any other error answer
 * @throws PubnubMalformedResponseError when `data` is not a user
 */
export function parseSetUUIDMetadata(res: PnResponse): UUIDMetadataResponse {
  return parseObject(res, 'setUUIDMetadata', readUUIDMetadata, EXPECTED);
}

/**
 * Builds a get of a user's metadata.
 * @throws PubnubValidationError for a bad uuid or include, or a missing subscribe key
 */
export function buildGetUUIDMetadata(params: GetUUIDMetadataParams, ctx: RequestContext): PnRequest {
  const uuid = validateUuid(params.uuid ?? ctx.uuid);
  return buildGetMetadata(ctx, 'uuids', 'getUUIDMetadata', uuid, params.include);
}

/**
 * Reads a user's metadata.
 * @throws PubnubServiceError (404 when the user has none) / PubnubAccessDeniedError for an error answer
 * @throws PubnubMalformedResponseError when `data` is not a user
 */
export function parseGetUUIDMetadata(res: PnResponse): UUIDMetadataResponse {
  return parseObject(res, 'getUUIDMetadata', readUUIDMetadata, EXPECTED);
}

/**
 * Builds a page of the listing of every user.
 * @throws PubnubValidationError for a bad include, filter, sort, limit or page, or a missing subscribe key
 */
export function buildGetAllUUIDMetadata(params: GetAllUUIDMetadataParams, ctx: RequestContext): PnRequest {
  return buildListMetadata(ctx, 'uuids', 'getAllUUIDMetadata', params);
}

/**
 * Reads a page of users.
 * @throws PubnubServiceError (400 for a bad filter or sort) / PubnubAccessDeniedError for an error answer
 * @throws PubnubMalformedResponseError when `data` is not a list of users
 */
export function parseGetAllUUIDMetadata(res: PnResponse): AllUUIDMetadataResponse {
  return parsePage(res, 'getAllUUIDMetadata', readUUIDMetadata, EXPECTED);
}

/**
 * Builds a removal of a user's metadata.
 * @throws PubnubValidationError for a bad uuid, or a missing subscribe key
 */
export function buildRemoveUUIDMetadata(params: RemoveUUIDMetadataParams, ctx: RequestContext): PnRequest {
  return buildRemoveMetadata(ctx, 'uuids', 'removeUUIDMetadata', validateUuid(params.uuid ?? ctx.uuid));
}

/**
 * Reads a removal's `{ status, data: null }`.
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error answer
 */
export function parseRemoveUUIDMetadata(res: PnResponse): RemovedObjectResponse {
  return parseRemoved(res, 'removeUUIDMetadata');
}
