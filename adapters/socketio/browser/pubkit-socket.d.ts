/**
 * Types of the browser helper and of the @pubkit/socketio protocol as the browser sees it. They repeat the
 * server's `protocol.ts` because a page cannot import a Node package; the README lists both sides.
 */

/** Why the bridge refused a request, or `TIMEOUT` when no ack came in time. */
export type PubkitErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_CHANNEL'
  | 'TOO_MANY_CHANNELS'
  | 'MESSAGE_TOO_LARGE'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'UPSTREAM'
  | 'CLOSED'
  | 'TIMEOUT';

/** A refused request. */
export declare class PubkitSocketError extends Error {
  readonly code: PubkitErrorCode;
  constructor(code: PubkitErrorCode, message: string);
}

/** `pubnub:message`: a message on a subscribed channel. */
export interface PubkitMessage<M = unknown> {
  readonly channel: string;
  readonly message: M;
  /** 17 digits, as a string: it exceeds 2^53. */
  readonly timetoken: string;
  readonly publisher?: string;
}

/** `pubnub:presence`: a join, leave or timeout on a subscribed channel. */
export interface PubkitPresence {
  readonly channel: string;
  readonly action: 'join' | 'leave' | 'timeout' | 'interval' | (string & {});
  /** Empty on `interval`. */
  readonly uuid: string;
  readonly occupancy: number;
  /** Seconds since the epoch. */
  readonly timestamp: number;
  /** `interval` only: uuids that joined since the last event. */
  readonly join?: readonly string[];
  /** `interval` only: uuids that left since the last event. */
  readonly leave?: readonly string[];
  /** `interval` only: too many changed to list; only `occupancy` is exact. */
  readonly hereNowRefresh?: boolean;
}

/** `pubnub:status`: `gap` means messages may have been missed; `reason` says why. */
export interface PubkitStatus {
  readonly category: 'gap' | 'error' | 'resubscribe-failed' | (string & {});
  readonly channel?: string;
  readonly reason?: string;
  readonly dropped?: number;
}

/** Payload of each pushed event. */
export interface PubkitEvents {
  message: PubkitMessage;
  presence: PubkitPresence;
  status: PubkitStatus;
}

/** The part of a socket.io client socket the helper uses. */
export interface SocketLike {
  timeout(ms: number): { emit(event: string, body: unknown, ack: (...args: never[]) => void): unknown };
  on(event: string, listener: (...args: never[]) => void): unknown;
}

/** Options of `createPubkitSocket`. */
export interface PubkitSocketOptions {
  /** How long a request waits for its ack. @default 10000 */
  readonly timeoutMs?: number;
  /** Subscribe again with `since` after socket.io reconnects. @default true */
  readonly resume?: boolean;
}

/** The helper's handle. */
export interface PubkitSocket {
  /** Joins channels; resolves to every channel this socket is on. Rejects with a `PubkitSocketError`. */
  subscribe(channels: string[], options?: { since?: string }): Promise<{ channels: string[] }>;
  /** Leaves channels; resolves to the channels this socket is still on. */
  unsubscribe(channels: string[]): Promise<{ channels: string[] }>;
  /** Publishes one message (at most 32 KiB as JSON). */
  publish(channel: string, message: unknown): Promise<{ timetoken: string }>;
  /** Listens to one kind of pushed event; returns a function that stops listening. */
  on<K extends keyof PubkitEvents>(kind: K, listener: (event: PubkitEvents[K]) => void): () => void;
  /** The newest timetoken seen on `channel`. */
  lastTimetoken(channel: string): string | undefined;
}

/** Wraps a connected socket.io client socket. */
export declare function createPubkitSocket(socket: SocketLike, options?: PubkitSocketOptions): PubkitSocket;
