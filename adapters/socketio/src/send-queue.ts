/**
 * The bounded queue between the relay and one socket.
 *
 * Why the bound also counts frames already handed to the transport ("in flight"): when the transport drains, the
 * whole queue moves into the transport's own buffer in one go (one frame per drain would crawl). If those frames
 * stopped counting, a socket that never reads could hold a full queue here plus a full queue there. Counting them
 * until the transport reports the next drain keeps everything the server holds for one socket within the bound.
 */
import type { OverflowPolicy } from './options.js';
import type { Frame } from './relay-types.js';

/** What `push` did. */
export type PushOutcome = 'queued' | 'dropped' | 'overflow';

/** A FIFO of frames with a message and a byte bound. */
export class SendQueue {
  readonly #maxMessages: number;
  readonly #maxBytes: number;
  readonly #policy: OverflowPolicy;
  #frames: Frame[] = [];
  #head = 0;
  #bytes = 0;
  #inflightMessages = 0;
  #inflightBytes = 0;

  constructor(maxMessages: number, maxBytes: number, policy: OverflowPolicy) {
    this.#maxMessages = maxMessages;
    this.#maxBytes = maxBytes;
    this.#policy = policy;
  }

  /** Frames waiting. */
  get length(): number {
    return this.#frames.length - this.#head;
  }

  /** Bytes waiting. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Messages and bytes held here or in the transport's buffer, the quantity the bound applies to. */
  get held(): { messages: number; bytes: number } {
    return { messages: this.length + this.#inflightMessages, bytes: this.#bytes + this.#inflightBytes };
  }

  /** True when `frame` can go to the transport now without passing the bound. */
  admitsDirect(frame: Frame): boolean {
    return this.length === 0 && this.#fits(frame.bytes, 1);
  }

  /** Records a frame written straight to the transport. */
  sent(frame: Frame): void {
    this.#inflightMessages += 1;
    this.#inflightBytes += frame.bytes;
  }

  /**
   * Queues a frame. On a full queue `drop-oldest` discards from the head until it fits and reports how many went
   * (the frame itself is discarded if it alone is over the byte bound); `disconnect` queues nothing.
   */
  push(frame: Frame): { outcome: PushOutcome; dropped: number } {
    if (this.#fits(frame.bytes, 1)) {
      this.#frames.push(frame);
      this.#bytes += frame.bytes;
      return { outcome: 'queued', dropped: 0 };
    }
    if (this.#policy === 'disconnect') return { outcome: 'overflow', dropped: 0 };
    let dropped = 0;
    while (this.length > 0 && !this.#fits(frame.bytes, 1)) {
      this.#shift();
      dropped += 1;
    }
    if (!this.#fits(frame.bytes, 1)) return { outcome: 'dropped', dropped: dropped + 1 };
    this.#frames.push(frame);
    this.#bytes += frame.bytes;
    return { outcome: 'dropped', dropped };
  }

  /** The transport drained: nothing is in flight any more. Returns every queued frame, now in flight. */
  drain(): Frame[] {
    this.#inflightMessages = 0;
    this.#inflightBytes = 0;
    const frames = this.#frames.slice(this.#head);
    for (const frame of frames) this.sent(frame);
    this.#frames = [];
    this.#head = 0;
    this.#bytes = 0;
    return frames;
  }

  /** Forgets everything (the socket is gone). */
  clear(): void {
    this.#frames = [];
    this.#head = 0;
    this.#bytes = 0;
    this.#inflightMessages = 0;
    this.#inflightBytes = 0;
  }

  #fits(bytes: number, extra: number): boolean {
    const held = this.held;
    return held.messages + extra <= this.#maxMessages && held.bytes + bytes <= this.#maxBytes;
  }

  #shift(): void {
    const frame = this.#frames[this.#head];
    if (frame === undefined) return;
    this.#head += 1;
    this.#bytes -= frame.bytes;
    // Compact now and then so a long-lived queue does not keep a growing dead prefix.
    if (this.#head > 1024 && this.#head * 2 > this.#frames.length) {
      this.#frames = this.#frames.slice(this.#head);
      this.#head = 0;
    }
  }
}
