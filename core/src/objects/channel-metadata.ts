/**
 * Channel metadata (docs/protocol.md §14.7): `setChannelMetadata`, `getChannelMetadata`, `getAllChannelMetadata`,
 * `removeChannelMetadata`, as pure `build<Op>`/`parse<Op>` pairs under the official SDK's names and arguments.
 */
import type { RequestContext } from '../context.js';
import type { PnRequest, PnResponse } from '../request.js';
import { validateChannel } from '../validation.js';
import type { ObjectCustom } from './custom-data.js';
import type { MetadataInclude, MetadataListInclude } from './include.js';
import type { MetadataSortKey, ObjectsListParams } from './list-query.js';
import { buildGetMetadata, buildListMetadata, buildRemoveMetadata, buildSetMetadata } from './metadata-request.js';
import { type ChannelMetadataObject, readChannelMetadata } from './object-shapes.js';
import {
  type ObjectResponse,
  type PagedObjectsResponse,
  parseObject,
  parsePage,
  parseRemoved,
  type RemovedObjectResponse,
} from './objects-response.js';

/**
 * The fields `setChannelMetadata` may set; each given field replaces the stored one (`custom` as a whole), `null`
 * clears it, an absent one is left as it is.
 */
export interface ChannelMetadataFields {
  /** Display name, 1–2,048 characters, not blank. */
  readonly name?: string | null | undefined;
  /** Up to 2,048 characters. */
  readonly description?: string | null | undefined;
  /** Up to 50 characters. */
  readonly type?: string | null | undefined;
  /** Up to 50 characters. */
  readonly status?: string | null | undefined;
  /** Flat JSON scalars only. */
  readonly custom?: ObjectCustom | null | undefined;
}

/** Arguments of `setChannelMetadata()`. */
export interface SetChannelMetadataParams {
  readonly channel: string;
  readonly data: ChannelMetadataFields;
  /** @default { customFields: true, statusField: true, typeField: true } */
  readonly include?: MetadataInclude | undefined;
  /** Update only if the stored object still has this `eTag`; otherwise `PubnubPreconditionFailedError` (412). */
  readonly ifMatchesEtag?: string | undefined;
}

/** Arguments of `getChannelMetadata()`. */
export interface GetChannelMetadataParams {
  readonly channel: string;
  /** @default { customFields: true, statusField: true, typeField: true } */
  readonly include?: MetadataInclude | undefined;
}

/** Arguments of `getAllChannelMetadata()`. */
export interface GetAllChannelMetadataParams extends ObjectsListParams<MetadataSortKey> {
  /** @default { customFields: false, statusField: true, typeField: true, totalCount: false } */
  readonly include?: MetadataListInclude | undefined;
}

/** Arguments of `removeChannelMetadata()`. */
export interface RemoveChannelMetadataParams {
  readonly channel: string;
}

/** One channel's metadata: `{ status, data }`. */
export type ChannelMetadataResponse = ObjectResponse<ChannelMetadataObject>;
/** A page of channels. */
export type AllChannelMetadataResponse = PagedObjectsResponse<ChannelMetadataObject>;

const EXPECTED = '{"id", "updated", "eTag", …}';

/**
 * Builds a set of a channel's metadata.
 * @throws PubnubValidationError for a bad channel, data field, custom, include or ifMatchesEtag, or a missing
 *   subscribe key
 */
export function buildSetChannelMetadata(params: SetChannelMetadataParams, ctx: RequestContext): PnRequest {
  return buildSetMetadata(ctx, 'channels', 'setChannelMetadata', validateChannel(params.channel), params);
}

/**
 * Reads the stored metadata after a set.
 * @throws PubnubPreconditionFailedError (412) when `ifMatchesEtag` no longer matched
 * @throws PubnubServiceError / PubnubAccessDeniedError for any other error answer
 * @throws PubnubMalformedResponseError when `data` is not a channel
 */
export function parseSetChannelMetadata(res: PnResponse): ChannelMetadataResponse {
  return parseObject(res, 'setChannelMetadata', readChannelMetadata, EXPECTED);
}

/**
 * Builds a get of a channel's metadata.
 * @throws PubnubValidationError for a bad channel or include, or a missing subscribe key
 */
export function buildGetChannelMetadata(params: GetChannelMetadataParams, ctx: RequestContext): PnRequest {
  return buildGetMetadata(ctx, 'channels', 'getChannelMetadata', validateChannel(params.channel), params.include);
}

/**
 * Reads a channel's metadata.
 * @throws PubnubServiceError (404 when the channel has none) / PubnubAccessDeniedError for an error answer
 * @throws PubnubMalformedResponseError when `data` is not a channel
 */
export function parseGetChannelMetadata(res: PnResponse): ChannelMetadataResponse {
  return parseObject(res, 'getChannelMetadata', readChannelMetadata, EXPECTED);
}

/**
 * Builds a page of the listing of every channel.
 * @throws PubnubValidationError for a bad include, filter, sort, limit or page, or a missing subscribe key
 */
export function buildGetAllChannelMetadata(params: GetAllChannelMetadataParams, ctx: RequestContext): PnRequest {
  return buildListMetadata(ctx, 'channels', 'getAllChannelMetadata', params);
}

/**
 * Reads a page of channels.
 * @throws PubnubServiceError (400 for a bad filter or sort) / PubnubAccessDeniedError for an error answer
 * @throws PubnubMalformedResponseError when `data` is not a list of channels
 */
export function parseGetAllChannelMetadata(res: PnResponse): AllChannelMetadataResponse {
  return parsePage(res, 'getAllChannelMetadata', readChannelMetadata, EXPECTED);
}

/**
 * Builds a removal of a channel's metadata.
 * @throws PubnubValidationError for a bad channel, or a missing subscribe key
 */
export function buildRemoveChannelMetadata(params: RemoveChannelMetadataParams, ctx: RequestContext): PnRequest {
  return buildRemoveMetadata(ctx, 'channels', 'removeChannelMetadata', validateChannel(params.channel));
}

/**
 * Reads a removal's `{ status, data: null }`.
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error answer
 */
export function parseRemoveChannelMetadata(res: PnResponse): RemovedObjectResponse {
  return parseRemoved(res, 'removeChannelMetadata');
}
