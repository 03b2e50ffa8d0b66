/**
 * One connected socket inside the relay: its channels, its bounded queue, and a chain that runs its requests one
 * at a time (so two overlapping subscribes cannot both pass the channel limit, and publishes keep their order).
 * The session owns its state: the relay asks it to join, leave, go live and enqueue, and never edits its fields.
 *
 * A channel is pending while its history replay is fetched: live frames wait in a small buffer and are released
 * after the replay, minus any the replay already delivered. It is live afterwards, when the transport may also
 * reach the socket through a room broadcast.
 */

import { compareTimetokens } from '@pubkit/core';
import type { MessageEvent } from './protocol.js';
import type { Frame, Peer } from './relay-types.js';
import { makeFrame } from './relay-types.js';
import type { SendQueue } from './send-queue.js';

/** Counters a session updates; the relay owns them. */
export interface Counters {
  delivered: number;
  dropped: number;
  disconnected: number;
}

/** One subscribed channel of one socket, as handed out by `join`: pass it back to `goLive` and `owns`. */
export interface Membership {
  readonly channel: string;
}

/** What a join replays before the channel goes live (see `join.ts`). */
export interface Replay {
  /** Stored messages, oldest first. */
  readonly frames: readonly Frame[];
  /** Why the replay may be incomplete (`history-limit`, `history-failed`), if it may. */
  readonly gapReason: string | undefined;
  /** The timetoken the browser had already seen (`since`), if any. */
  readonly since: string | undefined;
}

interface ChannelMode extends Membership {
  live: boolean;
  buffer: Frame[];
  lost: number;
}

/** The relay's record of one socket. */
export class Session<S> {
  readonly peer: Peer<S>;
  readonly #queue: SendQueue;
  readonly #channels = new Map<string, ChannelMode>();
  readonly #counters: Counters;
  readonly #maxBuffered: number;
  #closed = false;
  #chain: Promise<unknown> = Promise.resolve();
  #unreported = 0;

  constructor(peer: Peer<S>, queue: SendQueue, counters: Counters, maxBuffered: number) {
    this.peer = peer;
    this.#queue = queue;
    this.#counters = counters;
    this.#maxBuffered = maxBuffered;
  }

  /** True once the socket is gone (disconnected, or closed by the overflow policy). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Channels the socket is on, pending or live, in join order. */
  channels(): string[] {
    return [...this.#channels.keys()];
  }

  /** Number of channels the socket is on. */
  get channelCount(): number {
    return this.#channels.size;
  }

  /** True when the socket is on `channel` (pending or live). */
  has(channel: string): boolean {
    return this.#channels.has(channel);
  }

  /** True when `channel` is live for this socket. */
  isLive(channel: string): boolean {
    return this.#channels.get(channel)?.live === true;
  }

  /** True while `membership` is still this socket's current one for its channel (not left, not re-joined). */
  owns(membership: Membership): boolean {
    return this.#channels.get(membership.channel) === membership;
  }

  /** Frames and bytes held for this socket: the queue plus what the transport holds. */
  held(): { frames: number; bytes: number; transportBytes: number } {
    const transportBytes = this.#closed ? 0 : this.peer.buffered();
    return { frames: this.#queue.length, bytes: this.#queue.bytes + transportBytes, transportBytes };
  }

  /** Runs `task` after every task queued before it; a failure does not stop the chain. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(task, task);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** Joins `channel` as pending: live frames are buffered until `goLive`. */
  join(channel: string): Membership {
    const mode: ChannelMode = { channel, live: false, buffer: [], lost: 0 };
    this.#channels.set(channel, mode);
    return mode;
  }

  /** Leaves `channel`; answers whether it was live (then the transport leaves its room). */
  leave(channel: string): boolean {
    const mode = this.#channels.get(channel);
    this.#channels.delete(channel);
    if (mode?.live !== true) return false;
    this.peer.left?.(channel);
    return true;
  }

  /**
   * Delivers the replay, a `gap` status when something may be missing, then the live frames buffered meanwhile
   * (minus those at or below the newest timetoken already delivered), and marks the channel live. Synchronous, so
   * no live frame can slip between the buffer flush and the switch. Does nothing when the membership is stale.
   */
  goLive(membership: Membership, replay: Replay): void {
    const mode = this.#channels.get(membership.channel);
    if (this.#closed || mode !== membership || mode.live) return;
    const { channel } = mode;
    let watermark = replay.since;
    for (const frame of replay.frames) {
      this.deliver(frame);
      watermark = (frame.payload as MessageEvent).timetoken;
    }
    if (replay.gapReason !== undefined || mode.lost > 0) {
      const reason = replay.gapReason ?? 'queue-full';
      const dropped = mode.lost > 0 ? { dropped: mode.lost } : {};
      this.deliver(makeFrame('status', { category: 'gap', channel, reason, ...dropped }));
    }
    for (const frame of mode.buffer) {
      const tt = frame.kind === 'message' ? (frame.payload as MessageEvent).timetoken : undefined;
      if (tt !== undefined && watermark !== undefined && compareTimetokens(tt, watermark) <= 0) continue;
      this.deliver(frame);
    }
    mode.live = true;
    mode.buffer = [];
    this.peer.joined?.(channel);
  }

  /** True when the transport can take `frame` now, straight from a room broadcast. */
  acceptsDirect(frame: Frame): boolean {
    return !this.#closed && !this.peer.congested() && this.#queue.admitsDirect(frame, this.peer.buffered());
  }

  /** A room broadcast reached this socket: count it against the bound. */
  sentDirect(): void {
    this.#queue.sent();
  }

  /** Routes a frame for `channel`: into the pending buffer, straight to the transport, or into the queue. */
  deliver(frame: Frame, channel?: string): void {
    if (this.#closed) return;
    const mode = channel === undefined ? undefined : this.#channels.get(channel);
    if (mode !== undefined && !mode.live) {
      if (mode.buffer.length >= this.#maxBuffered) {
        mode.buffer.shift();
        mode.lost += 1;
        this.#counters.dropped += 1;
      }
      mode.buffer.push(frame);
      return;
    }
    if (this.acceptsDirect(frame)) {
      this.peer.write(frame);
      this.#queue.sent();
      this.#counters.delivered += 1;
      return;
    }
    const { outcome, dropped } = this.#queue.push(frame, this.peer.buffered());
    if (outcome === 'overflow') {
      this.#counters.disconnected += 1;
      this.close();
      this.peer.disconnect('pubkit: the socket did not keep up and its queue is full');
      return;
    }
    this.#counters.dropped += dropped;
    this.#unreported += dropped;
  }

  /**
   * The transport wrote something: when it is empty, what was handed over is gone; then hand it the next part of
   * the queue (after a `gap` status if frames were dropped). A transport that cannot write now is left alone:
   * it reports again when it can.
   */
  drained(): void {
    if (this.#closed || this.peer.congested()) return;
    let transportBytes = this.peer.buffered();
    if (transportBytes === 0) this.#queue.settle();
    if (this.#unreported > 0) {
      const gap = makeFrame('status', { category: 'gap', reason: 'queue-full', dropped: this.#unreported });
      this.#unreported = 0;
      this.peer.write(gap);
      this.#queue.sent();
      transportBytes = this.peer.buffered();
    }
    const frames = this.#queue.take(transportBytes);
    for (const frame of frames) this.peer.write(frame);
    this.#counters.delivered += frames.length;
  }

  /** Marks the socket gone and forgets what was queued for it; its channels are left to the relay to release. */
  close(): void {
    this.#closed = true;
    this.#queue.clear();
  }
}
