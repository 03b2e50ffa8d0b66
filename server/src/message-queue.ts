/**
 * The per-channel catch-up queue (docs/protocol.md §2.3/§2.4, quirk 18): the last `queueSize` messages younger than
 * `queueTtlMs`, in timetoken order, so a subscriber resuming from an older cursor gets every message after it.
 *
 * Messages are appended in publish order and the server's tokens are strictly increasing, so the array is sorted
 * and `after(cursor)` is a binary search. Old entries are dropped from the head by count on append and by age on
 * append and read; the head index avoids shifting the array on every drop.
 */

/** One published message as the server keeps it: the wire texts are built once, at publish time. */
export interface StoredMessage {
  /** Publish timetoken. */
  readonly tt: bigint;
  /** `tt` as decimal text. */
  readonly timetoken: string;
  /** Actual channel. */
  readonly channel: string;
  /** The message's JSON text as published (v1 subscribe element, history entry). */
  readonly payload: string;
  /** `meta` JSON text, when the publish carried one. */
  readonly meta: string | undefined;
  /** The publisher's uuid (`i`), when the publish carried one (filters read it). */
  readonly publisher?: string | undefined;
  /** The complete v2 envelope JSON text (docs/protocol.md §2.4), with `b` = the channel. */
  readonly envelope: string;
  /**
   * Where `,"b":…` starts in `envelope` (it ends after the channel's JSON), so a group or pattern delivery can name
   * its match instead. One number, not a pair: a message waiting in the queue holds no array for it.
   */
  readonly matchAt: number;
  /** Approximate memory held (texts), for the global budget. */
  readonly bytes: number;
}

/** How the envelope's match field starts: `,"b":` then the channel's JSON text. */
export const MATCH_FIELD = ',"b":';

/** The v2 envelope of `message` delivered through `match` (a group or pattern; the channel itself as stored). */
export function envelopeFor(message: StoredMessage, match: string): string {
  if (match === message.channel) return message.envelope;
  const start = message.matchAt;
  const end = start + MATCH_FIELD.length + JSON.stringify(message.channel).length;
  return `${message.envelope.slice(0, start)},"b":${JSON.stringify(match)}${message.envelope.slice(end)}`;
}

/** A bounded, time-limited, sorted queue of one channel's recent messages. */
export class MessageQueue {
  #items: StoredMessage[] = [];
  /**
   * Each message's publish time (server clock, ms: the age limit) and `bytes`, index for index with `#items`: the
   * age check and the drop of the oldest message (on every append to a full queue) read them here, in arrays walked
   * in order, rather than from a message written thousands of publishes ago and long out of the CPU's caches
   * (docs/performance.md §3, publish ingest). The time lives only here, not in the message: a double there is a
   * 16-byte number box per queued message (docs/performance.md §3, parked polls).
   */
  #times: number[] = [];
  #sizes: number[] = [];
  #head = 0;
  #bytes = 0;
  readonly #size: number;
  readonly #ttlMs: number;

  constructor(size: number, ttlMs: number) {
    this.#size = size;
    this.#ttlMs = ttlMs;
  }

  /** Bytes held by the live entries. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Number of live entries. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /**
   * Appends a message (its token must exceed every token in the queue) published at `publishedAtMs` (server clock;
   * earlier than now only for a message restored from the store).
   */
  push(message: StoredMessage, nowMs: number, publishedAtMs = nowMs): void {
    this.#items.push(message);
    this.#times.push(publishedAtMs);
    this.#sizes.push(message.bytes);
    this.#bytes += message.bytes;
    while (this.length > this.#size) this.dropOldest();
    this.expire(nowMs);
  }

  /** Up to `limit` messages with a token greater than `cursor`, oldest first. */
  after(cursor: bigint, nowMs: number, limit: number): StoredMessage[] {
    this.expire(nowMs);
    let lo = this.#head;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#items[mid]!.tt <= cursor) lo = mid + 1;
      else hi = mid;
    }
    return this.#items.slice(lo, Math.min(lo + limit, this.#items.length));
  }

  /** Drops the oldest entry (also used by the global memory budget). Returns false when empty. */
  dropOldest(): boolean {
    if (this.#head === this.#items.length) return false;
    this.#bytes -= this.#sizes[this.#head]!;
    this.#items[this.#head] = undefined as unknown as StoredMessage;
    this.#head++;
    // Compact once the dead prefix dominates, so memory follows the live entries.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#times = this.#times.slice(this.#head);
      this.#sizes = this.#sizes.slice(this.#head);
      this.#head = 0;
    }
    return true;
  }

  private expire(nowMs: number): void {
    const limit = nowMs - this.#ttlMs;
    while (this.#head < this.#items.length && this.#times[this.#head]! < limit) this.dropOldest();
  }
}
