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
import { ChannelModes } from './channel-modes.js';
import type { MessageEvent } from './protocol.js';
import type { Frame, Transport } from './relay-types.js';
import { makeFrame } from './relay-types.js';
import { fits, type QueueBound, SendQueue } from './send-queue.js';

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

/** What every session of one relay shares: one object per bridge, not per socket. */
export interface SessionContext<S> {
  readonly transport: Transport<S>;
  readonly counters: Counters;
  readonly bound: QueueBound;
}

/** A channel whose history replay is being fetched: live frames wait here (at most `maxMessages`). */
class Pending implements Membership {
  readonly channel: string;
  buffer: Frame[] | undefined = undefined;
  lost = 0;
  constructor(channel: string) {
    this.channel = channel;
  }
}

/**
 * A channel's mode once live: one object per channel shared by all its sockets (the relay's record of the channel),
 * so a live channel costs a socket nothing of its own, and every socket refers to the same channel string.
 */
export interface LiveChannel {
  readonly channel: string;
}

/** A socket waiting for its queue to drain: the queue and the transport's watcher. */
interface Behind {
  readonly queue: SendQueue;
  readonly watch: { stop(): void } | undefined;
}

/**
 * The relay's record of one socket. Kept small on purpose (docs/performance.md §8): everything per bridge is in the
 * shared context, one channel sits in a field (`channel-modes.ts`), and what only some sockets need is made when
 * first needed (the queue and the transport watcher when the socket falls behind, the request chain while
 * requests run) and dropped when no longer needed.
 */
export class Session<S> extends ChannelModes<Pending | LiveChannel> {
  readonly socket: S;
  readonly #shared: SessionContext<S>;
  #behind: Behind | undefined;
  #chain: Promise<unknown> | undefined;
  /** Frames handed to the transport since it was last seen empty (the `maxMessages` half of the bound). */
  #inflight = 0;
  #unreported = 0;
  #closed = false;

  constructor(socket: S, shared: SessionContext<S>) {
    super();
    this.socket = socket;
    this.#shared = shared;
  }

  /** The transport's id of the socket. */
  get id(): string {
    return this.#shared.transport.id(this.socket);
  }

  /** True once the socket is gone (disconnected, or closed by the overflow policy). */
  get closed(): boolean {
    return this.#closed;
  }

  /** True when `channel` is live for this socket. */
  isLive(channel: string): boolean {
    const mode = this.modeOf(channel);
    return mode !== undefined && !(mode instanceof Pending);
  }

  /** True while `membership` is still pending and this socket's current one for its channel (not left, not re-joined). */
  owns(membership: Membership): boolean {
    return this.modeOf(membership.channel) === membership;
  }

  /** Frames and bytes held for this socket: the queue plus what the transport holds. */
  held(): { frames: number; bytes: number; transportBytes: number } {
    const transportBytes = this.#closed ? 0 : this.#shared.transport.buffered(this.socket);
    const queue = this.#behind?.queue;
    return { frames: queue?.length ?? 0, bytes: (queue?.bytes ?? 0) + transportBytes, transportBytes };
  }

  /** Runs `task` after every task queued before it; a failure does not stop the chain. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = (this.#chain ?? Promise.resolve()).then(task, task);
    // The chain is forgotten once it runs dry, so an idle socket keeps no settled promise (or its result).
    const tail: Promise<void> = next.then(
      () => this.#ran(tail),
      () => this.#ran(tail),
    );
    this.#chain = tail;
    return next;
  }

  /** Joins `channel` as pending: live frames are buffered until `goLive`. */
  join(channel: string): Membership {
    const mode = new Pending(channel);
    this.setMode(mode);
    return mode;
  }

  /** Leaves `channel`; answers whether it was live (then the transport leaves its room). */
  leave(channel: string): boolean {
    const mode = this.dropMode(channel);
    if (mode === undefined || mode instanceof Pending) return false;
    this.#shared.transport.left?.(this.socket, channel);
    return true;
  }

