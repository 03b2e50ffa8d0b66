/**
 * `ClassicClient`: one unmodified JS 3.16.5 SDK instance behind promises, for the compatibility tests. Each request
 * method turns the SDK's `callback`/`error` pair into a promise with a deadline; `subscribe` records every callback
 * into `Feed`s; `shutdown` leaves no timer or socket behind (see `js3-sdk.ts` for why it unsubscribes first).
 */
import { Feed, sleep } from './feed.js';
import { initJs3, type Js3Callback, type Js3Grant, type Js3Sdk, type Js3Setup } from './js3-sdk.js';

/** The SDK called its `error` callback: `detail` is what it passed (e.g. `{ message, payload }` for a 403). */
export class ClassicCallError extends Error {
  readonly detail: unknown;
  constructor(operation: string, detail: unknown) {
    super(`JS 3.x ${operation} failed: ${JSON.stringify(detail)}`);
    this.name = 'ClassicCallError';
    this.detail = detail;
  }
}

/** A message or presence event as the 3.x subscribe callback received it. */
export interface Delivery {
  readonly message: unknown;
  /** The callback's third argument: the channel the SDK routed it to (without `-pnpres`). */
  readonly channel: string;
  /** The callback's second argument: the raw v1 response `[messages, timetoken, channels?]`. */
  readonly envelope: unknown;
}

/** What one `subscribe` call's callbacks received. */
export interface ClassicSubscription {
  readonly messages: Feed<Delivery>;
  readonly presence: Feed<Delivery>;
  readonly errors: Feed<unknown>;
  /** Channel names passed to `connect`. */
  readonly connects: Feed<string>;
}

/** `subscribe` options. */
export interface ClassicSubscribeOptions {
  /** Pass a `presence` callback (the SDK adds `{ch}-pnpres` to the same long-poll). */
  readonly presence?: boolean;
  readonly state?: Record<string, unknown>;
  /** Channel groups to subscribe to (comma-joined), beside or instead of channels. */
  readonly channelGroup?: string;
  /** Resume from this timetoken (no handshake). */
  readonly timetoken?: string;
  /** Replay the server's queue after the handshake. */
  readonly backfill?: boolean;
}

/** Deadline of one request call. */
const CALL_MS = 5_000;

/** One JS 3.16.5 instance. `setup` defaults: no ssl; `origin` is a bare host (the SDK ignores ports: use `proxy`). */
export class ClassicClient {
  readonly sdk: Js3Sdk;
  readonly uuid: string;
  /** What the SDK logged through its `error` setup hook (instead of `console.error`). */
  readonly logged: unknown[] = [];
  /** Channel groups this client subscribed to (the SDK lists only channels). */
  readonly #groups = new Set<string>();
  #down = false;

  constructor(setup: Omit<Js3Setup, 'ssl' | 'error'>) {
    this.uuid = setup.uuid;
    this.sdk = initJs3({ ...setup, ssl: false, error: (message) => this.logged.push(message) });
  }

  /** `time(callback)`: the SDK hands over `response[0]` (a JS number), or `0` on failure. */
  time(): Promise<number> {
    return this.#call('time', (callback) => this.sdk.time((tt) => callback(tt))) as Promise<number>;
  }

