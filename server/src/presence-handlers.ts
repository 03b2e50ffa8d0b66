/**
 * Presence endpoints (docs/protocol.md §2.6–§2.10): here_now (single, multiple, global), where_now, state get/set,
 * heartbeat, leave. Paths accept `sub-key` and `sub_key` (quirk 5, in `routes.ts`).
 *
 * Bodies follow the recorded production shapes key for key, with the presence service's `", "` / `": "`
 * separators. here_now answers the flat `{…,"uuids":[…],"occupancy":N}` form iff exactly one channel and no group
 * was asked, because the JS SDK picks the form by the presence of `occupancy` and attributes it to the first
 * channel (quirk 20); otherwise `payload.channels`. A `channel-group` stands for its channels (heartbeat, leave,
 * state and here_now all act on them, as PubNub does). Read permission applies to here_now, state, heartbeat and leave (quirk 22); where_now and global
 * here_now need only a valid key (global here_now needs a subkey-level read grant on a PAM keyset).
 */
import { isPresenceChannel } from '@pubkit/core';
import { parseChannelList, parseGroupList } from './channel-names.js';
import type { Exchange, Handler, Services } from './exchange.js';
import { INVALID_SUBSCRIBE_KEY, serviceError } from './reply.js';
import { applyState, parseObject } from './subscribe-handler.js';

/** Serialises like the presence service: `", "` and `": "` separators. Undefined members are skipped. */
export function spacedJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(spacedJson).join(', ')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.push(`${JSON.stringify(k)}: ${spacedJson(v)}`);
  return `{${parts.join(', ')}}`;
}

const OK = { status: 200, message: 'OK' } as const;

/** The presence service's overload answer (docs/protocol.md §5), used when presence memory is full. */
const PRESENCE_FULL = spacedJson({ status: 503, message: 'Service Unavailable', error: 1, service: 'Presence' });

/** here_now for a channel list and/or channel groups (each group counts as its channels). */
export const hereNowHandler: Handler = function hereNow(ex, services) {
  const target = targetOf(ex, services);
  if (!target) return;
  hereNowReply(ex, services, target.rooms, target.channels.length === 1 && target.groups.length === 0);
};

/** Global here_now: every occupied channel of the key. */
export const hereNowGlobalHandler: Handler = function hereNowGlobal(ex, services) {
  const sub = ex.params.sub ?? '';
  if (!services.access.check(ex, { subKey: sub, channels: [], permission: 'r' })) return;
  hereNowReply(ex, services, services.presence.channels(sub), false);
};

function hereNowReply(ex: Exchange, services: Services, channels: readonly string[], flat: boolean): void {
  const sub = ex.params.sub ?? '';
  const withUuids = ex.query.disable_uuids !== '1' && ex.query.disable_uuids !== 'true';
  const withState = ex.query.state === '1' || ex.query.state === 'true';
  const describe = (channel: string) => {
    const occupants = services.presence.occupants(sub, channel);
    const uuids = !withUuids
      ? undefined
      : withState
        ? occupants.map((uuid) => ({ uuid, state: services.presence.getState(sub, uuid, channel) }))
        : occupants;
    return { uuids, occupancy: occupants.length };
  };
  if (flat) {
    const { uuids, occupancy } = describe(channels[0] ?? '');
    const body = withUuids
      ? { ...OK, service: 'Presence', uuids, occupancy }
      : { ...OK, occupancy, service: 'Presence' };
    ex.reply(200, spacedJson(body));
    return;
  }
  const described: Record<string, { uuids?: unknown; occupancy: number }> = {};
  let total = 0;
  for (const channel of channels) {
    const d = describe(channel);
    described[channel] = d;
    total += d.occupancy;
  }
  const payload = { channels: described, total_channels: channels.length, total_occupancy: total };
  ex.reply(200, spacedJson({ ...OK, payload, service: 'Presence' }));
}

/** where_now. */
export const whereNowHandler: Handler = function whereNow(ex, services) {
  const sub = ex.params.sub ?? '';
  if (!services.access.keyset(sub)) {
    ex.reply(400, INVALID_SUBSCRIBE_KEY);
    return;
  }
  const channels = services.presence.whereNow(sub, ex.params.uuid ?? '');
  ex.reply(200, spacedJson({ ...OK, payload: { channels }, service: 'Presence' }));
};

