/**
 * The memory store: the server's default, as before durable storage existed (nothing survives `close()`).
 *
 * Bounds (the documented ceiling for a flood of distinct channel names, `options.ts`): at most `historySize`
 * messages per channel, at most `maxChannels` channels and `maxBytes` of message text; past either of the last
 * two the least recently written channel's history is dropped whole (the order of a recency list,
 * `../recency-list.ts`), and a channel that alone exceeds the byte budget loses its own oldest messages. Actions
 * and records are small and bounded by the callers' limits (actions per message, records per kind).
 */
import { channelKey } from '../channel-table.js';
import { type RecencyLinks, RecencyList } from '../recency-list.js';
import type { FileRecords } from './file-records.js';
import { MemoryFileRecords } from './memory-file-records.js';
import { boundsOf, inBounds } from './range.js';
import type { RecentEntry, RecentMessages } from './recent-messages.js';
import {
  type ActionQuery,
  type AddActionOutcome,
  COMMITTED,
  type RangeQuery,
  type Storage,
  type StorageStats,
  type StoredAction,
  type StoredEntry,
} from './storage.js';

/** Bounds of the memory store. */
export interface MemoryStorageLimits {
  readonly historySize: number;
  readonly maxChannels: number;
  readonly maxBytes: number;
}

interface ChannelHistory extends RecencyLinks<ChannelHistory> {
  readonly key: string;
  /** Oldest first; the first `head` slots are dropped entries (read through `#entries`). */
  entries: StoredEntry[];
  /**
   * `sizeOf` of each entry, index for index with `entries`: dropping the oldest entry reads its size here, in a
   * small-integer array walked in order, rather than from the entry and its texts, written a thousand publishes
   * ago and long out of the CPU's caches (docs/performance.md §3, publish ingest).
   */
  sizes: number[];
  head: number;
  actions: StoredAction[];
  bytes: number;
}

/** Approximate memory held by an entry (UTF-16 texts plus object overhead). */
function sizeOf(e: StoredEntry): number {
  return 2 * (e.payload.length + (e.meta?.length ?? 0) + (e.publisher?.length ?? 0) + e.channel.length) + 160;
}

/** A channel's key: the channel table's (`channelKey`), so the message bus can hand over the one it holds. */
const keyOf = channelKey;

/** True when `key` is `keyOf(subKey, channel)`, compared in place (subscribe keys never contain NUL). */
function isKeyOf(key: string, subKey: string, channel: string): boolean {
  return (
    key.length === subKey.length + 1 + channel.length &&
    key.charCodeAt(subKey.length) === 0 &&
    key.startsWith(subKey) &&
    key.endsWith(channel)
  );
}

/** Keeps history, actions and records in memory. */
export class MemoryStorage implements Storage, RecentMessages {
  readonly kind = 'memory';
  readonly durable = false;
  readonly files: FileRecords = new MemoryFileRecords();
  readonly #channels = new Map<string, ChannelHistory>();
  readonly #records = new Map<string, Map<string, string>>();
  readonly #limits: MemoryStorageLimits;
  /** Least recently written first. */
  readonly #recency = new RecencyList<ChannelHistory>();
  #bytes = 0;

  constructor(limits: MemoryStorageLimits) {
    this.#limits = limits;
  }

  lastTimetoken(): bigint {
    return 0n;
  }

