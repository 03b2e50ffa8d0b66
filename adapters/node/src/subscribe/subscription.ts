/**
 * The handle `subscribe()` returns (docs/architecture.md §5): the seed's callbacks for one call, plus an async iterator over its
 * messages and `unsubscribe()`. Many handles share one multiplexed long-poll (`subscriber.ts`), which routes each
 * message and status to the handles that asked for its channel.
 *
 * Iteration: a handle without a `callback` buffers from the start (so nothing published between `subscribe()` and
 * the `for await` is lost); a handle with one buffers only once an iterator is asked for, so a callback-only
 * handle holds no memory. Until a `for await` begins, a message that a client-wide listener (`addListener`) hears
 * is not buffered: the official SDK's form (listeners + `subscribe({ channels })`) holds no memory either. The buffer is bounded; a consumer that falls `maxBuffered` messages behind gets a
 * `PubnubStateError` instead of unbounded growth. Leaving the loop (`break`, `return`, a throw) unsubscribes the
 * handle; a fatal subscribe error (e.g. 403) ends it by throwing that error.
 *
 * With `backfill`, a `gap` makes the handle hold its live messages until the gap's history is in, then release
 * both merged in timetoken order, each once (`backfill-gate.ts`; the fetch is in `backfill.ts`, docs/architecture.md §4).
 */
import {
  channelOfPresence,
  type FileEvent,
  isPresenceChannel,
  isWildcardName,
  type ListenerEvent,
  type MessageActionEvent,
  type ObjectsEvent,
  type PubnubError,
  PubnubMalformedResponseError,
  PubnubStateError,
  presenceChannel,
  type SubscribeEnvelope,
  type SubscribeStatus,
  wildcardPatternsOf,
} from '@pubkit/core';
import { type BackfillOptions, resolveBackfillCap } from './backfill.js';
import { BackfillGate } from './backfill-gate.js';

/** A delivered message as the subscribe callback's third argument and the iterator's value. */
export type MessageEnvelope = SubscribeEnvelope;

/** A presence event (docs/protocol.md §3) as delivered to `presence` callbacks. */
export interface PresenceEvent {
  readonly action: 'join' | 'leave' | 'timeout' | 'state-change' | 'interval' | (string & {});
  readonly uuid?: string;
  readonly occupancy?: number;
  readonly timestamp?: number;
  readonly data?: unknown;
  readonly [field: string]: unknown;
}