/** Explicit leave (unsubscribe). */
export const leaveHandler: Handler = function leave(ex, services) {
  const target = targetOf(ex, services);
  const sub = ex.params.sub ?? '';
  if (!target) return;
  const uuid = ex.query.uuid;
  if (uuid) services.presence.leave(sub, uuid, target.rooms);
  ex.reply(200, spacedJson({ status: 200, action: 'leave', message: 'OK', service: 'Presence' }));
};

/** Heartbeat: keeps the uuid present, optionally sets state. */
export const heartbeatHandler: Handler = function heartbeat(ex, services) {
  const target = targetOf(ex, services);
  const sub = ex.params.sub ?? '';
  if (!target) return;
  const uuid = ex.query.uuid;
  if (uuid) {
    const hb = Number(ex.query.heartbeat);
    services.presence.touch(sub, uuid, target.rooms, Number.isFinite(hb) ? hb : undefined);
    if (!applyState(services, sub, uuid, target.rooms, ex.query.state)) {
      ex.reply(503, PRESENCE_FULL);
      return;
    }
  }
  ex.reply(200, spacedJson({ ...OK, service: 'Presence' }));
};

/** Get state of a uuid on channels. */
export const getStateHandler: Handler = function getState(ex, services) {
  const target = targetOf(ex, services);
  const sub = ex.params.sub ?? '';
  if (!target) return;
  const uuid = ex.params.uuid ?? '';
  const stateOf = (ch: string) => services.presence.getState(sub, uuid, ch) ?? {};
  if (target.channels.length === 1 && target.groups.length === 0) {
    const channel = target.channels[0]!;
    const body = { status: 200, uuid, service: 'Presence', message: 'OK', payload: stateOf(channel), channel };
    ex.reply(200, spacedJson(body));
    return;
  }
  const payload: Record<string, unknown> = {};
  for (const ch of target.rooms) payload[ch] = stateOf(ch);
  ex.reply(200, spacedJson({ status: 200, message: 'OK', payload, uuid, service: 'Presence' }));
};

/** Set state of a uuid on channels; emits `state-change` where the uuid is present. */
export const setStateHandler: Handler = function setState(ex, services) {
  const target = targetOf(ex, services);
  const sub = ex.params.sub ?? '';
  if (!target) return;
  const state = parseObject(ex.query.state ?? '');
  if (state === undefined) {
    ex.reply(400, spacedJson({ status: 400, message: 'Invalid JSON specified.', error: 1, service: 'Presence' }));
    return;
  }
  let stored = true;
  for (const ch of target.rooms) stored = services.presence.setState(sub, ex.params.uuid ?? '', ch, state) && stored;
  if (!stored) {
    ex.reply(503, PRESENCE_FULL);
    return;
  }
  ex.reply(200, spacedJson({ ...OK, payload: state, service: 'Presence' }));
};

interface PresenceTarget {
  /** Channels named in the path (wildcard patterns included: a pattern is a room of its own name). */
  readonly channels: readonly string[];
  /** Groups of `channel-group`. */
  readonly groups: readonly string[];
  /** The rooms the request is about: named channels, then the channels of the groups, without duplicates. */
  readonly rooms: readonly string[];
}

/** Parses the channels and groups of a presence request and checks read on them; undefined after an error reply. */
function targetOf(ex: Exchange, services: Services): PresenceTarget | undefined {
  const parsed = parseChannelList(ex.params.channels ?? '', true);
  const groups = parseGroupList(ex.query['channel-group'] ?? '', true);
  if ('problem' in parsed || 'problem' in groups) {
    ex.reply(
      400,
      serviceError(400, 'problem' in parsed ? parsed.problem : (groups as { problem: string }).problem, 'Presence'),
    );
    return undefined;
  }
  const sub = ex.params.sub ?? '';
  if (!services.access.check(ex, { subKey: sub, channels: parsed.channels, groups: groups.groups, permission: 'r' })) {
    return undefined;
  }
  const rooms = new Set(parsed.channels);
  for (const g of groups.groups)
    if (!isPresenceChannel(g)) for (const c of services.groups.channels(sub, g)) rooms.add(c);
  return { channels: parsed.channels, groups: groups.groups, rooms: [...rooms] };
}
