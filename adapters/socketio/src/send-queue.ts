/**
 * The bounded queue between the relay and one socket.
 *
 * Why the bound includes the transport's own buffer: a frame handed to the transport is still memory held for
 * this socket until the kernel takes it (engine.io's `writeBuffer`, `ws`'s `bufferedAmount`). The transport
 * reports those bytes (`Transport.buffered()`), measured rather than inferred, and every check adds them: what the
 * server holds for one socket, here and there, stays within `maxBytes` however the transport behaves. Messages
 * handed over are counted until the transport reports itself empty again, for the `maxMessages` half of the bound.
 *
 * Why frames are handed over a little at a time (`take`): what sits in the transport can no longer be dropped, so
 * only up to `HANDOVER_BYTES` at a time moves there; the rest waits here, where `drop-oldest` can still discard the
 * oldest for the newest.
 */
import type { OverflowPolicy } from './options.js';
import type { Frame } from './relay-types.js';

/** What `push` did. */
export type PushOutcome = 'queued' | 'dropped' | 'overflow';

/** Most bytes handed to a busy transport at once; the queue keeps the rest. */
export const HANDOVER_BYTES = 64 * 1024;

/** The per-socket bound, resolved once per bridge and shared by every socket's session. */
export interface QueueBound {
  readonly maxMessages: number;
  readonly maxBytes: number;
  readonly onFull: OverflowPolicy;
}

/** True when holding `frames` frames and `bytes` bytes (queue, transport and the new frame) keeps within `bound`. */
export function fits(bound: QueueBound, frames: number, bytes: number): boolean {
  return frames <= bound.maxMessages && bytes <= bound.maxBytes;
}

/**
 * A FIFO of frames waiting for one socket, under the bridge's bound. A session creates it when its socket first
 * falls behind and drops it once emptied: a socket that keeps up holds no queue (docs/performance.md §8).
 */
export class SendQueue {
  readonly #bound: QueueBound;
  #frames: Frame[] = [];
  #head = 0;
  #bytes = 0;

  constructor(bound: QueueBound) {
    this.#bound = bound;
  }

  /** Frames waiting. */
  get length(): number {
    return this.#frames.length - this.#head;
  }

  /** Bytes waiting. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Queues a frame for a socket with `inflight` frames and `transportBytes` bytes in its transport. On a full
   * queue `drop-oldest` discards from the head until it fits and reports how many went (the frame itself is
   * discarded when it cannot fit even with the queue empty); `disconnect` queues nothing.
   */
  push(frame: Frame, inflight: number, transportBytes: number): { outcome: PushOutcome; dropped: number } {
    if (this.#fits(frame, inflight, transportBytes)) {
      this.#append(frame);
      return { outcome: 'queued', dropped: 0 };
    }
    if (this.#bound.onFull === 'disconnect') return { outcome: 'overflow', dropped: 0 };
    let dropped = 0;
    while (this.length > 0 && !this.#fits(frame, inflight, transportBytes)) {
      this.#shift();
      dropped += 1;
    }
    if (!this.#fits(frame, inflight, transportBytes)) return { outcome: 'dropped', dropped: dropped + 1 };
    this.#append(frame);
    return { outcome: 'dropped', dropped };
  }

  /**
   * Removes and returns the frames to hand to a transport holding `transportBytes`: up to `HANDOVER_BYTES` in
   * all, and at least one frame when the transport is empty. The caller counts them as in flight.
   */
  take(transportBytes: number): Frame[] {
    const out: Frame[] = [];
    let budget = HANDOVER_BYTES - transportBytes;
    while (this.length > 0) {
      const frame = this.#frames[this.#head]!;
      const first = out.length === 0 && transportBytes === 0;
      if (!first && frame.bytes > budget) break;
      budget -= frame.bytes;
      this.#shift();
      out.push(frame);
    }
    return out;
  }

  #fits(frame: Frame, inflight: number, transportBytes: number): boolean {
    return fits(this.#bound, this.length + inflight + 1, this.#bytes + transportBytes + frame.bytes);
  }

  #append(frame: Frame): void {
    this.#frames.push(frame);
    this.#bytes += frame.bytes;
  }

  #shift(): void {
    const frame = this.#frames[this.#head];
    if (frame === undefined) return;
    this.#frames[this.#head] = undefined as unknown as Frame; // let the frame be collected
    this.#head += 1;
    this.#bytes -= frame.bytes;
    if (this.#head === this.#frames.length) {
      this.#frames = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#frames.length) {
      // Compact now and then so a long-lived queue does not keep a growing dead prefix.
      this.#frames = this.#frames.slice(this.#head);
      this.#head = 0;
    }
  }
}
