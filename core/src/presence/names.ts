/**
 * Presence channel names (docs/protocol.md §3): a channel's presence events travel on `{channel}-pnpres`. The one place
 * that spells the suffix; the client, the server and the adapters ask here.
 */

/** Suffix of a presence channel (docs/protocol.md §3). */
export const PRESENCE_SUFFIX = '-pnpres';

/** The presence channel of `channel`: `{channel}-pnpres`. */
export function presenceChannel(channel: string): string {
  return `${channel}${PRESENCE_SUFFIX}`;
}

/** True for a presence channel (or group) name. */
export function isPresenceChannel(name: string): boolean {
  return name.endsWith(PRESENCE_SUFFIX);
}

/** The channel a presence channel reports on (`ch-pnpres` → `ch`); other names come back unchanged. */
export function channelOfPresence(name: string): string {
  return isPresenceChannel(name) ? name.slice(0, -PRESENCE_SUFFIX.length) : name;
}

/** Drops presence channels/groups: heartbeat and leave concern the real ones only (docs/protocol.md §2.9, §2.10). */
export function withoutPresence(names: readonly string[]): string[] {
  return names.filter((name) => !isPresenceChannel(name));
}
