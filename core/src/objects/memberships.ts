/**
 * A user's memberships (docs/protocol.md §14.7): `setMemberships`, `removeMemberships`, `manageMemberships` (both
 * at once) and `getMemberships`, as pure `build<Op>`/`parse<Op>` pairs under the official SDK's names. A call
 * without `uuid` is about the client's own uuid. Every call answers with a page of the user's memberships.
 */
import type { RequestContext } from '../context.js';
import type { Operation, PnRequest, PnResponse } from '../request.js';
import { validateUuid } from '../validation.js';
import type { MembershipsInclude } from './include.js';
import type { MembershipsSortKey, ObjectsListParams } from './list-query.js';
import { type MembershipObject, readMembership } from './object-shapes.js';
import { type PagedObjectsResponse, parsePage } from './objects-response.js';
import { buildChangeRelations, buildGetRelations, type RelationInput } from './relation-request.js';

/** Listing options and include of every memberships call. */
export interface MembershipsQuery extends ObjectsListParams<MembershipsSortKey> {
  /** Whose memberships. @default the client's uuid */
  readonly uuid?: string | undefined;
  /** @default { customFields: false, statusField: true, typeField: true, channelFields: false, … } */
  readonly include?: MembershipsInclude | undefined;
}

/** Arguments of `getMemberships()`. */
export type GetMembershipsParams = MembershipsQuery;

/** Arguments of `setMemberships()`: channels to add the user to, or whose membership fields to update. */
export interface SetMembershipsParams extends MembershipsQuery {
  readonly channels: readonly RelationInput[];
}

/** Arguments of `removeMemberships()`: channels to take the user out of. */
export interface RemoveMembershipsParams extends MembershipsQuery {
  readonly channels: readonly (string | { readonly id: string })[];
}

/** Arguments of `manageMemberships()`: sets and removals in one request. */
export interface ManageMembershipsParams extends MembershipsQuery {
  readonly set?: readonly RelationInput[] | undefined;
  readonly remove?: readonly (string | { readonly id: string })[] | undefined;
}

/** A page of a user's memberships. */
export type MembershipsResponse = PagedObjectsResponse<MembershipObject>;

function owner(params: MembershipsQuery, ctx: RequestContext): string {
  return validateUuid(params.uuid ?? ctx.uuid);
}

function change(
  ctx: RequestContext,
  operation: Operation,
  params: MembershipsQuery,
  changes: { set: unknown; remove: unknown; setField: string; removeField: string },
): PnRequest {
  return buildChangeRelations(ctx, 'memberships', operation, owner(params, ctx), changes, params);
}

/**
 * Builds a page of a user's memberships.
 * @throws PubnubValidationError for a bad uuid, include, filter, sort, limit or page, or a missing subscribe key
 */
export function buildGetMemberships(params: GetMembershipsParams, ctx: RequestContext): PnRequest {
  return buildGetRelations(ctx, 'memberships', 'getMemberships', owner(params, ctx), params);
}

/**
 * Builds a set of memberships.
 * @throws PubnubValidationError for a bad uuid or channel, a custom that is not flat, a status or type over 50
 *   characters, no channel or more than 100, or a bad listing option
 */
export function buildSetMemberships(params: SetMembershipsParams, ctx: RequestContext): PnRequest {
  const changes = { set: params.channels ?? [], remove: undefined, setField: 'channels', removeField: 'channels' };
  return change(ctx, 'setMemberships', params, changes);
}

/**
 * Builds a removal of memberships.
 * @throws PubnubValidationError for a bad uuid or channel, no channel or more than 100, or a bad listing option
 */
export function buildRemoveMemberships(params: RemoveMembershipsParams, ctx: RequestContext): PnRequest {
  const changes = { set: undefined, remove: params.channels ?? [], setField: 'channels', removeField: 'channels' };
  return change(ctx, 'removeMemberships', params, changes);
}

/**
 * Builds sets and removals of memberships in one request.
 * @throws PubnubValidationError as `buildSetMemberships`, counting sets and removals together
 */
export function buildManageMemberships(params: ManageMembershipsParams, ctx: RequestContext): PnRequest {
  const changes = { set: params.set, remove: params.remove, setField: 'set', removeField: 'remove' };
  return change(ctx, 'manageMemberships', params, changes);
}

function parse(res: PnResponse, operation: Operation): MembershipsResponse {
  return parsePage(res, operation, readMembership, '{"channel": {"id"}, "updated", "eTag", …}');
}

/**
 * Reads the page of memberships `getMemberships` answers with.
 * @throws PubnubServiceError (400 for a bad filter or sort) / PubnubAccessDeniedError for an error answer
 * @throws PubnubMalformedResponseError when `data` is not a list of memberships
 */
export function parseGetMemberships(res: PnResponse): MembershipsResponse {
  return parse(res, 'getMemberships');
}

/**
 * Reads the page of memberships `setMemberships` answers with.
 * @throws PubnubServiceError (400 for a bad filter or sort) / PubnubAccessDeniedError for an error answer
 * @throws PubnubMalformedResponseError when `data` is not a list of memberships
 */
export function parseSetMemberships(res: PnResponse): MembershipsResponse {
  return parse(res, 'setMemberships');
}

/**
 * Reads the page of memberships `removeMemberships` answers with.
 * @throws PubnubServiceError (400 for a bad filter or sort) / PubnubAccessDeniedError for an error answer
 * @throws PubnubMalformedResponseError when `data` is not a list of memberships
 */
export function parseRemoveMemberships(res: PnResponse): MembershipsResponse {
  return parse(res, 'removeMemberships');
}

/**
 * Reads the page of memberships `manageMemberships` answers with.
 * @throws PubnubServiceError (400 for a bad filter or sort) / PubnubAccessDeniedError for an error answer
 * @throws PubnubMalformedResponseError when `data` is not a list of memberships
 */
export function parseManageMemberships(res: PnResponse): MembershipsResponse {
  return parse(res, 'manageMemberships');
}
