/**
 * One connected socket inside the relay: its channels, its bounded queue, and a chain that runs its requests one
 * at a time (so two overlapping subscribes cannot both pass the channel limit, and publishes keep their order).
 *
 * A channel is `pending` while its history replay is fetched: live frames wait in a small buffer and are released
 * after the replay, minus any the replay already delivered. It is `live` afterwards, when the transport may also
 * reach the socket through a room broadcast.
 */

import type { Frame, Peer } from './relay-types.js';
import { makeFrame } from './relay-types.js';
import type { SendQueue } from './send-queue.js';

/** Counters a session updates; the relay owns them. */
export interface Counters {
  delivered: number;
  dropped: number;
  disconnected: number;
}

/** The state of one subscribed channel for one socket: pending (buffering, counting losses) until live. */
export interface ChannelMode {
  live: boolean;
  buffer: Frame[];
  lost: number;
}

/** The relay's record of one socket. */
export class Session<S> {
  readonly peer: Peer<S>;
  readonly queue: SendQueue;
  readonly channels = new Map<string, ChannelMode>();
  closed = false;
  readonly #counters: Counters;
  readonly #maxBuffered: number;
  #chain: Promise<unknown> = Promise.resolve();
  #unreported = 0;

  constructor(peer: Peer<S>, queue: SendQueue, counters: Counters, maxBuffered: number) {
    this.peer = peer;
    this.queue = queue;
    this.#counters = counters;
    this.#maxBuffered = maxBuffered;
  }

  /** Runs `task` after every task queued before it; a failure does not stop the chain. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(task, task);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** True when the transport can take `frame` now, straight from a room broadcast. */
  acceptsDirect(frame: Frame): boolean {
    return !this.closed && !this.peer.congested() && this.queue.admitsDirect(frame);
  }

  /** Routes a frame for `channel`: into the pending buffer, straight to the transport, or into the queue. */
  deliver(frame: Frame, channel?: string): void {
    if (this.closed) return;
    const mode = channel === undefined ? undefined : this.channels.get(channel);
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
      this.queue.sent(frame);
      this.#counters.delivered += 1;
      return;
    }
    const { outcome, dropped } = this.queue.push(frame);
    if (outcome === 'overflow') {
      this.#counters.disconnected += 1;
      this.closed = true;
      this.queue.clear();
      this.peer.disconnect('pubkit: the socket did not keep up and its queue is full');
      return;
    }
    this.#counters.dropped += dropped;
    this.#unreported += dropped;
  }

  /**
   * The transport may have drained: if it holds nothing, hand it everything queued, after a `gap` status if
   * frames were dropped. A transport that is still busy (it just flushed its own buffer) is left alone: what it
   * sends is in flight, and the next drain will come.
   */
  drained(): void {
    if (this.closed || this.peer.congested()) return;
    const frames = this.queue.drain();
    if (this.#unreported > 0) {
      const gap = makeFrame('status', { category: 'gap', reason: 'queue-full', dropped: this.#unreported });
      this.#unreported = 0;
      this.peer.write(gap);
      this.queue.sent(gap);
    }
    for (const frame of frames) this.peer.write(frame);
    this.#counters.delivered += frames.length;
  }
}