/** Callbacks and options of `subscribe()` (the seed's `callback, error, connect, disconnect, reconnect`). */
export interface SubscribeOptions {
  /** Each message: `(message, channel, envelope)`. */
  readonly callback?: ((message: unknown, channel: string, envelope: MessageEnvelope) => void) | undefined;
  /** A fatal subscribe error (e.g. 403), or a message that could not be decrypted (`PubnubCryptoError`). */
  readonly error?: ((error: PubnubError) => void) | undefined;
  /** Once per channel, when the subscription to it is established. */
  readonly connect?: ((channel: string) => void) | undefined;
  /** Per channel, when the connection is lost (retries follow) or `disconnect()` was called. */
  readonly disconnect?: ((channel: string) => void) | undefined;
  /** Per channel, when the connection is back after a loss. */
  readonly reconnect?: ((channel: string) => void) | undefined;
  /** Also subscribe to `{channel}-pnpres` and receive presence events: `(event, channel, envelope)`. */
  readonly presence?: ((event: PresenceEvent, channel: string, envelope: MessageEnvelope) => void) | undefined;
  /**
   * Each message action added to or removed from a message of the channel (docs/protocol.md §13.6):
   * `(event, channel, envelope)`. Action events never reach `callback`; the iterator yields their envelopes.
   */
  readonly messageAction?:
    | ((event: MessageActionEvent, channel: string, envelope: MessageEnvelope) => void)
    | undefined;
  /**
   * Each App Context change on the channel (docs/protocol.md §2.12), the event `addListener({ objects })` receives:
   * `(event, channel, envelope)`. These events never reach `callback`; the iterator yields their envelopes.
   */
  readonly objects?: ((event: ObjectsEvent, channel: string, envelope: MessageEnvelope) => void) | undefined;
  /**
   * Each file shared on the channel (docs/protocol.md §2.12), the event `addListener({ file })` receives:
   * `(event, channel, envelope)`. These events never reach `callback`; the iterator yields their envelopes.
   */
  readonly file?: ((event: FileEvent, channel: string, envelope: MessageEnvelope) => void) | undefined;
  /** Every status of the shared loop, including `gap` (an outage longer than the service's catch-up window). */
  readonly status?: ((status: SubscribeStatus) => void) | undefined;
  /**
   * Backfill gaps from history (docs/architecture.md §4). When a reconnect reports `gap { from, to }` for this handle's
   * channels and groups, the stored messages of each channel (not `-pnpres`) in `(from, to]` are fetched and delivered to
   * `callback` and the iterator before any later live message, in timetoken order, each once. History keeps
   * messages only (no signals, no presence) and no publisher: backfilled envelopes have no `publisher` and region
   * 0. A group's members are listed when the gap is reported (`channelGroups.listChannels`) and each is fetched, its
   * messages delivered with `subscription` = the group. A failed fetch or list call goes to `error` once (the live
   * stream goes on). Needs read access to history on the channels (and to the group's registry for groups).
   * `true` is `{ maxMessages: 1000 }` (per channel, per gap; the newest are kept).
   * @default false
   */
  readonly backfill?: boolean | BackfillOptions | undefined;
  /**
   * Presence state to announce on each channel and group of this call (the classic SDK's `state` on subscribe):
   * sent as `state` (`{ "<channel>": state, … }`) on the handshake, every poll and every heartbeat while the handle
   * is subscribed, so here_now with state shows it; being re-sent, it wins over a `setState` on the same channel
   * while the handle lasts. @default none
   */
  readonly state?: Readonly<Record<string, unknown>> | undefined;
  /** Aborting it unsubscribes this handle. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Most messages buffered for a slow `for await` consumer. Before the `for await` begins, messages a client-wide
   * listener hears are not kept for it: with listeners, start iterating right after `subscribe()`. @default 10000
   */
  readonly maxBuffered?: number | undefined;
}

/**
 * The official SDK's object form of `subscribe()`: `subscribe({ channels, withPresence })`, with any of
 * {@link SubscribeOptions} beside them. `withPresence` subscribes to each channel's `-pnpres` too; without a
 * `presence` callback its events reach `callback` and the iterator with `eventType: 'presence'`.
 */
export interface SubscribeParameters extends SubscribeOptions {
  /** Channels, wildcard patterns (`a.*`, `a.b.*`) included. */
  readonly channels?: string | readonly string[] | undefined;
  /**
   * Channel groups (`pubnub.channelGroups.*` manages them): every channel of a group is received, and a channel
   * added to a group while subscribed is received from then on. A message's envelope names the group as
   * `subscription` and the channel it was published on as `channel`.
   */
  readonly channelGroups?: string | readonly string[] | undefined;
  /** Also subscribe to the presence of each channel, pattern and group (`{name}-pnpres`). @default false */
  readonly withPresence?: boolean | undefined;
}

/** What one `subscribe()` call subscribes to (validated names, without `-pnpres` suffixes). */
export interface SubscriptionTarget {
  /** Channels and wildcard patterns. */
  readonly channels: readonly string[];
  /** Channel groups. */
  readonly groups: readonly string[];
  /** Channels (or patterns) whose presence (`-pnpres`) to receive too; not necessarily in `channels`. */
  readonly presenceChannels: readonly string[];
  /** Groups whose presence to receive too. */
  readonly presenceGroups: readonly string[];
}

