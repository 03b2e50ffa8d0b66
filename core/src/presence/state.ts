/**
 * Presence state: get or set the state object a uuid carries on channels/groups (docs/protocol.md §2.8).
 *
 *   set: GET /v2/presence/sub-key/{sub}/channel/{ch,…}/uuid/{uuid}/data?state=<JSON>[&channel-group=…]
 *   get: GET /v2/presence/sub-key/{sub}/channel/{ch,…}/uuid/{uuid}[?channel-group=…]
 *
 * The response `payload` is the state itself for one channel (the recorded body also names it in `channel`), and
 * a per-channel map otherwise (the JS SDK decides by the request: exactly one channel and no group). Some servers
 * wrap that map as `payload.channels`; the parser unwraps it [docs/protocol.md §2.8, I]. Groups-only requests use the `,`
 * path placeholder. Set always targets the client's own uuid: the service keys state by the caller.
 */
import type { RequestContext } from '../context.js';
import { encodeComponent, encodeNameList } from '../encoding.js';
import { PubnubValidationError } from '../errors.js';
import { toJson } from '../json.js';
import type { PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed } from '../response.js';
import { validateUuid } from '../validation.js';
import { optionalChannels, presenceBase, presenceGet, readPresenceObject, validateGroupList } from './common.js';

/** Parameters of `buildGetState`. At least one channel or group. */
export interface GetStateParams {
  /** One channel or a list (may be empty when groups are given). */
  readonly channels: string | readonly string[];
  /** One channel group or a list. @default [] */
  readonly channelGroups?: string | readonly string[];
  /** Whose state to read. @default the context's own uuid */
  readonly uuid?: string;
}

/** Parameters of `buildSetState`. At least one channel or group. */
export interface SetStateParams {
  /** One channel or a list (may be empty when groups are given). */
  readonly channels: string | readonly string[];
  /** One channel group or a list. @default [] */
  readonly channelGroups?: string | readonly string[];
  /** The state object (JSON); replaces the previous state on those channels. */
  readonly state: Readonly<Record<string, unknown>>;
}

/** What `parseGetState` and `parseSetState` return. */
export interface StateResult {
  /** State per channel (for set: each requested channel maps to the state set). */
  readonly channels: Readonly<Record<string, unknown>>;
  /** The response `payload` as sent: for one channel, that channel's state (the seed's value). */
  readonly payload: unknown;
}

/**
 * Builds a get-state request.
 * @throws PubnubValidationError for invalid names, or neither channels nor groups
 */
export function buildGetState(params: GetStateParams, ctx: RequestContext): PnRequest {
  const { path, query } = target(params, params.uuid === undefined ? ctx.uuid : validateUuid(params.uuid), ctx);
  return presenceGet('getState', path, query, ctx);
}

/**
 * Builds a set-state request; the state travels as JSON in the `state` query parameter.
 * @throws PubnubValidationError for invalid names, neither channels nor groups, or a state that is not a JSON object
 */
export function buildSetState(params: SetStateParams, ctx: RequestContext): PnRequest {
  const state: unknown = params.state;
  if (!isRecord(state)) throw new PubnubValidationError('state', 'state must be a JSON object');
  const json = toJson(state, 'state');
  const { path, query } = target(params, ctx.uuid, ctx);
  return presenceGet('setState', `${path}/data`, { state: json, ...query }, ctx);
}

function target(
  params: { readonly channels: unknown; readonly channelGroups?: unknown },
  uuid: string,
  ctx: RequestContext,
): { path: string; query: Record<string, string> } {
  const channels = optionalChannels(params.channels);
  const groups = validateGroupList(params.channelGroups);
  if (channels.length === 0 && groups.length === 0) {
    throw new PubnubValidationError('channels', 'channels or channelGroups must name at least one');
  }
  const query: Record<string, string> = {};
  if (groups.length > 0) query['channel-group'] = groups.join(',');
  const path = `${presenceBase(ctx)}/channel/${encodeNameList(channels)}/uuid/${encodeComponent(uuid)}`;
  return { path, query };
}

/** The request's names, to tell the one-channel form from the map form. */
export type StateRequestNames = Pick<GetStateParams, 'channels' | 'channelGroups'>;

/**
 * Parses a get-state response. Pass the request's params to decide the form like the JS SDK; without them a
 * top-level `channel` field marks the one-channel form (as in the recorded body).
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response
 * @throws PubnubMalformedResponseError when `payload` is missing, or the map form is not an object
 */
export function parseGetState(res: PnResponse, params?: StateRequestNames): StateResult {
  const body = readPresenceObject(res, 'getState');
  if (!('payload' in body)) return malformed(res, 'getState', 'a "payload"');
  const payload = body.payload;
  const single = params === undefined ? stringOrUndefined(body.channel) : singleChannel(params);
  if (single !== undefined) return { channels: { [single]: payload }, payload };
  if (!isRecord(payload)) return malformed(res, 'getState', 'a per-channel "payload" object');
  const keys = Object.keys(payload);
  const map = keys.length === 1 && keys[0] === 'channels' && isRecord(payload.channels) ? payload.channels : payload;
  return { channels: { ...map }, payload };
}

/**
 * Parses a set-state response: the `payload` is the state now held.
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response
 * @throws PubnubMalformedResponseError when the body is not an object
 */
export function parseSetState(res: PnResponse, params?: StateRequestNames): StateResult {
  const body = readPresenceObject(res, 'setState');
  const payload = body.payload;
  // The service answers with the state it now holds, always a JSON object (issue 9 item 12).
  if (!isRecord(payload)) return malformed(res, 'setState', 'the state now held as "payload" (an object)');
  const channels: Record<string, unknown> = {};
  if (params !== undefined) for (const name of optionalChannels(params.channels)) channels[name] = payload;
  else if (typeof body.channel === 'string') channels[body.channel] = payload;
  return { channels, payload };
}

/** The one channel's name when the request named exactly one channel and no group. */
function singleChannel(params: StateRequestNames): string | undefined {
  const channels = optionalChannels(params.channels);
  return channels.length === 1 && validateGroupList(params.channelGroups).length === 0 ? channels[0] : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