  /** `publish({channel, message, post?})`; resolves to `[1, "Sent", "<tt>"]`. */
  publish(channel: string, message: unknown, extra: { post?: boolean } = {}): Promise<unknown> {
    return this.#call('publish', (callback, error) =>
      this.sdk.publish({ channel, message, callback, error, ...extra }),
    );
  }

  /** `fire({channel, message})`; resolves like `publish`. */
  fire(channel: string, message: unknown): Promise<unknown> {
    return this.#call('fire', (callback, error) => this.sdk.fire({ channel, message, callback, error }));
  }

  /** `history({...})`; resolves to `[messages, start, end]`. */
  history(args: Omit<Parameters<Js3Sdk['history']>[0], 'callback' | 'error'>): Promise<unknown> {
    return this.#call('history', (callback, error) => this.sdk.history({ ...args, callback, error }));
  }

  /** `here_now({channel?, state?, uuids?})`; resolves to the flat body (one channel) or its `payload` (global). */
  hereNow(args: { channel?: string; state?: boolean; uuids?: boolean } = {}): Promise<unknown> {
    return this.#call('here_now', (callback, error) => this.sdk.here_now({ ...args, callback, error }));
  }

  /** `where_now({uuid})`; resolves to `payload` (`{ channels }`). */
  whereNow(uuid: string): Promise<unknown> {
    return this.#call('where_now', (callback, error) => this.sdk.where_now({ uuid, callback, error }));
  }

  /** `state({channel, state})` (set) or `state({channel, uuid})` (get); resolves to `payload`. */
  state(args: { channel: string; uuid?: string; state?: Record<string, unknown> }): Promise<unknown> {
    return this.#call('state', (callback, error) => this.sdk.state({ ...args, callback, error }));
  }

  /** `grant({...})` (v1, signed); resolves to `payload`. */
  grant(args: Js3Grant): Promise<unknown> {
    return this.#call('grant', (callback, error) => this.sdk.grant({ ...args, callback, error }));
  }

  /** `revoke({...})` = grant with read and write off; resolves to `payload`. */
  revoke(args: Omit<Js3Grant, 'read' | 'write' | 'manage'>): Promise<unknown> {
    return this.#call('revoke', (callback, error) => this.sdk.revoke({ ...args, callback, error }));
  }

  /** `audit({...})` (v1, signed); resolves to `payload`. */
  audit(args: { channel?: string; auth_key?: string }): Promise<unknown> {
    return this.#call('audit', (callback, error) => this.sdk.audit({ ...args, callback, error }));
  }

  /** `subscribe({channel, message, presence?, connect, error})`; returns the recorded callbacks. */
  subscribe(channel: string | readonly string[], options: ClassicSubscribeOptions = {}): ClassicSubscription {
    const sub: ClassicSubscription = {
      messages: new Feed(),
      presence: new Feed(),
      errors: new Feed(),
      connects: new Feed(),
    };
    if (options.channelGroup) this.#groups.add(options.channelGroup);
    this.sdk.subscribe({
      ...(channel.length > 0 ? { channel } : {}),
      ...(options.channelGroup ? { channel_group: options.channelGroup } : {}),
      message: (message, envelope, ch) => sub.messages.push({ message, channel: ch, envelope }),
      ...(options.presence
        ? { presence: (message, envelope, ch) => sub.presence.push({ message, channel: ch, envelope }) }
        : {}),
      connect: (ch) => sub.connects.push(ch),
      error: (err) => sub.errors.push(err),
      ...(options.state ? { state: options.state } : {}),
      ...(options.timetoken ? { timetoken: options.timetoken } : {}),
      ...(options.backfill ? { backfill: true } : {}),
    });
    return sub;
  }

  /** A channel-group registry call (`channel_group_*`); resolves to what the SDK hands its callback. */
  channelGroup(
    call: 'add_channel' | 'remove_channel' | 'list_channels' | 'remove_group' | 'list_groups',
    args: { channel_group?: string; channel?: string } = {},
  ): Promise<unknown> {
    return this.#call(`channel_group_${call}`, (callback, error) => {
      const sdk = this.sdk as unknown as Record<string, (a: object) => void>;
      sdk[`channel_group_${call}`]!({ ...args, callback, error });
    });
  }

  /** `unsubscribe({channel})`: resolves to the leave response (`{ action: 'leave', … }`). */
  unsubscribe(channel: string | readonly string[]): Promise<unknown> {
    return this.#call('unsubscribe', (callback, error) => this.sdk.unsubscribe({ channel, callback, error }));
  }

  /**
   * Unsubscribes every channel (aborting the long-poll, waiting for the leave, whatever its answer), lets the SDK's
   * 10 ms windowed reconnect find nothing to do, then `shutdown()`: its timers are cleared and its agent destroyed.
   * Idempotent.
   */
  async shutdown(): Promise<void> {
    if (this.#down) return;
    this.#down = true;
    const channels = this.sdk.get_subscribed_channels();
    if (channels.length > 0) await this.unsubscribe(channels).catch(() => undefined);
    for (const channel_group of this.#groups) {
      await this.#call('unsubscribe', (callback, error) =>
        this.sdk.unsubscribe({ channel_group, callback, error }),
      ).catch(() => undefined);
    }
    await sleep(30);
    this.sdk.shutdown();
  }

  #call(operation: string, start: (callback: Js3Callback, error: Js3Callback) => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`JS 3.x ${operation}: no callback within ${CALL_MS} ms`)),
        CALL_MS,
      );
      start(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (detail) => {
          clearTimeout(timer);
          reject(new ClassicCallError(operation, detail));
        },
      );
    });
  }
}
