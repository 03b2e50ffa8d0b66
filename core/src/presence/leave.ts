/**
 * Leave: tells the service the uuid left channels/groups now, instead of waiting for its presence timeout
 * (docs/protocol.md §2.10).
 *
 *   GET /v2/presence/sub-key/{sub}/channel/{ch1,ch2}/leave[?channel-group=cg1]
 *
 * Like the current JS SDK: names unique and sorted, `-pnpres` entries dropped (one does not "leave" a presence
 * channel; its occupants are the real channel's). Groups only: the `,` path placeholder. When nothing remains
 * `buildLeave` returns `undefined`: there is nothing to send. Leave is PAM-protected (read, quirk 22), so a 403 is
 * a real answer and surfaces as `PubnubAccessDeniedError`.
 */
import type { RequestContext } from '../context.js';
import { encodeNameList } from '../encoding.js';
import type { PnRequest, PnResponse } from '../request.js';
import { optionalChannels, presenceBase, presenceGet, readPresenceObject, validateGroupList } from './common.js';
import { withoutPresence } from './names.js';

/** Parameters of `buildLeave`. */
export interface LeaveParams {
  /** Channels to leave (`-pnpres` entries are ignored). @default [] */
  readonly channels?: string | readonly string[];
  /** Channel groups to leave. @default [] */
  readonly channelGroups?: string | readonly string[];
}

/**
 * Builds a leave request, or returns `undefined` when no non-presence channel or group remains.
 * @throws PubnubValidationError for an invalid channel or group name
 */
export function buildLeave(params: LeaveParams, ctx: RequestContext): PnRequest | undefined {
  const channels = sorted(withoutPresence(optionalChannels(params.channels, 'channels', true)));
  const groups = sorted(withoutPresence(validateGroupList(params.channelGroups)));
  if (channels.length === 0 && groups.length === 0) return undefined;
  const query: Record<string, string> = {};
  if (groups.length > 0) query['channel-group'] = groups.join(',');
  return presenceGet('leave', `${presenceBase(ctx)}/channel/${encodeNameList(channels)}/leave`, query, ctx);
}

/**
 * Checks a leave response (`{"status": 200, "action": "leave", "message": "OK", "service": "Presence"}`).
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response (also JSON `status >= 400` on 200)
 * @throws PubnubMalformedResponseError when the body is not a JSON object
 */
export function parseLeave(res: PnResponse): void {
  readPresenceObject(res, 'leave');
}

/** Code-unit order, like the JS SDK's `sort()`; the lists are already unique. */
function sorted(names: string[]): string[] {
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
