/**
 * Client-wide listeners (issue 12): `pubnub.addListener({ message, signal, presence, objects, messageAction, file,
 * status })`, the official SDK's names and event shapes. Each listener hears every subscription of its client (or
 * view), besides the per-call callbacks of each `subscribe()`.
 *
 * - One reader: an envelope becomes an event in core's `readListenerEvent` (docs/protocol.md §2.12), the same reader
 *   the per-call `messageAction`/`objects`/`file`/`signal` callbacks use (`Subscription`, through `read`). Nothing
 *   is built when no listener is registered, so the per-message path of a client without listeners is unchanged.
 * - Statuses become the official SDK's categories in `status-categories.ts`.
 * - A listener that throws never stops the loop nor the other listeners: the error goes to the `status` listeners
 *   as `PNCallbackErrorCategory`, else a process warning, through the one handling of `callback-errors.ts`. So
 *   does a per-call callback that throws when its `subscribe()` has no `error` callback (`report`).
 * - Adding or removing during a dispatch is safe: a dispatch walks the array of the listeners there were when it
 *   started (replaced, never changed in place), and skips one removed meanwhile, so a removed listener hears
 *   nothing more, even from the event being dispatched; one added meanwhile hears the next event.
 */

import type { FileEvent, MessageEvent, ObjectsEvent, PresenceListenerEvent, SignalEvent } from '@pubkit/core';
import {
  type FileEventReading,
  type ListenerEvent,
  type MessageActionEvent,
  type PubnubError,
  PubnubValidationError,
  readListenerEvent,
  readMessageEvent,
  type SubscribeEnvelope,
  type SubscribeStatus,
} from '@pubkit/core';
import { reportCallbackError } from '../callback-errors.js';
import type { ClientRuntime } from '../runtime.js';
import { type ConnectedSet, callbackErrorStatus, type StatusEvent, statusEventOf } from './status-categories.js';

/** What `addListener` takes: any of the official SDK's listener methods. */
export interface Listener {
  /** Each published message, from every subscription of the client. */
  message?(event: MessageEvent): void;
  /** Each signal. */
  signal?(event: SignalEvent): void;
  /** Each presence event of a presence subscription (`withPresence`, `presence()`). */
  presence?(event: PresenceListenerEvent): void;
  /** Each App Context change (a uuid, channel or membership set or deleted). */
  objects?(event: ObjectsEvent): void;
  /** Each message action added or removed. */
  messageAction?(event: MessageActionEvent): void;
  /** Each file shared on a subscribed channel. */
  file?(event: FileEvent): void;
  /** Each status of the subscribe loop, under the official SDK's categories (`Pubnub.CATEGORIES`). */
  status?(event: StatusEvent): void;
}

const LISTENER_METHODS: ReadonlySet<string> = new Set([
  'message',
  'signal',
  'presence',
  'objects',
  'messageAction',
  'file',
  'status',
]);

/** The client-wide listeners of one client or view, and the event reading they share with per-call callbacks. */
export class ListenerSet {
  readonly #runtime: ClientRuntime;
  readonly #live = new Set<Listener>();
  /** `#live` as an array, replaced on every change (see the file header). */
  #list: readonly Listener[] = [];
  /** The set of the last connected status, for `affectedChannels`. */
  #connected: ConnectedSet = { channels: [], groups: [] };
  /**
   * How file events are completed: the client's cipher, and the download URL builder, which the Files API sets
   * (`listeners.reading.fileUrl = …`) so that `file` events carry `file.url`.
   */
  readonly reading: { -readonly [K in keyof FileEventReading]: FileEventReading[K] };

  constructor(runtime: ClientRuntime) {
    this.#runtime = runtime;
    this.reading = { cipher: runtime.cipher };
  }

  /** True while at least one listener is registered. */
  get active(): boolean {
    return this.#list.length > 0;
  }

