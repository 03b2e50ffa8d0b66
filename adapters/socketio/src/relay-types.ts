/**
 * The seam between the transport-agnostic relay and a transport (socket.io or ws). A transport gives the relay one
 * `Transport` object for all its connections, hands requests to the relay, and tells a connection's session when
 * the connection's buffer drained.
 */
import { utf8Length } from '@pubkit/core';
import type { PushKind, PushPayloads } from './protocol.js';

/** One event to push, serialised once however many sockets receive it. */
export interface Frame<K extends PushKind = PushKind> {
  readonly kind: K;
  readonly payload: PushPayloads[K];
  /** UTF-8 bytes of the payload's JSON: what the queue bound counts. */
  readonly bytes: number;
  /** The payload's JSON text, reused by the ws transport. */
  readonly json: string;
}

/** Builds a frame, measuring it once. */
export function makeFrame<K extends PushKind>(kind: K, payload: PushPayloads[K]): Frame<K> {
  const json = JSON.stringify(payload);
  return { kind, payload, json, bytes: utf8Length(json) };
}

/**
 * How the relay reaches the connections of one transport: one object per bridge whose methods are told which
 * socket, so a connection costs the relay no object or closure of its own (docs/performance.md §8: per-socket
 * closures were most of the bridge's memory per socket).
 */
export interface Transport<S> {
  /** Unique among the transport's connections (the socket.io id): what a broadcast's except list names. */
  id(socket: S): string;
  /** True while the transport cannot take a write now: the relay queues instead of writing. */
  congested(socket: S): boolean;
  /** Bytes the transport holds unsent for this connection in this process (not the kernel's): part of the bound. */
  buffered(socket: S): number;
  /** Hands a frame to the transport. */
  write(socket: S, frame: Frame): void;
  /** Closes the connection (the `disconnect` overflow policy). */
  disconnect(socket: S, reason: string): void;
  /** The socket now receives `channel` live (socket.io joins the room). */
  joined?(socket: S, channel: string): void;
  /** The socket no longer receives `channel` (socket.io leaves the room). */
  left?(socket: S, channel: string): void;
  /**
   * The session has frames waiting: from now until `stop()`, call `session.drained()` whenever the connection can
   * take writes again. Asked only while a queue exists, so a socket that keeps up costs no watcher. A transport
   * that already reports the end of every write (ws: each send's callback) need not implement it.
   */
  watch?(socket: S, session: Drainable): { stop(): void };
}

/** What a transport calls back when a connection can take writes again. */
export interface Drainable {
  drained(): void;
}

/** Optional fast path of a transport: one write for every live socket on a channel except the listed ones. */
export type Broadcast = (channel: string, frame: Frame, except: readonly string[]) => void;

/** Counters of a bridge. */
export interface BridgeStats {
  /** Connected sockets. */
  readonly sockets: number;
  /** Channels with an upstream subscription now. */
  readonly channels: number;
  /** Upstream subscribe calls made since the bridge started. */
  readonly upstreamSubscribes: number;
  /** Upstream unsubscribe calls made since the bridge started. */
  readonly upstreamUnsubscribes: number;
  /** Frames handed to sockets. */
  readonly delivered: number;
  /** Frames waiting in socket queues now. */
  readonly queued: number;
  /**
   * Bytes held for sockets now, what the per-socket bound counts: their queues plus what their transports hold
   * unsent (engine.io's write buffer, `ws`'s `bufferedAmount`). A frame held for many sockets counts once per socket.
   */
  readonly queuedBytes: number;
  /** The part of `queuedBytes` the transports hold. */
  readonly transportBytes: number;
  /** Frames discarded by the `drop-oldest` policy. */
  readonly dropped: number;
  /** Sockets closed by the `disconnect` policy. */
  readonly disconnected: number;
  /** Requests refused because `authorize` did not say yes. */
  readonly denied: number;
  /** Requests refused for any other reason (invalid, too many channels, too large, upstream failure). */
  readonly rejected: number;
  /** Messages published for sockets. */
  readonly published: number;
  /** Publishes waiting for their turn or in flight now. */
  readonly publishPending: number;
  /** Publishes refused with `RATE_LIMITED`. */
  readonly rateLimited: number;
}
