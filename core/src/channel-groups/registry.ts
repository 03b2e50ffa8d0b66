/**
 * The channel-group registry (docs/protocol.md §2.11): which channels a group holds, per subscribe key.
 *
 *   add:          GET /v1/channel-registration/sub-key/{sub}/channel-group/{cg}?add=ch1,ch2
 *   remove:       GET /v1/channel-registration/sub-key/{sub}/channel-group/{cg}?remove=ch1
 *   list:         GET /v1/channel-registration/sub-key/{sub}/channel-group/{cg}
 *   delete group: GET /v1/channel-registration/sub-key/{sub}/channel-group/{cg}/remove
 *   list groups:  GET /v1/channel-registration/sub-key/{sub}/channel-group
 *
 * A change answers `{"status":200,"message":"OK","service":"channel-registry","error":false}`; a listing carries
 * `payload.channels` (and `payload.group`), the groups listing `payload.groups`. Names follow the channel rules, a
 * group name may hold the `ns:` namespace separator. PubNub takes at most 200 channels a call: more is refused here,
 * before anything is sent. On a PAM keyset the calls need `manage` on the group (the request is signed when the
 * client has the secret key, or carries `auth`).
 */
import type { RequestContext } from '../context.js';
import { encodeComponent } from '../encoding.js';
import { PubnubValidationError } from '../errors.js';
// The registry calls share the presence GET shape (common query last, the request timeout).
import { presenceGet as get, validateGroupList } from '../presence/common.js';
import type { Operation, PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed, readJson } from '../response.js';
import { validateChannelList } from '../validation.js';

/** Most channels one add or remove call may name (PubNub's limit). */
export const MAX_CHANNELS_PER_GROUP_CALL = 200;

/** Arguments of add/remove: the group and the channels (an array or a comma-separated string). */
export interface GroupChannelsParams {
  readonly channelGroup: string;
  readonly channels: string | readonly string[];
}

/** Arguments of list-channels and delete-group. */
export interface GroupParams {
  readonly channelGroup: string;
}

/** The answer to a registry change (add, remove, delete): empty, as the official SDK resolves. */
export type ChannelGroupChange = Readonly<Record<string, never>>;

/** The channels of a group. */
export interface ListChannelsResult {
  readonly channels: readonly string[];
}

/** The groups of the subscribe key. */
export interface ListGroupsResult {
  readonly groups: readonly string[];
}

function base(ctx: RequestContext): string {
  return `/v1/channel-registration/sub-key/${encodeComponent(ctx.subscribeKey)}/channel-group`;
}

function groupPath(ctx: RequestContext, group: unknown): string {
  if (typeof group !== 'string') {
    throw new PubnubValidationError('channelGroup', 'channelGroup must be a channel group name (a string)');
  }
  const [name] = validateGroupList([group], 'channelGroup');
  return `${base(ctx)}/${encodeComponent(name ?? group)}`;
}

function channelsOf(channels: unknown): string {
  const list = validateChannelList(channels, 'channels');
  if (list.length > MAX_CHANNELS_PER_GROUP_CALL) {
    throw new PubnubValidationError(
      'channels',
      `one call may name at most ${MAX_CHANNELS_PER_GROUP_CALL} channels (got ${list.length}); split it`,
    );
  }
  return list.join(',');
}

/**
 * Builds the request that adds channels to a group (creating it).
 * @throws PubnubValidationError for a bad group name, a bad channel name, no channels or more than 200
 */
export function buildAddChannelsToGroup(params: GroupChannelsParams, ctx: RequestContext): PnRequest {
  const path = groupPath(ctx, params.channelGroup);
  return get('addChannelsToGroup', path, { add: channelsOf(params.channels) }, ctx);
}

/**
 * Builds the request that removes channels from a group.
 * @throws PubnubValidationError as `buildAddChannelsToGroup`
 */
export function buildRemoveChannelsFromGroup(params: GroupChannelsParams, ctx: RequestContext): PnRequest {
  const path = groupPath(ctx, params.channelGroup);
  return get('removeChannelsFromGroup', path, { remove: channelsOf(params.channels) }, ctx);
}

/**
 * Builds the request that lists a group's channels.
 * @throws PubnubValidationError for a bad group name
 */
export function buildListChannelsInGroup(params: GroupParams, ctx: RequestContext): PnRequest {
  return get('listChannelsInGroup', groupPath(ctx, params.channelGroup), {}, ctx);
}

/**
 * Builds the request that deletes a group.
 * @throws PubnubValidationError for a bad group name
 */
export function buildDeleteGroup(params: GroupParams, ctx: RequestContext): PnRequest {
  return get('deleteGroup', `${groupPath(ctx, params.channelGroup)}/remove`, {}, ctx);
}

/** Builds the request that lists the subscribe key's groups. */
export function buildListGroups(ctx: RequestContext): PnRequest {
  return get('listGroups', base(ctx), {}, ctx);
}

function readRegistry(res: PnResponse, operation: Operation): Record<string, unknown> {
  const json = readJson(res, operation);
  if (!isRecord(json) || json.error === true) return malformed(res, operation, 'a channel-registry object');
  return json;
}

/**
 * Reads the answer to add, remove or delete.
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error answer (400 for a bad name or a limit, 403)
 * @throws PubnubMalformedResponseError when the body is not a registry object
 */
export function parseChannelGroupChange(
  res: PnResponse,
  operation: Operation = 'addChannelsToGroup',
): ChannelGroupChange {
  readRegistry(res, operation);
  return {};
}

/**
 * Reads a group's channels.
 * @throws as `parseChannelGroupChange`; PubnubMalformedResponseError without `payload.channels` (strings)
 */
export function parseListChannelsInGroup(res: PnResponse): ListChannelsResult {
  const body = readRegistry(res, 'listChannelsInGroup');
  const channels = isRecord(body.payload) ? body.payload.channels : undefined;
  if (!Array.isArray(channels) || !channels.every((c): c is string => typeof c === 'string')) {
    return malformed(res, 'listChannelsInGroup', '"payload.channels" to be a list of channel names');
  }
  return { channels };
}

/**
 * Reads the subscribe key's groups.
 * @throws as `parseChannelGroupChange`; PubnubMalformedResponseError without `payload.groups` (strings)
 */
export function parseListGroups(res: PnResponse): ListGroupsResult {
  const body = readRegistry(res, 'listGroups');
  const groups = isRecord(body.payload) ? body.payload.groups : undefined;
  if (!Array.isArray(groups) || !groups.every((g): g is string => typeof g === 'string')) {
    return malformed(res, 'listGroups', '"payload.groups" to be a list of group names');
  }
  return { groups };
}