  appendMessage(subKey: string, entry: StoredEntry, key?: string): Promise<void> {
    // A run of publishes to one channel finds it as the newest without building and hashing its key again; the
    // bus hands over the channel table's key, whose hash is already computed (docs/performance.md §3, publish ingest).
    const newest = this.#recency.newest;
    const channel =
      newest !== undefined && (key === undefined ? isKeyOf(newest.key, subKey, entry.channel) : newest.key === key)
        ? newest
        : this.#touch(key ?? keyOf(subKey, entry.channel));
    const size = sizeOf(entry);
    channel.entries.push(entry);
    channel.sizes.push(size);
    channel.bytes += size;
    this.#bytes += size;
    if (channel.entries.length - channel.head > this.#limits.historySize) this.#dropOldest(channel);
    this.#enforce(channel);
    return COMMITTED;
  }

  messages(subKey: string, channel: string, query: RangeQuery, nowMs: number): StoredEntry[] {
    const history = this.#channels.get(keyOf(subKey, channel));
    if (!history) return [];
    const bounds = boundsOf(query);
    const matched = this.#entries(history).filter((e) => inBounds(e.tt, bounds) && live(e, nowMs));
    return bounds.newest ? matched.slice(Math.max(0, matched.length - query.count)) : matched.slice(0, query.count);
  }

  recentMessages(since: bigint, limit: number, nowMs: number): RecentEntry[] {
    const found: RecentEntry[] = [];
    for (const history of this.#channels.values()) {
      const subKey = history.key.slice(0, history.key.indexOf('\u0000'));
      for (const entry of this.#entries(history))
        if (entry.tt > since && live(entry, nowMs)) found.push({ subKey, entry });
    }
    found.sort((a, b) => (a.entry.tt < b.entry.tt ? -1 : a.entry.tt > b.entry.tt ? 1 : 0));
    return found.slice(Math.max(0, found.length - limit));
  }

  countMessages(subKey: string, channel: string, since: bigint, nowMs: number): number {
    const history = this.#channels.get(keyOf(subKey, channel));
    if (!history) return 0;
    let n = 0;
    for (const e of this.#entries(history)) if (e.tt > since && live(e, nowMs)) n++;
    return n;
  }

  deleteMessages(subKey: string, channel: string, range: { start?: bigint; end?: bigint }): Promise<number> {
    const history = this.#channels.get(keyOf(subKey, channel));
    if (!history) return Promise.resolve(0);
    const bounds = boundsOf(range);
    const entries = this.#entries(history);
    const kept = entries.filter((e) => !inBounds(e.tt, bounds));
    const removed = entries.length - kept.length;
    const sizes = kept.map(sizeOf);
    const bytes = sizes.reduce((sum, size) => sum + size, 0);
    this.#bytes += bytes - history.bytes;
    history.bytes = bytes;
    history.entries = kept;
    history.sizes = sizes;
    return Promise.resolve(removed);
  }

  addAction(subKey: string, action: StoredAction): Promise<AddActionOutcome> {
    const channel = this.#touch(keyOf(subKey, action.channel));
    const same = channel.actions.some(
      (a) =>
        a.messageTt === action.messageTt &&
        a.type === action.type &&
        a.value === action.value &&
        a.uuid === action.uuid,
    );
    if (same) return Promise.resolve('duplicate');
    channel.actions.push(action);
    return Promise.resolve('added');
  }

  removeAction(
    subKey: string,
    channel: string,
    messageTt: bigint,
    actionTt: bigint,
  ): Promise<StoredAction | undefined> {
    const history = this.#channels.get(keyOf(subKey, channel));
    const index = history?.actions.findIndex((a) => a.messageTt === messageTt && a.actionTt === actionTt) ?? -1;
    if (!history || index < 0) return Promise.resolve(undefined);
    const [removed] = history.actions.splice(index, 1);
    return Promise.resolve(removed);
  }

  actions(subKey: string, channel: string, query: ActionQuery): StoredAction[] {
    const history = this.#channels.get(keyOf(subKey, channel));
    if (!history) return [];
    const bounds = boundsOf({ start: query.start, end: query.end });
    const matched = history.actions.filter((a) => inBounds(a.actionTt, bounds));
    return matched.slice(Math.max(0, matched.length - query.limit));
  }

  actionsOf(subKey: string, channel: string, messageTts: readonly bigint[]): StoredAction[] {
    const history = this.#channels.get(keyOf(subKey, channel));
    if (!history) return [];
    const wanted = new Set(messageTts);
    return history.actions.filter((a) => wanted.has(a.messageTt));
  }

  putRecord(kind: string, key: string, value: string | undefined): Promise<void> {
    const records = this.#records.get(kind) ?? new Map<string, string>();
    if (value === undefined) records.delete(key);
    else records.set(key, value);
    if (records.size > 0) this.#records.set(kind, records);
    else this.#records.delete(kind);
    return Promise.resolve();
  }

  records(kind: string): [key: string, value: string][] {
    return [...(this.#records.get(kind) ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  stats(): StorageStats {
    return { memoryBytes: this.#bytes };
  }

  close(): Promise<void> {
    this.#channels.clear();
    this.#recency.clear();
    this.#records.clear();
    this.#bytes = 0;
    return Promise.resolve();
  }

  /** The channel's history, made the most recently used. */
  #touch(key: string): ChannelHistory {
    let history = this.#channels.get(key);
    if (history !== undefined) {
      this.#recency.touch(history);
      return history;
    }
    history = { key, entries: [], sizes: [], head: 0, actions: [], bytes: 0, older: undefined, newer: undefined };
    this.#channels.set(key, history);
    this.#recency.add(history);
    return history;
  }

  /** The live entries, oldest first: the dead prefix is cut first. */
  #entries(history: ChannelHistory): StoredEntry[] {
    if (history.head > 0) {
      history.entries = history.entries.slice(history.head);
      history.sizes = history.sizes.slice(history.head);
      history.head = 0;
    }
    return history.entries;
  }

  #dropOldest(history: ChannelHistory): boolean {
    // By index, not `shift()`: a publish on a full channel drops one entry, and a shift moves the other 999
    // (docs/performance.md §3, publish ingest). The dead prefix is cut once it outgrows the live entries.
    if (history.head === history.entries.length) return false;
    const size = history.sizes[history.head]!;
    history.entries[history.head] = undefined as unknown as StoredEntry;
    history.head++;
    if (history.head > 32 && history.head * 2 > history.entries.length) this.#entries(history);
    history.bytes -= size;
    this.#bytes -= size;
    return true;
  }

  #enforce(current: ChannelHistory): void {
    const { maxChannels, maxBytes } = this.#limits;
    while (this.#channels.size > maxChannels || this.#bytes > maxBytes) {
      const oldest = this.#recency.oldest;
      if (!oldest) return;
      if (oldest !== current) {
        this.#channels.delete(oldest.key);
        this.#recency.remove(oldest);
        this.#bytes -= oldest.bytes;
        continue;
      }
      if (!this.#dropOldest(current)) return;
    }
  }
}

function live(e: StoredEntry, nowMs: number): boolean {
  return e.expiresAtMs === undefined || e.expiresAtMs > nowMs;
}
