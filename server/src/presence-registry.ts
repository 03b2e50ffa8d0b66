/**
 * Who is on which channel (docs/protocol.md §2.6–§2.10, §3).
 *
 * Theory of operation
 * -------------------
 * A membership is (subscribe key, channel, uuid) with an expiry. `touch` — called for every subscribe and every
 * heartbeat that carries a uuid — creates it (emitting `join`) or pushes its expiry `heartbeat` seconds ahead
 * (the request's `heartbeat` parameter, else `presenceTimeoutSec`). While a subscribe of that uuid is parked on
 * the channel the membership cannot time out (`park`/`unpark`): an open long-poll is a live client even when the
 * poll outlasts its heartbeat. `leave` removes it (emitting `leave`). A sweep timer — unref'd, so it never keeps a
 * process alive, and judging expiry by the injected clock — removes expired memberships (emitting `timeout`).
 * `setState` stores per-channel state and emits `state-change` when the uuid is on the channel.
 *
 * Events go to `{ch}-pnpres` through the emitter as `{action, timestamp (seconds), uuid, occupancy}` objects
 * (docs/protocol.md §3); presence channels themselves never count as occupancy. At most `maxMembers` memberships and as
 * many state entries are tracked, and at most `maxBytes` of them together (uuid, channel and state text, measured
 * when stored); past either, joins are not recorded and `setState` refuses (bounded memory, issue 9 item 3).
 */

import { isPresenceChannel, presenceChannel } from '@pubkit/core';
import { channelKey } from './channel-table.js';
import { smallInteger } from './small-integer.js';
import { UuidChannels } from './uuid-channels.js';

/** A presence event payload (docs/protocol.md §3). */
export interface PresenceEvent {
  readonly action: 'join' | 'leave' | 'timeout' | 'state-change';
  readonly timestamp: number;
  readonly data?: unknown;
  readonly uuid: string;
  readonly occupancy: number;
}

/** Where events go. */
export type PresenceEmitter = (subKey: string, channel: string, event: PresenceEvent) => void;

/** Settings of the registry. */
export interface PresenceSettings {
  readonly nowMs: () => number;
  readonly defaultTimeoutSec: number;
  readonly maxMembers: number;
  /** Memory bound of memberships plus state, in approximate bytes. */
  readonly maxBytes: number;
  readonly sweepMs: number;
  readonly emit: PresenceEmitter;
}

interface Member {
  /**
   * Expiry in ms after the registry's epoch (its clock when it was created): a small integer, stored in the member
   * itself, where an epoch time would take a number box per member (`small-integer.ts`).
   */
  expiresAt: number;
  timeoutSec: number;
  parked: number;
}

interface StateEntry {
  readonly value: Readonly<Record<string, unknown>>;
  readonly bytes: number;
}

/** Approximate bytes of one membership: its strings (UTF-16) in the room, the uuid index and the entry objects. */
function memberBytes(subKey: string, channel: string, uuid: string): number {
  return 2 * (subKey.length + 2 * channel.length + 2 * uuid.length) + 240;
}

interface Room {
  readonly subKey: string;
  readonly channel: string;
  /** `{channel}-pnpres`, built once: every event of the room is published there. */
  readonly events: string;
  readonly members: Map<string, Member>;
}

/** Presence memberships, state and timeouts. */
export class PresenceRegistry {
  readonly #rooms = new Map<string, Room>();
  readonly #byUuid = new UuidChannels();
  readonly #states = new Map<string, Map<string, StateEntry>>();
  readonly #s: PresenceSettings;
  #members = 0;
  #bytes = 0;
  #stateEntries = 0;
  #timer: NodeJS.Timeout | undefined;
  /**
   * The rooms of the last `park`/`unpark` call: a fan-out unparks thousands of polls of one subscription, whose
   * channels are one shared array, so their rooms are looked up once (a key built and hashed each) rather than per
   * poll (docs/performance.md §3). Forgotten whenever a room is created or removed.
   */
  #lastChannels: readonly string[] | undefined;
  #lastSubKey = '';
  #lastRooms: readonly (Room | undefined)[] = [];

  readonly #epochMs: number;

  constructor(settings: PresenceSettings) {
    this.#s = settings;
    this.#epochMs = settings.nowMs();
  }

  /** Approximate bytes held by memberships and state. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Starts the sweep timer (unref'd). */
  start(): void {
    this.#timer ??= setInterval(() => this.sweep(), this.#s.sweepMs).unref();
  }

