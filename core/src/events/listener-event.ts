/**
 * The one reader from a subscribe envelope to the event a listener receives (docs/protocol.md §2.12): the
 * envelope's `eventType` picks the reader, and the result is tagged with the name of the listener method that
 * takes it (`message`, `signal`, `presence`, `objects`, `messageAction`, `file`), so a dispatcher routes with
 * `listener[type]`. Client-wide listeners and per-call callbacks are both fed from here.
 */
import type { SubscribeEnvelope } from '../operations/subscribe.js';
import { type MessageActionEvent, readActionEvent } from '../storage/action-event.js';
import { type FileEvent, type FileEventReading, readFileEvent } from './file-event.js';
import { type MessageEvent, readMessageEvent, type SignalEvent } from './message-event.js';
import { type ObjectsEvent, readObjectsEvent } from './objects-event.js';
import { type PresenceListenerEvent, readPresenceEvent } from './presence-event.js';

/** Every event a listener can receive, tagged with the listener method that takes it. */
export type ListenerEvent =
  | { readonly type: 'message'; readonly event: MessageEvent }
  | { readonly type: 'signal'; readonly event: SignalEvent }
  | { readonly type: 'presence'; readonly event: PresenceListenerEvent }
  | { readonly type: 'objects'; readonly event: ObjectsEvent }
  | { readonly type: 'messageAction'; readonly event: MessageActionEvent }
  | { readonly type: 'file'; readonly event: FileEvent };

/**
 * Reads any envelope into its listener event, or undefined when the payload does not have the shape its event type
 * promises (a presence payload without `action`, an action event without `data`…): such an envelope is no event.
 */
export function readListenerEvent(
  envelope: SubscribeEnvelope,
  reading: FileEventReading = {},
): ListenerEvent | undefined {
  switch (envelope.eventType) {
    case 'message':
      return { type: 'message', event: readMessageEvent(envelope) };
    case 'signal':
      return { type: 'signal', event: readMessageEvent(envelope) };
    case 'presence':
      return tag('presence', readPresenceEvent(envelope));
    case 'objects':
      return tag('objects', readObjectsEvent(envelope));
    case 'messageAction':
      return tag('messageAction', readActionEvent(envelope));
    case 'file':
      return tag('file', readFileEvent(envelope, reading));
  }
}

function tag<T extends ListenerEvent['type']>(
  type: T,
  event: Extract<ListenerEvent, { type: T }>['event'] | undefined,
): ListenerEvent | undefined {
  return event === undefined ? undefined : ({ type, event } as ListenerEvent);
}