/** Where a handle reports being done (the owning subscriber), and reads typed events (`listeners.ts`). */
export interface SubscriptionOwner {
  release(handle: Subscription): Promise<void>;
  /** The one envelope-to-event reader, shared with the client-wide listeners. */
  read(envelope: MessageEnvelope): ListenerEvent | undefined;
  /** True when a client-wide listener (`addListener`) has a method for this envelope's event type. */
  heard(envelope: MessageEnvelope): boolean;
}

type Waiter = { resolve: () => void };

/** One `subscribe()` call's handle. */
export class Subscription implements AsyncIterable<MessageEnvelope> {
  /** The channels and patterns this handle subscribed to, `-pnpres` names included. */
  readonly channels: readonly string[];
  /** The channel groups this handle subscribed to, `-pnpres` names included. */
  readonly groups: readonly string[];
  /** @internal The presence state this handle announces, by channel and group (`SubscribeOptions.state`). */
  readonly state: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined;
  readonly #names: ReadonlySet<string>;
  /** True when a channel of this handle is a wildcard pattern: messages are also matched by pattern. */
  readonly #patterns: boolean;
  readonly #presenceOf: ReadonlySet<string>;
  readonly #options: SubscribeOptions;
  readonly #owner: SubscriptionOwner;
  readonly #onError: (err: unknown, where: string) => void;
  readonly #announced = new Set<string>();
  #buffer: MessageEnvelope[] | undefined;
  /** True once a `for await` began: from then on every message is kept for it, listeners or not. */
  #iterating = false;
  #waiter: Waiter | undefined;
  #failure: unknown;
  #ended = false;
  #release: Promise<void> | undefined;
  readonly #maxBuffered: number;
  readonly #gate: BackfillGate | undefined;
  /** @internal Most messages fetched per channel per gap; undefined when this handle did not opt in. */
  readonly backfillCap: number | undefined;

  /** @internal Created by `Pubnub.subscribe()` / `presence()`. */
  constructor(
    owner: SubscriptionOwner,
    target: SubscriptionTarget,
    options: SubscribeOptions,
    onError: (err: unknown, where: string) => void,
  ) {
    this.#owner = owner;
    this.#options = options;
    this.#onError = onError;
    const { channels, groups, presenceChannels, presenceGroups } = target;
    const state = options.state;
    this.#presenceOf = new Set([...presenceChannels, ...presenceGroups]);
    this.channels = [...new Set([...channels, ...presenceChannels.map((c) => presenceChannel(c))])];
    this.groups = [...new Set([...groups, ...presenceGroups.map((g) => presenceChannel(g))])];
    this.#names = new Set([...this.channels, ...this.groups]);
    this.#patterns = this.channels.some(isWildcardName);
    this.state =
      state === undefined ? undefined : Object.fromEntries([...channels, ...groups].map((name) => [name, state]));
    this.#maxBuffered = options.maxBuffered ?? 10_000;
    this.backfillCap = resolveBackfillCap(options.backfill);
    this.#gate = this.backfillCap === undefined ? undefined : new BackfillGate();
    const { callback, presence, messageAction, objects, file } = options;
    if ([callback, presence, messageAction, objects, file].every((fn) => fn === undefined)) this.#buffer = [];
  }

  /** True once unsubscribed (or the client closed). */
  get closed(): boolean {
    return this.#ended;
  }

  /**
   * Stops this handle: its channels are dropped from the shared long-poll unless another handle still wants them,
   * and a leave is sent for the dropped ones. Idempotent. Never throws and never rejects, so it is safe in a
   * `close`/`disconnect` handler: a failure goes to the error path (`error` callback, logger) instead.
   */
  unsubscribe(): Promise<void> {
    if (this.#release === undefined) {
      this.#end();
      try {
        this.#release = this.#owner.release(this).catch((err: unknown) => this.#onError(err, 'unsubscribe'));
      } catch (err) {
        this.#onError(err, 'unsubscribe');
        this.#release = Promise.resolve();
      }
    }
    return this.#release;
  }

