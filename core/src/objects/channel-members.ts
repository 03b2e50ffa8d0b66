/**
 * A channel's members (docs/protocol.md §14.7): `setChannelMembers`, `removeChannelMembers`, `manageChannelMembers`
 * (both at once) and `getChannelMembers`, as pure `build<Op>`/`parse<Op>` pairs under the official SDK's names.
 * Every call answers with a page of the channel's members.
 */
import type { RequestContext } from '../context.js';
import type { Operation, PnRequest, PnResponse } from '../request.js';
import { validateChannel } from '../validation.js';
import type { MembersInclude } from './include.js';
import type { MembersSortKey, ObjectsListParams } from './list-query.js';
import { type ChannelMemberObject, readChannelMember } from './object-shapes.js';
import { type PagedObjectsResponse, parsePage } from './objects-response.js';
import { buildChangeRelations, buildGetRelations, type RelationInput } from './relation-request.js';

/** Listing options and include of every channel-members call. */
export interface ChannelMembersQuery extends ObjectsListParams<MembersSortKey> {
  readonly channel: string;
  /** @default { customFields: false, statusField: true, typeField: true, UUIDFields: false, … } */
  readonly include?: MembersInclude | undefined;
}

/** Arguments of `getChannelMembers()`. */
export type GetChannelMembersParams = ChannelMembersQuery;

/** Arguments of `setChannelMembers()`: users to add to the channel, or whose membership fields to update. */
export interface SetChannelMembersParams extends ChannelMembersQuery {
  readonly uuids: readonly RelationInput[];
}

/** Arguments of `removeChannelMembers()`: users to take out of the channel. */
export interface RemoveChannelMembersParams extends ChannelMembersQuery {
  readonly uuids: readonly (string | { readonly id: string })[];
}

/** Arguments of `manageChannelMembers()`: sets and removals in one request. */
export interface ManageChannelMembersParams extends ChannelMembersQuery {
  readonly set?: readonly RelationInput[] | undefined;
  readonly remove?: readonly (string | { readonly id: string })[] | undefined;
}

/** A page of a channel's members. */
export type ChannelMembersResponse = PagedObjectsResponse<ChannelMemberObject>;

function change(
  ctx: RequestContext,
  operation: Operation,
  params: ChannelMembersQuery,
  changes: { set: unknown; remove: unknown; setField: string; removeField: string },
): PnRequest {
  return buildChangeRelations(ctx, 'members', operation, validateChannel(params.channel), changes, params);
}

/**
 * Builds a page of a channel's members.
 * @throws PubnubValidationError for a bad channel, include, filter, sort, limit or page, or a missing subscribe key
 */
export function buildGetChannelMembers(params: GetChannelMembersParams, ctx: RequestContext): PnRequest {
  return buildGetRelations(ctx, 'members', 'getChannelMembers', validateChannel(params.channel), params);
}

/**
 * Builds a set of members.
 * @throws PubnubValidationError for a bad channel or uuid, a custom that is not flat, a status or type over 50
 *   characters, no uuid or more than 100, or a bad listing option
 */
export function buildSetChannelMembers(params: SetChannelMembersParams, ctx: RequestContext): PnRequest {
  const changes = { set: params.uuids ?? [], remove: undefined, setField: 'uuids', removeField: 'uuids' };
  return change(ctx, 'setChannelMembers', params, changes);
}

/**
 * Builds a removal of members.
 * @throws PubnubValidationError for a bad channel or uuid, no uuid or more than 100, or a bad listing option
 */
export function buildRemoveChannelMembers(params: RemoveChannelMembersParams, ctx: RequestContext): PnRequest {
  const changes = { set: undefined, remove: params.uuids ?? [], setField: 'uuids', removeField: 'uuids' };
  return change(ctx, 'removeChannelMembers', params, changes);
}

/**
 * Builds sets and removals of members in one request.
 * @throws PubnubValidationError as `buildSetChannelMembers`, counting sets and removals together
 */
export function buildManageChannelMembers(params: ManageChannelMembersParams, ctx: RequestContext): PnRequest {
  const changes = { set: params.set, remove: params.remove, setField: 'set', removeField: 'remove' };
  return change(ctx, 'manageChannelMembers', params, changes);
}

function parse(res: PnResponse, operation: Operation): ChannelMembersResponse {
  return parsePage(res, operation, readChannelMember, '{"uuid": {"id"}, "updated", "eTag", …}');
}

/**
 * Reads the page of members `getChannelMembers` answers with.
 * @throws PubnubServiceError (400 for a bad filter or sort) / PubnubAccessDeniedError for an error answer
 * @throws PubnubMalformedResponseError when `data` is not a list of members
 */
export function parseGetChannelMembers(res: PnResponse): ChannelMembersResponse {
  return parse(res, 'getChannelMembers');
}

/**
 * Reads the page of members `setChannelMembers` answers with.
 * @throws PubnubServiceError (400 for a bad filter or sort) / PubnubAccessDeniedError for an error answer
 * @throws PubnubMalformedResponseError when `data` is not a list of members
 */
export function parseSetChannelMembers(res: PnResponse): ChannelMembersResponse {
  return parse(res, 'setChannelMembers');
}

/**
 * Reads the page of members `removeChannelMembers` answers with.
 * @throws PubnubServiceError (400 for a bad filter or sort) / PubnubAccessDeniedError for an error answer
 * @throws PubnubMalformedResponseError when `data` is not a list of members
 */
export function parseRemoveChannelMembers(res: PnResponse): ChannelMembersResponse {
  return parse(res, 'removeChannelMembers');
}

/**
 * Reads the page of members `manageChannelMembers` answers with.
 * @throws PubnubServiceError (400 for a bad filter or sort) / PubnubAccessDeniedError for an error answer
 * @throws PubnubMalformedResponseError when `data` is not a list of members
 */
export function parseManageChannelMembers(res: PnResponse): ChannelMembersResponse {
  return parse(res, 'manageChannelMembers');
}
