/**
 * here_now: who is on one channel, several channels/groups, or the whole key (docs/protocol.md §2.6).
 *
 * The response shape switches with the request (quirk 20): one channel and no group comes back flat,
 * `{"occupancy": 1, "uuids": [...]}`; anything else (several channels, groups, the global form) comes back as
 * `payload.channels{...}` with `total_channels`/`total_occupancy`. Like the current JS SDK, the parser picks the
 * flat form by the top-level `occupancy` key and attributes it to the one channel asked for. Inside either form
 * `uuids` holds strings, or `{uuid, state?}` objects with `state=1`, and is absent with `disable_uuids=1`.
 *
 * The result carries both views: `channels` (normalised occupants per channel) and the seed's `{occupancy, uuids}`.
 */
import type { RequestContext } from '../context.js';
import { encodeNameList } from '../encoding.js';
import type { PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed } from '../response.js';
import {
  countOf,
  optionalChannels,
  presenceBase,
  presenceGet,
  readPresenceObject,
  validateGroupList,
} from './common.js';

/** Parameters of `buildHereNow`. Neither channels nor groups: the global form for the whole subscribe key. */
export interface HereNowParams {
  /** One channel or a list. @default [] */
  readonly channels?: string | readonly string[];
  /** One channel group or a list. @default [] */
  readonly channelGroups?: string | readonly string[];
  /** List the uuids present; `false` sends `disable_uuids=1` and only counts. @default true */
  readonly includeUuids?: boolean;
  /** Return each uuid's state (`state=1`). @default false */
  readonly includeState?: boolean;
}

/** One uuid present on a channel. */
export interface HereNowOccupant {
  readonly uuid: string;
  /** The uuid's state on that channel; only with `includeState` and when it has state. */
  readonly state?: unknown;
}

/** Occupancy of one channel. */
export interface HereNowChannel {
  readonly occupancy: number;
  /** Empty with `includeUuids: false`. */
  readonly uuids: readonly HereNowOccupant[];
}

/** What `parseHereNow` returns. */
export interface HereNowResult {
  /** Occupants per channel. */
  readonly channels: Readonly<Record<string, HereNowChannel>>;
  readonly totalChannels: number;
  readonly totalOccupancy: number;
  /** Seed value: the channel's occupancy (one channel), else `totalOccupancy`. */
  readonly occupancy: number;
  /**
   * Seed value: the uuids as the wire sent them (strings, or `{uuid, state}` objects with `includeState`). For
   * several channels or the global form, each distinct uuid once. Empty with `includeUuids: false`.
   */
  readonly uuids: ReadonlyArray<string | HereNowOccupant>;
}

// The current JS SDK asks for up to 1000 uuids per channel (the service maximum, docs/protocol.md §5) and the captured
// trace carries it (docs/protocol.md §9.1); the global form does not take it.
const CHANNEL_LIMIT = '1000';

/**
 * Builds a here_now request: `/v2/presence/sub-key/{sub}/channel/{ch,…}` or the global `/v2/presence/sub-key/{sub}`.
 * @throws PubnubValidationError for an invalid channel or group name
 */
export function buildHereNow(params: HereNowParams, ctx: RequestContext): PnRequest {
  const channels = optionalChannels(params.channels);
  const groups = validateGroupList(params.channelGroups);
  const global = channels.length === 0 && groups.length === 0;
  const query: Record<string, string> = {};
  if (!global) query.limit = CHANNEL_LIMIT;
  if (params.includeUuids === false) query.disable_uuids = '1';
  if (params.includeState === true) query.state = '1';
  if (groups.length > 0) query['channel-group'] = groups.join(',');
  const path = global ? presenceBase(ctx) : `${presenceBase(ctx)}/channel/${encodeNameList(channels)}`;
  return presenceGet('hereNow', path, query, ctx);
}

/**
 * Parses a here_now response. Pass the request's params so the flat one-channel form can be named; without them
 * that form yields an empty `channels` map (the seed values are still set).
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response (also JSON `status >= 400` on 200)
 * @throws PubnubMalformedResponseError for a body of another shape
 */
export function parseHereNow(res: PnResponse, params: Pick<HereNowParams, 'channels'> = {}): HereNowResult {
  const body = readPresenceObject(res, 'hereNow');
  if ('occupancy' in body) {
    const occupancy = countOf(body.occupancy) ?? malformed(res, 'hereNow', 'a numeric "occupancy"');
    const wire = wireUuids(res, body.uuids);
    const asked =
      params.channels === undefined ? [] : typeof params.channels === 'string' ? [params.channels] : params.channels;
    const name = asked[0];
    const channels: Record<string, HereNowChannel> =
      name === undefined ? {} : { [name]: { occupancy, uuids: wire.map(toOccupant) } };
    return { channels, totalChannels: 1, totalOccupancy: occupancy, occupancy, uuids: wire };
  }
  const payload = isRecord(body.payload) ? body.payload : malformed(res, 'hereNow', '"occupancy" or "payload"');
  // Every field read is checked (issue 9 item 12): a missing channel map or a non-numeric count is malformed.
  const rawChannels = isRecord(payload.channels)
    ? payload.channels
    : malformed(res, 'hereNow', '"payload.channels" to be an object of channels');
  const channels: Record<string, HereNowChannel> = {};
  const seen = new Map<string, string | HereNowOccupant>();
  let summed = 0;
  for (const [name, entry] of Object.entries(rawChannels)) {
    if (!isRecord(entry)) return malformed(res, 'hereNow', `an object for channel "${name}"`);
    const wire = wireUuids(res, entry.uuids);
    const occupancy = countOf(entry.occupancy) ?? malformed(res, 'hereNow', `a numeric "occupancy" for "${name}"`);
    channels[name] = { occupancy, uuids: wire.map(toOccupant) };
    summed += occupancy;
    for (const u of wire) {
      const id = typeof u === 'string' ? u : u.uuid;
      if (!seen.has(id)) seen.set(id, u);
    }
  }
  const totalOccupancy = optionalCount(res, payload.total_occupancy, 'total_occupancy') ?? summed;
  const totalChannels = optionalCount(res, payload.total_channels, 'total_channels') ?? Object.keys(channels).length;
  return { channels, totalChannels, totalOccupancy, occupancy: totalOccupancy, uuids: [...seen.values()] };
}

/** The `uuids` entries as sent, checked: strings or `{uuid, state?}`; a missing key (disable_uuids) is `[]`. */
function wireUuids(res: PnResponse, value: unknown): Array<string | HereNowOccupant> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return malformed(res, 'hereNow', '"uuids" to be an array');
  return value.map((entry: unknown) => {
    if (typeof entry === 'string') return entry;
    if (isRecord(entry) && typeof entry.uuid === 'string') {
      return entry.state === undefined || entry.state === null
        ? { uuid: entry.uuid }
        : { uuid: entry.uuid, state: entry.state };
    }
    return malformed(res, 'hereNow', '"uuids" entries to be strings or {uuid} objects');
  });
}

/** A count the service may leave out; present, it must be a whole number. */
function optionalCount(res: PnResponse, value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  return countOf(value) ?? malformed(res, 'hereNow', `"payload.${name}" to be a whole number`);
}

function toOccupant(entry: string | HereNowOccupant): HereNowOccupant {
  return typeof entry === 'string' ? { uuid: entry } : entry;
}
