/**
 * App Context events (`e: 2`, docs/protocol.md §2.12) as client-wide listeners receive them: the official SDK's
 * `{ channel, subscription, timetoken, publisher, message: { event, type, data } }`. The App Context engineers'
 * server emits them and their client API names the objects; this file is the one reader of the envelope.
 */
import type { SubscribeEnvelope } from '../operations/subscribe.js';
import { isRecord } from '../response.js';
import type { Timetoken } from '../timetoken.js';

/** A uuid or channel object in an event: its `id` and whatever fields the change carried (`name`, `custom`…). */
export interface ObjectsEventEntity {
  readonly id: string;
  readonly [field: string]: unknown;
}

/** A membership in an event: both sides by id, plus its own fields (`custom`, `updated`, `eTag`…). */
export interface ObjectsEventMembership {
  readonly uuid: ObjectsEventEntity;
  readonly channel: ObjectsEventEntity;
  readonly [field: string]: unknown;
}

/**
 * What changed: `event` is `set` (created or updated) or `delete`; `type` says which kind of object `data` is.
 * For `delete` of a uuid or channel, `data` may hold only `id`.
 */
export type ObjectsEventMessage =
  | { readonly event: 'set' | 'delete'; readonly type: 'uuid' | 'channel'; readonly data: ObjectsEventEntity }
  | { readonly event: 'set' | 'delete'; readonly type: 'membership'; readonly data: ObjectsEventMembership };

/** An App Context change as an `objects` listener receives it. */
export interface ObjectsEvent {
  /** The channel the event was sent on (the uuid's or the channel's own name). */
  readonly channel: string;
  /** The subscription that matched (a group, a pattern or the channel itself). */
  readonly subscription: string;
  /** The event's timetoken in the channel. */
  readonly timetoken: Timetoken;
  /** The uuid that made the change, when the service names it. */
  readonly publisher: string | undefined;
  readonly message: ObjectsEventMessage;
}

/** Reads an `e: 2` envelope, or undefined when its payload is not an App Context event. */
export function readObjectsEvent(envelope: SubscribeEnvelope): ObjectsEvent | undefined {
  if (envelope.eventType !== 'objects') return undefined;
  const d = envelope.message;
  if (!isRecord(d) || (d.event !== 'set' && d.event !== 'delete') || !isRecord(d.data)) return undefined;
  const { event, type, data } = d;
  let message: ObjectsEventMessage;
  if (type === 'uuid' || type === 'channel') {
    if (!isEntity(data)) return undefined;
    message = { event, type, data };
  } else if (type === 'membership') {
    if (!isEntity(data.uuid) || !isEntity(data.channel)) return undefined;
    message = { event, type, data: data as ObjectsEventMembership };
  } else {
    return undefined;
  }
  return {
    channel: envelope.channel,
    subscription: envelope.subscription,
    timetoken: envelope.timetoken,
    publisher: envelope.publisher,
    message,
  };
}

function isEntity(value: unknown): value is ObjectsEventEntity {
  return isRecord(value) && typeof value.id === 'string';
}
