/**
 * One upstream subscription per channel, however many sockets want it.
 *
 * Theory of operation: `acquire(channel)` counts a reference; the first one subscribes upstream and every
 * acquirer waits for that subscription's `connect` (so a socket's subscribe ack means "messages published from now
 * on reach you"). `release(channel)` drops a reference; the last one unsubscribes. A subscription that fails before
 * it connects fails every waiting acquirer; their callers release what they acquired, so the count stays exact.
 */
import type { BridgeFileUrl } from './options.js';
import type { FileEvent, MessageEvent, PresenceEvent, StatusEvent } from './protocol.js';
import type { BridgeClient, UpstreamSubscription } from './upstream.js';

/** Where the hub delivers what arrives upstream. */
export interface HubSink {
  message(channel: string, event: MessageEvent): void;
  presence(channel: string, event: PresenceEvent): void;
  file(channel: string, event: FileEvent): void;
  status(channel: string, event: StatusEvent): void;
}

interface Entry {
  refs: number;
  handle: UpstreamSubscription | undefined;
  connected: boolean;
  failure: Error | undefined;
  waiters: Array<(error?: Error) => void>;
}

/** Reference-counted upstream subscriptions. */
export class UpstreamHub {
  readonly #client: BridgeClient;
  readonly #sink: HubSink;
  readonly #timeoutMs: number;
  readonly #entries = new Map<string, Entry>();
  readonly #fileUrl: BridgeFileUrl | undefined;
  subscribes = 0;
  unsubscribes = 0;

  constructor(client: BridgeClient, sink: HubSink, connectTimeoutMs: number, fileUrl?: BridgeFileUrl) {
    this.#client = client;
    this.#sink = sink;
    this.#timeoutMs = connectTimeoutMs;
    this.#fileUrl = fileUrl;
  }

  /** Channels subscribed upstream now. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Takes a reference on `channel` and resolves once its upstream subscription is connected.
   * @throws the upstream error, or a timeout error, when it does not connect; the reference is still held
   */
  acquire(channel: string): Promise<void> {
    let entry = this.#entries.get(channel);
    if (entry === undefined) {
      entry = { refs: 0, handle: undefined, connected: false, failure: undefined, waiters: [] };
      this.#entries.set(channel, entry);
      this.#open(channel, entry);
    }
    entry.refs += 1;
    if (entry.connected) return Promise.resolve();
    if (entry.failure !== undefined) return Promise.reject(entry.failure);
    const waiting = entry;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.waiters = waiting.waiters.filter((w) => w !== settle);
        reject(new Error(`the upstream subscription to "${channel}" did not connect within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      timer.unref();
      const settle = (error?: Error): void => {
        clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      waiting.waiters.push(settle);
    });
  }

  /** Drops a reference; the last one unsubscribes upstream. */
  release(channel: string): void {
    const entry = this.#entries.get(channel);
    if (entry === undefined) return;
    entry.refs -= 1;
    if (entry.refs > 0) return;
    this.#entries.delete(channel);
    this.#settle(entry, new Error(`the subscription to "${channel}" was released`));
    this.unsubscribes += 1;
    // Leaving is called from disconnect handlers: a client that throws or rejects here must not take the process
    // down with an uncaught exception. The channel is released on this side either way.
    try {
      const left = entry.handle?.unsubscribe();
      if (left instanceof Promise) left.catch(() => undefined);
    } catch {
      // already counted as released; nothing else to undo
    }
  }

  /** Unsubscribes everything. */
  close(): void {
    for (const [channel, entry] of this.#entries) {
      entry.refs = 1;
      this.release(channel);
    }
  }

  #open(channel: string, entry: Entry): void {
    this.subscribes += 1;
    // The hub checks `#entries` in every callback: a late event for a released channel must not reach a new entry.
    const current = (): boolean => this.#entries.get(channel) === entry;
    try {
      entry.handle = this.#subscribe(channel, entry, current);
    } catch (error) {
      // A synchronous refusal (a name the client will not subscribe) fails this entry like an upstream error would.
      entry.failure = error instanceof Error ? error : new Error(String(error));
    }
  }

  #subscribe(channel: string, entry: Entry, current: () => boolean): UpstreamSubscription {
    return this.#client.subscribe([channel], {
      callback: (message, ch, envelope) => {
        if (!current()) return;
        const publisher = envelope.publisher;
        this.#sink.message(channel, {
          channel: ch,
          message,
          timetoken: envelope.timetoken,
          ...(publisher !== undefined ? { publisher } : {}),
        });
      },
      presence: (event) => {
        if (!current() || (event.uuid !== undefined && event.uuid === this.#client.uuid)) return;
        this.#sink.presence(channel, {
          channel,
          action: event.action,
          uuid: event.uuid ?? '',
          occupancy: event.occupancy ?? 0,
          timestamp: event.timestamp ?? 0,
        });
      },
      file: (event, ch, envelope) => {
        if (!current()) return;
        const { id, name } = event.file;
        const url = this.#fileUrl?.({ channel: ch, id, name });
        this.#sink.file(channel, {
          channel: ch,
          message: event.message,
          timetoken: envelope.timetoken,
          ...(event.publisher !== undefined ? { publisher: event.publisher } : {}),
          file: url === undefined ? { id, name } : { id, name, url },
        });
      },
      connect: () => {
        if (!current() || entry.connected) return;
        entry.connected = true;
        this.#settle(entry);
      },
      error: (error) => {
        if (!current()) return;
        if (entry.connected) this.#sink.status(channel, { category: 'error', channel, reason: errorCode(error) });
        else {
          entry.failure = error;
          this.#settle(entry, error);
        }
      },
      status: (status) => {
        if (!current()) return;
        if (status.category === 'gap') this.#sink.status(channel, { category: 'gap', channel, reason: 'upstream' });
      },
    });
  }

  #settle(entry: Entry, error?: Error): void {
    const waiters = entry.waiters;
    entry.waiters = [];
    for (const settle of waiters) settle(error);
  }
}

function errorCode(error: Error): string {
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' ? code : 'error';
}
