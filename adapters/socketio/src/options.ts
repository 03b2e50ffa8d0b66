/**
 * Bridge options, their defaults, and the checks that run once when a bridge is created (a bad option is a
 * programming error, so it throws there rather than on the first browser request).
 */
import { PubnubValidationError } from '@pubkit/core';
import type { PublishPolicy } from './fair-publisher.js';
import type { PresencePolicy } from './presence.js';

/** What a socket asks to do with a channel. */
export type Permission = 'read' | 'write';

/**
 * Decides whether `socket` may read (subscribe to) or write (publish to) `channel`. Only `true` allows; anything
 * else, a thrown error or a rejected promise included, denies.
 */
export type Authorize<S> = (socket: S, channel: string, permission: Permission) => boolean | Promise<boolean>;

/** What to do when a socket's queue is full. */
export type OverflowPolicy = 'drop-oldest' | 'disconnect';

/** Bounds of the per-socket queue toward the browser. */
export interface QueueOptions {
  /** Most messages held for one socket. @default 1000 */
  readonly maxMessages?: number;
  /** Most bytes (JSON of the payloads) held for one socket. @default 1048576 (1 MiB) */
  readonly maxBytes?: number;
  /**
   * `drop-oldest` discards the oldest queued messages and later tells the socket with a `gap` status;
   * `disconnect` closes the socket. @default 'drop-oldest'
   */
  readonly onFull?: OverflowPolicy;
}

/** How browser sockets' presence is announced (docs/protocol.md §3, announce and interval modes). */
export interface PresenceOptions {
  /**
   * Most sockets on a channel for which each join and leave is announced as it happens; above it, changes are
   * gathered into one `interval` event per channel every `intervalMs`. @default 20
   */
  readonly announceMax?: number;
  /** How often a busy channel's `interval` event is sent (only when something changed). @default 10000 */
  readonly intervalMs?: number;
  /** Most uuids listed in one `interval` event's `join` and `leave`; past it, `hereNowRefresh: true`. @default 100 */
  readonly maxDeltas?: number;
}

/** Limits on publishing through the bridge, so one socket cannot crowd out the others. */
export interface PublishOptions {
  /** Most publishes one socket may have waiting or in flight; one more is refused with `RATE_LIMITED`. @default 32 */
  readonly maxPendingPerSocket?: number;
  /** Most publishes of one channel handed to the client at once; sockets take turns for them. @default 32 */
  readonly maxInFlightPerChannel?: number;
}

/** Options of `createBridge` and `createWsBridge`. */
export interface BridgeOptions<S> {
  /** Required. Write is denied unless it says yes; so is read. */
  readonly authorize: Authorize<S>;
  /** Most channels one socket may be subscribed to. @default 50 */
  readonly maxChannelsPerSocket?: number;
  /** The per-socket queue. */
  readonly queue?: QueueOptions;
  /** Messages of history replayed to a socket when it joins a channel without `since`. @default 0 */
  readonly historyOnJoin?: number;
  /**
   * Most stored messages a `since` resume replays per channel (the newest); past it the socket gets a `gap`
   * status (`history-limit`). Bounds what one resume costs (a `since` of days ago). @default 1000
   */
  readonly maxResume?: number;
  /**
   * Prefix of the socket.io room of a channel. The default cannot collide with a socket id room, because channel
   * names cannot contain `:`. @default 'pubnub:'
   */
  readonly namespace?: string;
  /** How long a subscribe waits for the upstream subscription to connect before it fails. @default 10000 */
  readonly connectTimeoutMs?: number;
  /** The uuid a socket is known by in the presence events the bridge sends for it. @default the socket's id */
  readonly identify?: (socket: S) => string;
  /** How sockets' joins and leaves are announced. */
  readonly presence?: PresenceOptions;
  /** Per-socket publish limits. */
  readonly publish?: PublishOptions;
  /**
   * The URL sockets download a shared file from, sent in `pubnub:file` as `file.url` (docs/protocol.md §15.10):
   * the app's files route, e.g. `(f) => \`/files/${f.channel}/${f.id}/${encodeURIComponent(f.name)}\``. Never the
   * client's signed PubNub URL. Without it file events carry `{ id, name }` only.
   */
  readonly fileUrl?: BridgeFileUrl;
}

/** Where a browser downloads a shared file: the app's files route (`fileRoute`), or undefined to send no URL. */
export type BridgeFileUrl = (file: { channel: string; id: string; name: string }) => string | undefined;

/** Options with every default applied. */
export interface ResolvedOptions<S> {
  readonly authorize: Authorize<S>;
  readonly maxChannelsPerSocket: number;
  readonly maxMessages: number;
  readonly maxBytes: number;
  readonly onFull: OverflowPolicy;
  readonly historyOnJoin: number;
  readonly maxResume: number;
  readonly namespace: string;
  readonly connectTimeoutMs: number;
  readonly identify: ((socket: S) => string) | undefined;
  readonly presence: PresencePolicy;
  readonly publish: PublishPolicy;
  readonly fileUrl: BridgeFileUrl | undefined;
}

function positiveInt(value: number | undefined, fallback: number, field: string, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new PubnubValidationError(field, `${field} must be an integer of at least ${min}`);
  }
  return value;
}

/**
 * Applies defaults and checks the options.
 * @throws PubnubValidationError when `authorize` is missing or a bound is not a positive integer
 */
export function resolveOptions<S>(options: BridgeOptions<S>): ResolvedOptions<S> {
  if (typeof options?.authorize !== 'function') {
    throw new PubnubValidationError('authorize', 'authorize(socket, channel, permission) is required');
  }
  const onFull = options.queue?.onFull ?? 'drop-oldest';
  if (onFull !== 'drop-oldest' && onFull !== 'disconnect') {
    throw new PubnubValidationError('queue.onFull', "queue.onFull must be 'drop-oldest' or 'disconnect'");
  }
  return {
    authorize: options.authorize,
    maxChannelsPerSocket: positiveInt(options.maxChannelsPerSocket, 50, 'maxChannelsPerSocket'),
    maxMessages: positiveInt(options.queue?.maxMessages, 1000, 'queue.maxMessages'),
    maxBytes: positiveInt(options.queue?.maxBytes, 1024 * 1024, 'queue.maxBytes'),
    onFull,
    historyOnJoin: positiveInt(options.historyOnJoin, 0, 'historyOnJoin', 0),
    maxResume: positiveInt(options.maxResume, 1000, 'maxResume'),
    namespace: options.namespace ?? 'pubnub:',
    connectTimeoutMs: positiveInt(options.connectTimeoutMs, 10_000, 'connectTimeoutMs'),
    identify: options.identify,
    presence: {
      announceMax: positiveInt(options.presence?.announceMax, 20, 'presence.announceMax', 0),
      intervalMs: positiveInt(options.presence?.intervalMs, 10_000, 'presence.intervalMs'),
      maxDeltas: positiveInt(options.presence?.maxDeltas, 100, 'presence.maxDeltas', 0),
    },
    publish: {
      maxPendingPerSocket: positiveInt(options.publish?.maxPendingPerSocket, 32, 'publish.maxPendingPerSocket'),
      maxInFlightPerChannel: positiveInt(options.publish?.maxInFlightPerChannel, 32, 'publish.maxInFlightPerChannel'),
    },
    fileUrl: options.fileUrl,
  };
}
