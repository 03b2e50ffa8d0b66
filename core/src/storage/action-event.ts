/**
 * Message-action events on subscribe (docs/protocol.md §13.6): an envelope with `e: 3` whose payload is
 * `{"source":"actions","event":"added"|"removed","data":{type, value, messageTimetoken, actionTimetoken}}` and whose
 * publisher `i` is the uuid that added or removed the action.
 */
import type { SubscribeEnvelope } from '../operations/subscribe.js';
import { isRecord } from '../response.js';
import { type MessageAction, readAction } from './message-action-shapes.js';

/** A message action added or removed, as the `messageAction` callbacks receive it. */
export interface MessageActionEvent {
  readonly event: 'added' | 'removed';
  readonly channel: string;
  /** The subscription that matched (the channel, or its group or pattern). */
  readonly subscription: string;
  /** Timetoken of the event in the channel (not the action's own timetoken). */
  readonly timetoken: string;
  /** The uuid that added or removed it. */
  readonly publisher: string;
  readonly data: MessageAction;
}

/** Reads an action event out of an `e: 3` envelope, or undefined when it is not one. */
export function readActionEvent(envelope: SubscribeEnvelope): MessageActionEvent | undefined {
  if (envelope.eventType !== 'messageAction' || !isRecord(envelope.message)) return undefined;
  const { event, data } = envelope.message;
  const publisher = envelope.publisher ?? (isRecord(data) && typeof data.uuid === 'string' ? data.uuid : undefined);
  if ((event !== 'added' && event !== 'removed') || publisher === undefined || !isRecord(data)) return undefined;
  const action = readAction({ ...data, uuid: publisher });
  if (action === undefined) return undefined;
  return {
    event,
    channel: envelope.channel,
    subscription: envelope.subscription,
    timetoken: envelope.timetoken,
    publisher,
    data: action,
  };
}