  /**
   * Delivers the replay, a `gap` status when something may be missing, then the live frames buffered meanwhile
   * (minus those at or below the newest timetoken already delivered), and marks the channel live. Synchronous, so
   * no live frame can slip between the buffer flush and the switch. Does nothing when the membership is stale.
   * `live` is the channel's shared record, which becomes its mode.
   */
  goLive(membership: Membership, replay: Replay, live: LiveChannel): void {
    const mode = this.modeOf(membership.channel);
    if (this.#closed || !(mode instanceof Pending) || mode !== membership) return;
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
    for (const frame of mode.buffer ?? []) {
      const tt = frame.kind === 'message' ? (frame.payload as MessageEvent).timetoken : undefined;
      if (tt !== undefined && watermark !== undefined && compareTimetokens(tt, watermark) <= 0) continue;
      this.deliver(frame);
    }
    this.setMode(live);
    this.#shared.transport.joined?.(this.socket, channel);
  }

  /** True when the transport can take `frame` now, straight from a room broadcast. */
  acceptsDirect(frame: Frame): boolean {
    const { transport, bound } = this.#shared;
    if (this.#closed || (this.#behind?.queue.length ?? 0) > 0 || transport.congested(this.socket)) return false;
    const transportBytes = transport.buffered(this.socket);
    // Writable and empty: everything handed over has left this process.
    if (transportBytes === 0) this.#inflight = 0;
    return fits(bound, this.#inflight + 1, transportBytes + frame.bytes);
  }

  /** A room broadcast reached this socket: count it against the bound. */
  sentDirect(): void {
    this.#inflight += 1;
  }

  /** Routes a frame for `channel`: into the pending buffer, straight to the transport, or into the queue. */
  deliver(frame: Frame, channel?: string): void {
    if (this.#closed) return;
    const { transport, counters, bound } = this.#shared;
    const mode = channel === undefined ? undefined : this.modeOf(channel);
    if (mode instanceof Pending) {
      mode.buffer ??= [];
      if (mode.buffer.length >= bound.maxMessages) {
        mode.buffer.shift();
        mode.lost += 1;
        counters.dropped += 1;
      }
      mode.buffer.push(frame);
      return;
    }
    if (this.acceptsDirect(frame)) {
      transport.write(this.socket, frame);
      this.#inflight += 1;
      counters.delivered += 1;
      return;
    }
    const queue = (this.#behind ?? this.#fallBehind()).queue;
    const { outcome, dropped } = queue.push(frame, this.#inflight, transport.buffered(this.socket));
    if (outcome === 'overflow') {
      counters.disconnected += 1;
      this.close();
      transport.disconnect(this.socket, 'pubkit: the socket did not keep up and its queue is full');
      return;
    }
    counters.dropped += dropped;
    this.#unreported += dropped;
  }

  /**
   * The transport can write again (called by its watcher while a queue exists): when it is empty, what was handed
   * over is gone; then hand it the next part of the queue (after a `gap` status if frames were dropped). A
   * transport that cannot write now is left alone: it reports again when it can. An emptied queue is dropped.
   */
  drained(): void {
    const { transport, counters } = this.#shared;
    if (this.#closed || transport.congested(this.socket)) return;
    let transportBytes = transport.buffered(this.socket);
    if (transportBytes === 0) this.#inflight = 0;
    if (this.#unreported > 0) {
      const gap = makeFrame('status', { category: 'gap', reason: 'queue-full', dropped: this.#unreported });
      this.#unreported = 0;
      transport.write(this.socket, gap);
      this.#inflight += 1;
      transportBytes = transport.buffered(this.socket);
    }
    const queue = this.#behind?.queue;
    const frames = queue?.take(transportBytes) ?? [];
    for (const frame of frames) transport.write(this.socket, frame);
    this.#inflight += frames.length;
    counters.delivered += frames.length;
    if ((queue?.length ?? 0) === 0) this.#catchUp();
  }

  /** Marks the socket gone and forgets what was queued for it; its channels are left to the relay to release. */
  close(): void {
    this.#closed = true;
    this.#catchUp();
  }

  #fallBehind(): Behind {
    const { bound, transport } = this.#shared;
    this.#behind = { queue: new SendQueue(bound), watch: transport.watch?.(this.socket, this) };
    return this.#behind;
  }

  #catchUp(): void {
    this.#behind?.watch?.stop();
    this.#behind = undefined;
  }

  #ran(tail: Promise<void>): void {
    if (this.#chain === tail) this.#chain = undefined;
  }
}
