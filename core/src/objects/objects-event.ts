/**
 * App Context events on subscribe (docs/protocol.md §14.5): an envelope with `e: 2` whose payload is
 * `{"source":"objects","version":"2.0","event":"set"|"delete","type":"uuid"|"channel"|"membership","data":{…}}`.
 * A user's events arrive on the channel named by its uuid, a channel's on the channel itself, and a membership's on
 * both. The shape handed to callbacks is the official SDK's (`{ channel, timetoken, publisher, message: { event,
 * type, data } }`), plus `subscription`, `source` and `version`.
 */
import type { SubscribeEnvelope } from '../operations/subscribe.js';
import { isRecord } from '../response.js';
import type { Timetoken } from '../timetoken.js';
import type { ObjectCustom } from './custom-data.js';
import type { ChannelMetadataObject, Nested, UUIDMetadataObject } from './object-shapes.js';

/** A membership as an event carries it: both ids, the membership's own fields. */
export interface MembershipEventData {
  readonly channel: { readonly id: string };
  readonly uuid: { readonly id: string };
  readonly custom?: ObjectCustom | null;
  readonly status?: string | null;
  readonly type?: string | null;
  readonly updated?: string;
  readonly eTag?: string;
}

interface PayloadBase {
  readonly source: 'objects';
  /** Version of the event format, `2.0`. */
  readonly version: string;
  readonly event: 'set' | 'delete';
}

/** What changed: a user, a channel or a membership, set or deleted. */
export type ObjectsEventMessage =
  | (PayloadBase & { readonly type: 'uuid'; readonly data: Nested<UUIDMetadataObject> })
  | (PayloadBase & { readonly type: 'channel'; readonly data: Nested<ChannelMetadataObject> })
  | (PayloadBase & { readonly type: 'membership'; readonly data: MembershipEventData });

/** An App Context event, as the `objects` callbacks receive it. */
export interface ObjectsEvent {
  /** The channel it arrived on (the user's uuid for a user's events). */
  readonly channel: string;
  /** The subscription that matched (the channel, or its group or pattern). */
  readonly subscription: string;
  /** Timetoken of the event in the channel. */
  readonly timetoken: Timetoken;
  /** The uuid whose call caused it, when the service names one. */
  readonly publisher?: string;
  readonly message: ObjectsEventMessage;
}

function hasId(value: unknown): value is { id: string } & Record<string, unknown> {
  return isRecord(value) && typeof value.id === 'string';
}

/**
 * Reads an App Context event out of an `e: 2` envelope, or undefined when it is not one (another event type, an
 * unknown `event` or `type`, or `data` without the ids its type needs). Unknown fields of `data` are kept.
 */
export function readObjectsEvent(envelope: SubscribeEnvelope): ObjectsEvent | undefined {
  if (envelope.eventType !== 'objects' || !isRecord(envelope.message)) return undefined;
  const { event, type, data, version } = envelope.message;
  if (event !== 'set' && event !== 'delete') return undefined;
  const base: PayloadBase = { source: 'objects', version: typeof version === 'string' ? version : '2.0', event };
  let message: ObjectsEventMessage;
  if ((type === 'uuid' || type === 'channel') && hasId(data)) {
    message = { ...base, type, data } as ObjectsEventMessage;
  } else if (type === 'membership' && isRecord(data) && hasId(data.channel) && hasId(data.uuid)) {
    message = { ...base, type, data: data as unknown as MembershipEventData };
  } else {
    return undefined;
  }
  const out = {
    channel: envelope.channel,
    subscription: envelope.subscription,
    timetoken: envelope.timetoken,
    message,
  };
  return envelope.publisher === undefined ? out : { ...out, publisher: envelope.publisher };
}
