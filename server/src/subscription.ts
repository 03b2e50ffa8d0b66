/**
 * What one subscribe request listens to (docs/protocol.md §2.3, §2.4, §2.11; issue 12): named channels, wildcard
 * patterns and channel groups, each possibly with `-pnpres` — and how that maps onto the channel table.
 *
 * Theory of operation
 * -------------------
 * - A request is parked under its *watch keys*: a channel's or pattern's table key, or a group's key (marked with
 *   `\u0001`, since group and channel names share characters). A publish on channel `c` wakes the keys
 *   `keysWokenBy(c)`: `c` itself, the patterns that match it (core's `wildcardPatternsOf`) and the groups holding
 *   it (`g`, or `g-pnpres` for `c-pnpres`).
 * - When a request is answered its subscription is expanded *then* into `Source`s — a table key and the name that
 *   matched it (the envelope's `b`, v1's element 2) — so a channel added to a group while a subscriber waits is
 *   read as soon as it has messages. A channel reached twice (named and through a group) is read once, first match
 *   wins: named channels, then groups, then patterns.
 * - Presence: a subscriber is present on its named channels, on the channels of its groups, and on each pattern as
 *   a room of its own name (`a.*`): events of that room go to `a.*-pnpres`, where pattern presence subscribers also
 *   get the events of every channel the pattern matches (server/README.md "Wildcard subscribe").
 */
import {
  channelOfPresence,
  isPresenceChannel,
  isWildcardName,
  presenceChannel,
  wildcardPatternsOf,
  wildcardPrefix,
} from '@pubkit/core';
import type { ChannelGroupRegistry } from './channel-groups.js';
import { type ChannelTable, channelKey } from './channel-table.js';

/** The names a subscribe request asked for, already validated. */
export interface SubscribeTarget {
  readonly subKey: string;
  /** Named channels, `-pnpres` included. */
  readonly channels: readonly string[];
  /** Wildcard patterns (`a.*`, `a.b.*-pnpres`). */
  readonly patterns: readonly string[];
  /** Channel groups, `g-pnpres` included. */
  readonly groups: readonly string[];
}

/** Where a delivered message was read, and the subscription name that matched it. */
export interface Source {
  readonly key: string;
  readonly match: string;
}

/** Splits validated channel names into named channels and patterns. */
export function targetOf(subKey: string, names: readonly string[], groups: readonly string[]): SubscribeTarget {
  return {
    subKey,
    channels: names.filter((n) => !isWildcardName(n)),
    patterns: names.filter(isWildcardName),
    groups,
  };
}

/** The registry key a request waiting on group `group` is parked under. */
export function groupWatchKey(subKey: string, group: string): string {
  return `${subKey}\u0000\u0001${group}`;
}

/** Every key the request is parked under. */
export function watchKeys(t: SubscribeTarget): string[] {
  const keys = t.channels.map((c) => channelKey(t.subKey, c));
  for (const p of t.patterns) keys.push(channelKey(t.subKey, p));
  for (const g of t.groups) keys.push(groupWatchKey(t.subKey, g));
  return keys;
}

/** The watch keys a message appended under table key `key` wakes. */
export function keysWokenBy(key: string, groups: ChannelGroupRegistry): string[] {
  const cut = key.indexOf('\u0000');
  const subKey = key.slice(0, cut);
  const channel = key.slice(cut + 1);
  const keys = [key];
  for (const p of wildcardPatternsOf(channel)) keys.push(channelKey(subKey, p));
  const presence = isPresenceChannel(channel);
  const holding = groups.groupsOf(subKey, presence ? channelOfPresence(channel) : channel);
  if (holding) for (const g of holding) keys.push(groupWatchKey(subKey, presence ? presenceChannel(g) : g));
  return keys;
}

/** The sources of a subscription now: its named channels, its groups' channels, its patterns' channels. */
export function sourcesOf(t: SubscribeTarget, groups: ChannelGroupRegistry, table: ChannelTable): Source[] {
  const seen = new Set<string>();
  const out: Source[] = [];
  const add = (key: string, match: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ key, match });
  };
  for (const c of t.channels) add(channelKey(t.subKey, c), c);
  for (const g of t.groups) {
    const presence = isPresenceChannel(g);
    for (const c of groups.channels(t.subKey, presence ? channelOfPresence(g) : g)) {
      add(channelKey(t.subKey, presence ? presenceChannel(c) : c), g);
    }
  }
  for (const p of t.patterns) {
    // The pattern's own room (its presence events, for `a.*-pnpres`), then every channel it matches.
    add(channelKey(t.subKey, p), p);
    const presence = isPresenceChannel(p);
    for (const key of table.under(t.subKey, wildcardPrefix(p))) {
      if (isPresenceChannel(key) === presence) add(key, p);
    }
  }
  return out;
}

/**
 * The rooms a subscriber is present in: named channels and patterns (not `-pnpres`), and the channels of its
 * groups (not `g-pnpres`).
 */
export function presenceRooms(t: SubscribeTarget, groups: ChannelGroupRegistry): string[] {
  const rooms = new Set<string>();
  for (const c of t.channels) if (!isPresenceChannel(c)) rooms.add(c);
  for (const p of t.patterns) if (!isPresenceChannel(p)) rooms.add(p);
  for (const g of t.groups) if (!isPresenceChannel(g)) for (const c of groups.channels(t.subKey, g)) rooms.add(c);
  return [...rooms];
}

/** True when the subscription reaches nothing: no named channel or pattern, and every group empty or unknown. */
export function isEmptyTarget(t: SubscribeTarget, groups: ChannelGroupRegistry): boolean {
  if (t.channels.length > 0 || t.patterns.length > 0) return false;
  return t.groups.every((g) => !groups.has(t.subKey, channelOfPresence(g)));
}
