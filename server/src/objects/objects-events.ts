/**
 * App Context events (docs/protocol.md §14.5): every set and delete of a user, channel or membership is published
 * through the message bus as an envelope with `e: 2` (never stored) whose payload is
 * `{"source":"objects","version":"2.0","event":"set"|"delete","type":"uuid"|"channel"|"membership","data":…}`.
 *
 * Where: a user's event on the channel named by the user's id (the "user channel"), a channel's on the channel, a
 * membership's on both. The publisher (`i`) is the uuid that made the change. Events are published after the
 * store committed the change, so a subscriber never hears of a change that was then refused.
 */
import type { Services } from '../exchange.js';

/** What changed. */
export type ObjectsEventType = 'uuid' | 'channel' | 'membership';

/** Publishes one event on each of `channels`. */
export function publishObjectsEvent(
  services: Services,
  subKey: string,
  channels: readonly string[],
  event: 'set' | 'delete',
  type: ObjectsEventType,
  data: object,
  publisher: string | undefined,
): void {
  const payload = JSON.stringify({ source: 'objects', version: '2.0', event, type, data });
  for (const channel of new Set(channels)) {
    services.bus.publish({ subKey, channel, payload, publisher, eventType: 2, store: false });
  }
}
