/**
 * Presence heartbeat: tells the service "still here" for channels/groups, with the presence timeout it should
 * apply (docs/protocol.md §2.9, §8.4).
 *
 *   GET /v2/presence/sub-key/{sub}/channel/{ch,…}/heartbeat?heartbeat=N[&channel-group=…][&state=<JSON>]
 *
 * `-pnpres` entries are dropped: presence channels have no occupants of their own (Python 3.9 and JS 3.x do the
 * same). When nothing remains (a client that only listens to presence) there is nothing to send and
 * `buildHeartbeat` returns `undefined`. `state` is sent only when given (the current JS SDK sends `state={}` on
 * every heartbeat; the 3.x SDKs only when non-empty), so a heartbeat never clears state by accident.
 */
import type { RequestContext } from '../context.js';
import { encodeNameList } from '../encoding.js';
import { PubnubValidationError } from '../errors.js';
import { toJson } from '../json.js';
import type { PnRequest, PnResponse } from '../request.js';
import { isRecord } from '../response.js';
import { optionalChannels, presenceBase, presenceGet, readPresenceObject, validateGroupList } from './common.js';
import { withoutPresence } from './names.js';

/** Largest presence timeout the service honours; the current JS SDK clamps to it (docs/protocol.md §8.4). */
export const MAX_PRESENCE_TIMEOUT = 320;

/** Parameters of `buildHeartbeat`. */
export interface HeartbeatParams {
  /** Channels the client is subscribed to (`-pnpres` entries are ignored). */
  readonly channels: string | readonly string[];
  /** Channel groups the client is subscribed to. @default [] */
  readonly channelGroups?: string | readonly string[];
  /** Presence timeout in seconds: the service times the uuid out after this long without a heartbeat. */
  readonly heartbeat: number;
  /** State per channel, e.g. `{ ch1: { mood: 'ok' } }`, sent as JSON. @default not sent */
  readonly state?: Readonly<Record<string, unknown>>;
}

/**
 * Builds a heartbeat request, or returns `undefined` when no non-presence channel or group remains.
 * @throws PubnubValidationError for invalid names, a heartbeat outside 1..320 s, or a state that is not an object
 */
export function buildHeartbeat(params: HeartbeatParams, ctx: RequestContext): PnRequest | undefined {
  const { heartbeat } = params;
  if (
    typeof heartbeat !== 'number' ||
    !Number.isInteger(heartbeat) ||
    heartbeat < 1 ||
    heartbeat > MAX_PRESENCE_TIMEOUT
  ) {
    throw new PubnubValidationError(
      'heartbeat',
      `heartbeat must be a whole number of seconds from 1 to ${MAX_PRESENCE_TIMEOUT}, got ${String(heartbeat)}`,
    );
  }
  const channels = withoutPresence(optionalChannels(params.channels, 'channels', true));
  const groups = withoutPresence(validateGroupList(params.channelGroups));
  const query: Record<string, string> = { heartbeat: String(heartbeat) };
  if (groups.length > 0) query['channel-group'] = groups.join(',');
  if (params.state !== undefined) {
    const state: unknown = params.state;
    if (!isRecord(state)) throw new PubnubValidationError('state', 'state must be a JSON object');
    query.state = toJson(state, 'state');
  }
  if (channels.length === 0 && groups.length === 0) return undefined;
  return presenceGet('heartbeat', `${presenceBase(ctx)}/channel/${encodeNameList(channels)}/heartbeat`, query, ctx);
}

/**
 * Checks a heartbeat response (`{"status": 200, "message": "OK", "service": "Presence"}`).
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response (also JSON `status >= 400` on 200)
 * @throws PubnubMalformedResponseError when the body is not a JSON object
 */
export function parseHeartbeat(res: PnResponse): void {
  readPresenceObject(res, 'heartbeat');
}
