/**
 * Every channel that holds messages for catch-up, with the server-wide memory bound (see `options.ts`). History is
 * the store's (`storage/storage.ts`).
 *
 * A channel is keyed by (subscribe key, name). Its buffers are also in a recency list (`recency-list.ts`): an
 * append makes the channel the most recently used, so the list's oldest is always the least recently used. After an
 * append, while the table holds more than `maxChannels` channels the least recently used channel is evicted whole
 * (its catch-up queue); while it holds more than `maxBufferedBytes` of message text, the least recently used channel
 * drops its oldest message (a channel left empty is evicted), so quiet channels give way first and busy ones are
 * trimmed from their old ends. A flood of distinct channel names
 * therefore costs at most `maxChannels` small entries plus `maxBufferedBytes` of text.
 */
import { wildcardPatternsOf } from '@pubkit/core';
import { MessageQueue, type StoredMessage } from './message-queue.js';
import { type RecencyLinks, RecencyList } from './recency-list.js';

/** The buffers of one channel. */
export interface ChannelBuffers {
  readonly key: string;
  /**
   * The subscribe key and channel name of `key`, cut out of it once when the channel's buffers are created: the
   * messages queued here hold these strings rather than each its own copy from its request's path
   * (docs/performance.md §3, publish ingest).
   */
  readonly subKey: string;
  readonly channel: string;
  readonly queue: MessageQueue;
}

/** Bounds of the table. */
export interface ChannelTableLimits {
  readonly queueSize: number;
  readonly queueTtlMs: number;
  readonly maxChannels: number;
  readonly maxBufferedBytes: number;
}

/** Buffers as the table holds them: with their links in the recency list. */
interface TableEntry extends ChannelBuffers, RecencyLinks<TableEntry> {}

const EMPTY: ReadonlySet<string> = new Set();

/** The key of a channel within the server (subscribe keys and channel names never contain NUL). */
export function channelKey(subKey: string, channel: string): string {
  return `${subKey}\u0000${channel}`;
}

/**
 * The wildcard prefixes of a channel key (`{sub}\0a.b.c` → `{sub}\0a.`, `{sub}\0a.b.`), under which the table
 * indexes it so that a pattern subscriber finds the channels it matches (core's `wildcardPatternsOf`).
 */
function prefixKeys(key: string): string[] {
  const cut = key.indexOf('\u0000') + 1;
  return wildcardPatternsOf(key.slice(cut)).map((p) => key.slice(0, cut) + p.slice(0, p.indexOf('*')));
}

/** All channels with buffered messages, bounded in count and bytes. */
export class ChannelTable {
  readonly #channels = new Map<string, TableEntry>();
  /** Least recently appended to first. */
  readonly #recency = new RecencyList<TableEntry>();
  /** `{sub}\0{prefix}` (e.g. `sub\0a.`) → keys of the channels under it, for wildcard subscribers. */
  readonly #byPrefix = new Map<string, Set<string>>();
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

  /** Keys of the channels holding messages whose name starts with `prefix` (a wildcard stem with its dot). */
  under(subKey: string, prefix: string): ReadonlySet<string> {
    return this.#byPrefix.get(channelKey(subKey, prefix)) ?? EMPTY;
  }

  /** The buffers of a channel, or undefined when it holds nothing. Does not change recency. */
  peek(key: string): ChannelBuffers | undefined {
    return this.#channels.get(key);
  }

  /** Appends a message to a channel's queue; then enforces the bounds. */
  append(key: string, message: StoredMessage, nowMs: number): void {
    this.push(this.open(key), message, nowMs);
  }

  /**
   * The buffers of a channel, created when missing, made the most recently used; `push` the message next (before
   * anything else can touch the table).
   */
  open(key: string): ChannelBuffers {
    let buffers = this.#channels.get(key);
    if (buffers !== undefined) {
      this.#recency.touch(buffers);
      return buffers;
    }
    const cut = key.indexOf('\u0000');
    buffers = {
      key,
      subKey: key.slice(0, cut),
      channel: key.slice(cut + 1),
      queue: new MessageQueue(this.#limits.queueSize, this.#limits.queueTtlMs),
      older: undefined,
      newer: undefined,
    };
    this.#channels.set(key, buffers);
    this.#recency.add(buffers);
    this.index(key, true);
    return buffers;
  }

  /**
   * Appends a message published at `publishedAtMs` (now, unless restored from the store) to the queue of buffers
   * just `open`ed; then enforces the bounds.
   */
  push(opened: ChannelBuffers, message: StoredMessage, nowMs: number, publishedAtMs = nowMs): void {
    const buffers = opened as TableEntry;
    const before = buffers.queue.bytes;
    buffers.queue.push(message, nowMs, publishedAtMs);
    this.#bytes += buffers.queue.bytes - before;
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
    this.#recency.clear();
    this.#byPrefix.clear();
    this.#bytes = 0;
  }

  private index(key: string, add: boolean): void {
    for (const prefix of prefixKeys(key)) {
      let set = this.#byPrefix.get(prefix);
      if (add) {
        if (!set) {
          set = new Set();
          this.#byPrefix.set(prefix, set);
        }
        set.add(key);
      } else if (set?.delete(key) && set.size === 0) this.#byPrefix.delete(prefix);
    }
  }

  private measure<T>(buffers: ChannelBuffers, op: () => T): T {
    const before = buffers.queue.bytes;
    const result = op();
    this.#bytes += buffers.queue.bytes - before;
    return result;
  }

  private enforce(current: TableEntry): void {
    const { maxChannels, maxBufferedBytes } = this.#limits;
    while (this.#channels.size > maxChannels && this.#channels.size > 1) {
      const oldest = this.#recency.oldest;
      if (!oldest || oldest === current) break;
      this.evict(oldest);
    }
    // Over the byte budget, the least recently used channel gives up its OLDEST message (and goes whole once
    // empty), not its whole queue: with a few busy channels the least recently used one was written a moment ago,
    // and evicting it whole dropped messages a subscriber a few seconds behind still had to get, with nothing to
    // tell it (the chaos soak, test/chaos/soak.ts, lost acknowledged messages so). A flood of one-message channels
    // is evicted one channel per message as before.
    while (this.#bytes > maxBufferedBytes) {
      const oldest = this.#recency.oldest;
      if (!oldest) return;
      const dropped = this.measure(oldest, () => oldest.queue.dropOldest());
      if (oldest.queue.length === 0 && oldest !== current) this.evict(oldest);
      else if (!dropped) return;
    }
  }

  private evict(buffers: TableEntry): void {
    this.#channels.delete(buffers.key);
    this.#recency.remove(buffers);
    this.index(buffers.key, false);
    this.#bytes -= buffers.queue.bytes;
  }
}
