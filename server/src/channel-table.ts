/**
 * Every channel that holds messages for catch-up, with the server-wide memory bound (see `options.ts`). History is
 * the store's (`storage/storage.ts`).
 *
 * A channel is keyed by (subscribe key, name). The Map's insertion order is the recency order: touching a channel
 * re-inserts it, so the first entry is always the least recently used. After an append, while the table holds more
 * than `maxChannels` channels or more than `maxBufferedBytes` of message text, the least recently used channel is
 * evicted whole (its catch-up queue); if the appending channel alone exceeds the byte budget its own oldest messages go. A flood of
 * distinct channel names therefore costs at most `maxChannels` small entries plus `maxBufferedBytes` of text.
 */
import { MessageQueue, type StoredMessage } from './message-queue.js';

/** The buffers of one channel. */
export interface ChannelBuffers {
  readonly key: string;
  readonly queue: MessageQueue;
}

/** Bounds of the table. */
export interface ChannelTableLimits {
  readonly queueSize: number;
  readonly queueTtlMs: number;
  readonly maxChannels: number;
  readonly maxBufferedBytes: number;
}

/** The key of a channel within the server (subscribe keys and channel names never contain NUL). */
export function channelKey(subKey: string, channel: string): string {
  return `${subKey}\u0000${channel}`;
}

/** All channels with buffered messages, bounded in count and bytes. */
export class ChannelTable {
  readonly #channels = new Map<string, ChannelBuffers>();
  readonly #limits: ChannelTableLimits;
  #bytes = 0;

  constructor(limits: ChannelTableLimits) {
    this.#limits = limits;
  }

  /** Channels held. */
  get size(): number {
    return this.#channels.size;
  }

  /** Message bytes held across all channels. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The buffers of a channel, or undefined when it holds nothing. Does not change recency. */
  peek(key: string): ChannelBuffers | undefined {
    return this.#channels.get(key);
  }

  /** Appends a message to a channel's queue; then enforces the bounds. */
  append(key: string, message: StoredMessage, nowMs: number): void {
    let buffers = this.#channels.get(key);
    if (buffers) this.#channels.delete(key);
    else {
      buffers = {
        key,
        queue: new MessageQueue(this.#limits.queueSize, this.#limits.queueTtlMs),
      };
    }
    this.#channels.set(key, buffers);
    this.measure(buffers, () => buffers.queue.push(message, nowMs));
    this.enforce(buffers);
  }

  /** Runs a read that may drop expired entries, keeping the byte count exact. */
  read<T>(key: string, reader: (buffers: ChannelBuffers) => T): T | undefined {
    const buffers = this.#channels.get(key);
    return buffers ? this.measure(buffers, () => reader(buffers)) : undefined;
  }

  /** Drops everything. */
  clear(): void {
    this.#channels.clear();
    this.#bytes = 0;
  }

  private measure<T>(buffers: ChannelBuffers, op: () => T): T {
    const before = buffers.queue.bytes;
    const result = op();
    this.#bytes += buffers.queue.bytes - before;
    return result;
  }

  private enforce(current: ChannelBuffers): void {
    const { maxChannels, maxBufferedBytes } = this.#limits;
    while (this.#channels.size > maxChannels || this.#bytes > maxBufferedBytes) {
      const oldest = this.#channels.values().next().value;
      if (!oldest) return;
      if (oldest !== current) {
        this.#channels.delete(oldest.key);
        this.#bytes -= oldest.queue.bytes;
        continue;
      }
      // Only the current channel is left and it alone is over budget: trim its oldest messages.
      const trimmed = this.measure(current, () => current.queue.dropOldest());
      if (!trimmed) return;
    }
  }
}
