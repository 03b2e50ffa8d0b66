/**
 * Presence events as client-wide listeners receive them (docs/protocol.md §3): the official SDK's shape, where
 * `channel` and `subscription` are the plain names (without `-pnpres`) and the presence state travels as `state`.
 */
import type { SubscribeEnvelope } from '../operations/subscribe.js';
import { channelOfPresence } from '../presence/names.js';
import { isRecord } from '../response.js';
import type { Timetoken } from '../timetoken.js';

/** A join, leave, timeout, state change or interval, as a `presence` listener receives it. */
export interface PresenceListenerEvent {
  /** `join`, `leave`, `timeout`, `state-change`, `interval`, or another action the service sends. */
  readonly action: 'join' | 'leave' | 'timeout' | 'state-change' | 'interval' | (string & {});
  /** The channel the event is about, without `-pnpres`. */
  readonly channel: string;
  /** The subscription that matched (a group, a pattern or the channel), without `-pnpres`. */
  readonly subscription: string;
  /** The uuid that joined, left, timed out or changed its state (absent for `interval`). */
  readonly uuid?: string;
  /** How many uuids are on the channel after the event. */
  readonly occupancy?: number;
  /** When the event happened, in Unix seconds. */
  readonly timestamp?: number;
  /** The uuid's presence state (`state-change`, and `join` when it subscribed with state). */
  readonly state?: unknown;
  /** The event's timetoken in the presence channel. */
  readonly timetoken: Timetoken;
  /** `interval` events on busy channels: the uuids that joined, left or timed out since the last one. */
  readonly join?: readonly string[];
  readonly leave?: readonly string[];
  readonly timeout?: readonly string[];
}

/** Reads a presence envelope (`{channel}-pnpres`), or undefined when its payload is not a presence event. */
export function readPresenceEvent(envelope: SubscribeEnvelope): PresenceListenerEvent | undefined {
  const d = envelope.message;
  if (!isRecord(d) || typeof d.action !== 'string') return undefined;
  const event: { -readonly [K in keyof PresenceListenerEvent]: PresenceListenerEvent[K] } = {
    action: d.action,
    channel: channelOfPresence(envelope.channel),
    subscription: channelOfPresence(envelope.subscription),
    timetoken: envelope.timetoken,
  };
  if (typeof d.uuid === 'string') event.uuid = d.uuid;
  if (typeof d.occupancy === 'number') event.occupancy = d.occupancy;
  if (typeof d.timestamp === 'number') event.timestamp = d.timestamp;
  if (d.data !== undefined) event.state = d.data;
  for (const list of ['join', 'leave', 'timeout'] as const) {
    const names = d[list];
    if (Array.isArray(names) && names.every((n) => typeof n === 'string')) event[list] = names as string[];
  }
  return event;
}