  /** Stops the sweep timer. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Records activity of `uuid` on `channels`; `heartbeatSec` overrides the default timeout. */
  touch(subKey: string, uuid: string, channels: readonly string[], heartbeatSec?: number): void {
    const timeoutSec = heartbeatSec !== undefined && heartbeatSec > 0 ? heartbeatSec : this.#s.defaultTimeoutSec;
    const now = this.#now();
    for (const channel of channels) {
      if (isPresenceChannel(channel)) continue;
      const key = channelKey(subKey, channel);
      let room = this.#rooms.get(key);
      const member = room?.members.get(uuid);
      if (member) {
        member.timeoutSec = timeoutSec;
        member.expiresAt = smallInteger(Math.max(member.expiresAt, now + timeoutSec * 1000));
        continue;
      }
      const cost = memberBytes(subKey, channel, uuid);
      if (this.#members >= this.#s.maxMembers || this.#bytes + cost > this.#s.maxBytes) continue;
      this.#bytes += cost;
      if (!room) {
        room = { subKey, channel, events: presenceChannel(channel), members: new Map() };
        this.#rooms.set(key, room);
        this.#lastChannels = undefined;
      }
      room.members.set(uuid, { expiresAt: smallInteger(now + timeoutSec * 1000), timeoutSec, parked: 0 });
      this.#members++;
      this.#byUuid.add(subKey, uuid, room.channel);
      this.event(room, 'join', uuid);
    }
  }

  /** A subscribe of `uuid` is parked on `channels`: no timeout until `unpark`. */
  park(subKey: string, uuid: string, channels: readonly string[]): void {
    for (const room of this.#roomsOf(subKey, channels)) {
      const m = room?.members.get(uuid);
      if (m) m.parked++;
    }
  }

  /** The parked subscribe ended: the timeout clock restarts now. */
  unpark(subKey: string, uuid: string, channels: readonly string[]): void {
    const now = this.#now();
    for (const room of this.#roomsOf(subKey, channels)) {
      const m = room?.members.get(uuid);
      if (!m) continue;
      m.parked = Math.max(0, m.parked - 1);
      m.expiresAt = smallInteger(Math.max(m.expiresAt, now + m.timeoutSec * 1000));
    }
  }

  /** Explicit leave. */
  leave(subKey: string, uuid: string, channels: readonly string[]): void {
    for (const channel of channels) this.remove(channelKey(subKey, channel), uuid, 'leave');
  }

  /** Removes expired memberships, emitting `timeout`. */
  sweep(): void {
    const now = this.#now();
    for (const [key, room] of [...this.#rooms]) {
      for (const [uuid, m] of [...room.members]) {
        if (m.parked === 0 && m.expiresAt <= now) this.remove(key, uuid, 'timeout');
      }
    }
  }

  /** Uuids on a channel, in join order. */
  occupants(subKey: string, channel: string): string[] {
    return [...(this.#rooms.get(channelKey(subKey, channel))?.members.keys() ?? [])];
  }

  /** Occupied channels of a subscribe key. */
  channels(subKey: string): string[] {
    const out: string[] = [];
    for (const room of this.#rooms.values()) if (room.subKey === subKey) out.push(room.channel);
    return out;
  }

  /** Channels a uuid is on. */
  whereNow(subKey: string, uuid: string): string[] {
    return this.#byUuid.channels(subKey, uuid);
  }

  /** The state of `uuid` on `channel`, or undefined. */
  getState(subKey: string, uuid: string, channel: string): unknown {
    return this.#states.get(channelKey(subKey, uuid))?.get(channel)?.value;
  }

  /**
   * Sets (or, for `{}`, clears) state; emits `state-change` when the uuid is on the channel. Returns false, storing
   * nothing, when the state would take presence past `maxMembers` entries or `maxBytes`.
   */
  setState(subKey: string, uuid: string, channel: string, state: Readonly<Record<string, unknown>>): boolean {
    const uk = channelKey(subKey, uuid);
    let map = this.#states.get(uk);
    const old = map?.get(channel);
    if (Object.keys(state).length === 0) {
      if (old) this.dropState(uk, map!, channel, old);
    } else {
      const bytes = 2 * (uk.length + channel.length + JSON.stringify(state).length) + 160;
      const entries = this.#stateEntries + (old ? 0 : 1);
      if (entries > this.#s.maxMembers || this.#bytes - (old?.bytes ?? 0) + bytes > this.#s.maxBytes) return false;
      if (!map) {
        map = new Map();
        this.#states.set(uk, map);
      }
      map.set(channel, { value: state, bytes });
      this.#stateEntries = entries;
      this.#bytes += bytes - (old?.bytes ?? 0);
    }
    const room = this.#rooms.get(channelKey(subKey, channel));
    if (room?.members.has(uuid)) this.event(room, 'state-change', uuid, state);
    return true;
  }

  private dropState(uk: string, map: Map<string, StateEntry>, channel: string, entry: StateEntry): void {
    map.delete(channel);
    this.#stateEntries--;
    this.#bytes -= entry.bytes;
    if (map.size === 0) this.#states.delete(uk);
  }

  /** The clock in ms after the epoch (see `Member.expiresAt`). */
  #now(): number {
    return this.#s.nowMs() - this.#epochMs;
  }

  /** The rooms of `channels` (undefined where nobody is present), the last answer reused (`#lastChannels`). */
  #roomsOf(subKey: string, channels: readonly string[]): readonly (Room | undefined)[] {
    if (channels !== this.#lastChannels || subKey !== this.#lastSubKey) {
      this.#lastRooms = channels.map((channel) => this.#rooms.get(channelKey(subKey, channel)));
      this.#lastChannels = channels;
      this.#lastSubKey = subKey;
    }
    return this.#lastRooms;
  }

  private remove(key: string, uuid: string, action: 'leave' | 'timeout'): void {
    const room = this.#rooms.get(key);
    if (!room?.members.delete(uuid)) return;
    this.#members--;
    this.#bytes -= memberBytes(room.subKey, room.channel, uuid);
    if (room.members.size === 0) {
      this.#rooms.delete(key);
      this.#lastChannels = undefined;
    }
    this.#byUuid.delete(room.subKey, uuid, room.channel);
    const uk = channelKey(room.subKey, uuid);
    const states = this.#states.get(uk);
    const state = states?.get(room.channel);
    if (state) this.dropState(uk, states!, room.channel, state);
    this.event(room, action, uuid);
  }

  private event(room: Room, action: PresenceEvent['action'], uuid: string, data?: unknown): void {
    const timestamp = Math.floor(this.#s.nowMs() / 1000);
    const occupancy = room.members.size;
    const event: PresenceEvent =
      data === undefined ? { action, timestamp, uuid, occupancy } : { action, timestamp, data, uuid, occupancy };
    this.#s.emit(room.subKey, room.events, event);
  }
}
