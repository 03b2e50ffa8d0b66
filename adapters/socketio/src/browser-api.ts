/**
 * The browser helper's API (`browser/pubkit-socket.js`), as types over the protocol module. This file is not
 * compiled into the package's JavaScript: `scripts/browser-types.mjs` turns it and `protocol.ts` into
 * `browser/pubkit-socket.d.ts`, so the browser's types are the server's, never a hand copy that can drift
 * (a test fails when the checked-in file differs from what the script writes).
 */
import type { BridgeErrorCode, FileEvent, MessageEvent, PresenceEvent, PushPayloads, StatusEvent } from './protocol.js';

/** Why the bridge refused a request, or `TIMEOUT` when no ack came in time. */
export type PubkitErrorCode = BridgeErrorCode | 'TIMEOUT';

/** A refused request. */
export declare class PubkitSocketError extends Error {
  readonly code: PubkitErrorCode;
  constructor(code: PubkitErrorCode, message: string);
}

/** `pubnub:message`: a message on a subscribed channel; `M` types the message. */
export type PubkitMessage<M = unknown> = Omit<MessageEvent, 'message'> & { readonly message: M };

/** `pubnub:presence`: a join, leave or timeout on a subscribed channel, or a busy channel's `interval`. */
export type PubkitPresence = PresenceEvent;

/** `pubnub:file`: a file shared on a subscribed channel; `file.url` is where to download it (when the server set one). */
export type PubkitFile = FileEvent;

/** `pubnub:status`: `gap` means messages may have been missed; `reason` says why. */
export type PubkitStatus = StatusEvent;

/** Payload of each pushed event. */
export type PubkitEvents = PushPayloads;

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
  /** Publishes one message (at most 32 KiB as JSON). Rejects with `RATE_LIMITED` when too many are pending. */
  publish(channel: string, message: unknown): Promise<{ timetoken: string }>;
  /** Listens to one kind of pushed event; returns a function that stops listening. */
  on<K extends keyof PubkitEvents>(kind: K, listener: (event: PubkitEvents[K]) => void): () => void;
  /** The newest timetoken seen on `channel`. */
  lastTimetoken(channel: string): string | undefined;
}

/** Wraps a connected socket.io client socket. */
export declare function createPubkitSocket(socket: SocketLike, options?: PubkitSocketOptions): PubkitSocket;