  /** Async iteration over this handle's messages; leaving the loop unsubscribes. */
  [Symbol.asyncIterator](): AsyncIterator<MessageEnvelope> {
    this.#buffer ??= [];
    this.#iterating = true;
    return this.#iterate();
  }

  async *#iterate(): AsyncGenerator<MessageEnvelope, void, undefined> {
    try {
      for (;;) {
        const buffer = this.#buffer!;
        if (buffer.length > 0) {
          yield buffer.shift()!;
          continue;
        }
        if (this.#failure !== undefined) throw this.#failure;
        if (this.#ended) return;
        await new Promise<void>((resolve) => {
          this.#waiter = { resolve };
        });
      }
    } finally {
      await this.unsubscribe();
    }
  }

  /** @internal True when this handle wants `name`: one of its channels, patterns or groups (`-pnpres` included). */
  wants(name: string): boolean {
    return this.#names.has(name);
  }

  /**
   * @internal True when this handle wants the message: the subscription that matched it (group, pattern or the
   * channel) or its channel is one of this handle's names, or, for a handle with patterns, a pattern that matches
   * the channel is (the service names one subscription per message, possibly another handle's).
   */
  accepts(envelope: MessageEnvelope): boolean {
    const names = this.#names;
    if (names.has(envelope.subscription) || names.has(envelope.channel)) return true;
    if (!this.#patterns) return false;
    for (const pattern of wildcardPatternsOf(envelope.channel)) if (names.has(pattern)) return true;
    return false;
  }

  /** @internal Delivers one live message (held while a backfill runs, dropped when a backfill delivered it). */
  deliver(envelope: MessageEnvelope): void {
    if (this.#ended) return;
    if (this.#gate !== undefined && this.#gate.live(envelope) !== 'deliver') return;
    this.#dispatch(envelope);
  }

  /** @internal A backfill for this handle starts: live messages are held from now on (`backfill-gate.ts`). */
  beginBackfill(): void {
    this.#gate?.begin();
  }

  /**
   * @internal A backfill ended: `fetched` (oldest first) are merged with the held live messages and released, and
   * `errors` (channels whose fetch failed) go to the `error` callback. Never throws.
   */
  endBackfill(fetched: readonly MessageEnvelope[], errors: readonly unknown[]): void {
    const gate = this.#gate;
    if (gate === undefined) return;
    const release = gate.end(fetched);
    if (this.#ended) return;
    const { error } = this.#options;
    for (const err of errors) {
      if (error !== undefined) this.#call(() => error(err as PubnubError), 'error');
    }
    for (const envelope of release) this.#dispatch(envelope);
  }

  /** The per-message path (issue 4's CPU goal): callbacks are called directly, no closure per message. */
  #dispatch(envelope: MessageEnvelope): void {
    const options = this.#options;
    const type = envelope.eventType;
    if (type === 'presence' && this.#presence(envelope)) return;
    if (type === 'messageAction' || type === 'objects' || type === 'file') {
      this.#typed(envelope);
      return;
    }

    const error = options.error;
    if (envelope.error !== undefined && error !== undefined) {
      try {
        error(envelope.error);
      } catch (err) {
        this.#onError(err, 'error');
      }
    } else {
      const callback = options.callback;
      if (callback !== undefined) {
        try {
          callback(envelope.message, envelope.channel, envelope);
        } catch (err) {
          this.#onError(err, 'callback');
        }
      }
    }
    this.#push(envelope);
  }

  /**
   * An action, App Context or file event goes to its own callback (never to `callback`, which is for messages),
   * read by the reader the client-wide listeners use, and to the iterator.
   */
  #typed(envelope: MessageEnvelope): void {
    const { messageAction, objects, file } = this.#options;
    if (messageAction !== undefined || objects !== undefined || file !== undefined) {
      const read = this.#owner.read(envelope);
      const channel = envelope.channel;
      if (read?.type === 'messageAction' && messageAction !== undefined) {
        this.#call(() => messageAction(read.event, channel, envelope), 'messageAction');
      } else if (read?.type === 'objects' && objects !== undefined) {
        this.#call(() => objects(read.event, channel, envelope), 'objects');
      } else if (read?.type === 'file' && file !== undefined) {
        this.#call(() => file(read.event, channel, envelope), 'file');
      }
    }
    this.#push(envelope);
  }

  /** A presence event for a channel whose presence this handle asked for goes to `presence`; false otherwise. */
  #presence(envelope: MessageEnvelope): boolean {
    const presence = this.#options.presence;
    const name = this.#names.has(envelope.subscription) ? envelope.subscription : envelope.channel;
    if (presence === undefined || !isPresenceChannel(name)) return false;
    if (!this.#presenceOf.has(channelOfPresence(name))) return false;
    // The channel the event is about (for a group's or a pattern's presence, the member channel, not the group).
    const channel = channelOfPresence(envelope.channel);
    this.#call(() => presence(envelope.message as PresenceEvent, channel, envelope), 'presence');
    this.#push(envelope);
    return true;
  }

  /** @internal Reports a status of the shared loop. */
  notify(status: SubscribeStatus): void {
    if (this.#ended) return;
    const mine = [...status.channels, ...status.groups].filter((c) => this.#names.has(c));
    const { connect, reconnect, disconnect, error } = this.#options;
    switch (status.category) {
      case 'connected':
      case 'subscriptionChanged':
      case 'reconnected':
        for (const channel of mine) {
          if (!this.#announced.has(channel)) {
            this.#announced.add(channel);
            if (connect !== undefined) this.#call(() => connect(channel), 'connect');
          } else if (status.category === 'reconnected' && reconnect !== undefined) {
            this.#call(() => reconnect(channel), 'reconnect');
          }
        }
        break;
      case 'disconnected':
        if (status.reason !== 'unsubscribed' && disconnect !== undefined) {
          for (const channel of mine)
            if (this.#announced.has(channel)) this.#call(() => disconnect(channel), 'disconnect');
        }
        // An answer pubkit could not read (a cursor of "0", an HTML page) is a bug on the far side that retries
        // will not fix on their own: say so on the error path, once per outage (issue 9 item 6).
        if (status.reason === 'failure' && status.error instanceof PubnubMalformedResponseError && mine.length > 0) {
          if (error !== undefined) this.#call(() => error(status.error as PubnubError), 'error');
        }
        break;
      case 'error':
        if (mine.length > 0) {
          if (error !== undefined) this.#call(() => error(status.error as PubnubError), 'error');
          if (this.#buffer !== undefined) {
            this.#failure = status.error;
            this.#wake();
          }
        }
        break;
      case 'gap':
        break;
    }
    const listener = this.#options.status;
    if (listener !== undefined && mine.length > 0) this.#call(() => listener(status), 'status');
  }

  /** @internal Ends iteration without sending anything (client closed). */
  end(): void {
    this.#end();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#wake();
  }

  #push(envelope: MessageEnvelope): void {
    const buffer = this.#buffer;
    if (buffer === undefined) return;
    // Before any `for await`, a message a client-wide listener hears is not also kept for an iteration that may
    // never come: in the official SDK's form (`addListener` + `subscribe({ channels })`) the handle would otherwise
    // hold every message up to `maxBuffered` (docs/performance.md §2).
    if (!this.#iterating && this.#owner.heard(envelope)) return;
    if (buffer.length >= this.#maxBuffered) {
      if (this.#failure === undefined) {
        this.#failure = new PubnubStateError(
          `subscription buffer full: the for-await consumer is ${this.#maxBuffered} messages behind`,
          { operation: 'subscribe' },
        );
      }
    } else {
      buffer.push(envelope);
    }
    this.#wake();
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.resolve();
  }

  #call(fn: () => void, where: string): void {
    try {
      fn();
    } catch (err) {
      this.#onError(err, where);
    }
  }
}