  /**
   * Registers `listener` (adding the same object twice keeps one).
   * @throws PubnubValidationError when it is not an object, names a method pubkit does not know, or a method is
   *   not a function
   */
  add(listener: Listener): void {
    if (typeof listener !== 'object' || listener === null) {
      throw new PubnubValidationError('listener', 'addListener takes an object of listener functions', {
        operation: 'addListener',
      });
    }
    for (const [name, fn] of Object.entries(listener)) {
      if (!LISTENER_METHODS.has(name)) {
        throw new PubnubValidationError(
          `listener.${name}`,
          `unknown listener "${name}": one of ${[...LISTENER_METHODS].join(', ')}`,
          { operation: 'addListener' },
        );
      }
      if (fn !== undefined && typeof fn !== 'function') {
        throw new PubnubValidationError(`listener.${name}`, `listener.${name} must be a function`, {
          operation: 'addListener',
        });
      }
    }
    if (this.#live.has(listener)) return;
    this.#live.add(listener);
    this.#list = [...this.#live];
  }

  /** Unregisters `listener` (by identity); it hears nothing more, even from a dispatch under way. */
  remove(listener: Listener): void {
    if (!this.#live.delete(listener)) return;
    this.#list = [...this.#live];
  }

  /** Unregisters every listener. */
  removeAll(): void {
    this.#live.clear();
    this.#list = [];
  }

  /** True when a registered listener has a method for `envelope`'s event type (named as the type). */
  hears(envelope: SubscribeEnvelope): boolean {
    const list = this.#list;
    const method = envelope.eventType;
    for (let i = 0; i < list.length; i++) if (typeof list[i]![method] === 'function') return true;
    return false;
  }

  /** The event an envelope is, for listeners and per-call callbacks alike (undefined: not a readable event). */
  read(envelope: SubscribeEnvelope): ListenerEvent | undefined {
    return readListenerEvent(envelope, this.reading);
  }

  /** @internal One envelope of the loop, to every listener with a method for its type. */
  deliver(envelope: SubscribeEnvelope): void {
    const list = this.#list;
    if (list.length === 0) return;
    // Messages, nearly every event, are read by the same reader `readListenerEvent` uses, without its
    // `{ type, event }` wrapper: one object less per delivered message (docs/performance.md §2).
    if (envelope.eventType === 'message') {
      this.#broadcast(list, 'message', readMessageEvent(envelope));
      return;
    }
    const read = this.read(envelope);
    if (read === undefined) {
      this.#runtime.config.logger.warn('subscribe: an event of unexpected shape was dropped', {
        channel: envelope.channel,
        eventType: envelope.eventType,
      });
      return;
    }
    this.#broadcast(list, read.type, read.event);
  }

  /** @internal One status of the loop, to every `status` listener. */
  status(status: SubscribeStatus): void {
    const event = statusEventOf(status, this.#connected);
    if (status.category === 'connected' || status.category === 'subscriptionChanged') {
      this.#connected = { channels: status.channels, groups: status.groups };
    } else if (status.category === 'disconnected' && status.reason === 'unsubscribed') {
      this.#connected = { channels: [], groups: [] };
    }
    if (this.#list.length > 0) this.#broadcast(this.#list, 'status', event);
  }

  #broadcast(list: readonly Listener[], type: keyof Listener, event: unknown): void {
    for (let i = 0; i < list.length; i++) {
      const listener = list[i]!;
      const method = listener[type] as ((this: Listener, event: unknown) => void) | undefined;
      // Every add or remove replaces `#list`: while it is still `list`, nothing was removed since the dispatch
      // began, and the set lookup per listener per message is skipped (docs/performance.md §2).
      if (method === undefined || (list !== this.#list && !this.#live.has(listener))) continue;
      try {
        method.call(listener, event);
      } catch (err) {
        this.#threw(err, type);
      }
    }
  }

  /**
   * @internal A callback threw (a listener, or a per-call callback without an `error` callback): the `status`
   * listeners hear it as `PNCallbackErrorCategory`. False when there is none (then `callback-errors.ts` warns).
   */
  report(error: PubnubError): boolean {
    const list = this.#list;
    if (!list.some((l) => l.status !== undefined)) return false;
    this.#broadcast(list, 'status', callbackErrorStatus(error, this.#connected));
    return true;
  }

  /** A listener threw: `status` listeners hear it (unless a status listener is what threw), else a warning. */
  #threw(err: unknown, type: keyof Listener): void {
    const { logger } = this.#runtime.config;
    const deliver = type === 'status' ? undefined : (error: PubnubError) => this.report(error);
    reportCallbackError(err, `listener ${type}`, { owner: this.#runtime, logger, deliver });
  }
}
