/**
 * One channel's stored messages for history v2 (docs/protocol.md §2.5), bounded to `historySize` entries.
 *
 * Query semantics (docs/protocol.md §2.5, quirk 19):
 *   - the result is always oldest → newest;
 *   - `start` is exclusive, `end` inclusive;
 *   - start and end both given: the messages between them (either order), the newest `count`; `reverse` ignored;
 *   - start only: without reverse the newest `count` older than start (paging back); with reverse the oldest
 *     `count` newer than start (paging forward);
 *   - end only: messages at or after end; the newest `count`, or with reverse the oldest `count`;
 *   - neither: the newest `count`, or with reverse the oldest `count`.
 * A publish `ttl` (hours) sets an expiry; expired entries are skipped and dropped lazily.
 */
import type { StoredMessage } from './message-queue.js';

/** A stored history entry. */
export interface HistoryEntry {
  readonly message: StoredMessage;
  /** Expiry from the publish `ttl` (hours), or undefined for the store's own bound only. */
  readonly expiresAtMs: number | undefined;
}

/** History query parameters, already parsed. */
export interface HistoryQuery {
  /** 1–100. */
  readonly count: number;
  readonly reverse: boolean;
  readonly start: bigint | undefined;
  readonly end: bigint | undefined;
}

/** A bounded, sorted log of one channel's stored messages. */
export class HistoryStore {
  #entries: HistoryEntry[] = [];
  #bytes = 0;
  readonly #size: number;

  constructor(size: number) {
    this.#size = size;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Number of entries. */
  get length(): number {
    return this.#entries.length;
  }

  /** Appends an entry (tokens increase), dropping the oldest past the bound. */
  push(entry: HistoryEntry): void {
    this.#entries.push(entry);
    this.#bytes += entry.message.bytes;
    if (this.#entries.length > this.#size) this.dropOldest();
  }

  /** Drops the oldest entry. Returns false when empty. */
  dropOldest(): boolean {
    const first = this.#entries.shift();
    if (!first) return false;
    this.#bytes -= first.message.bytes;
    return true;
  }

  /** Runs a query (see the file header). */
  query(q: HistoryQuery, nowMs: number): HistoryEntry[] {
    this.expire(nowMs);
    const { start, end } = q;
    let lo: bigint | undefined; // exclusive lower bound
    let loInclusive = false;
    let hi: bigint | undefined; // exclusive upper bound
    let hiInclusive = false;
    let newest = !q.reverse;
    if (start !== undefined && end !== undefined) {
      newest = true;
      if (start > end) {
        [lo, loInclusive, hi] = [end, true, start];
      } else {
        [lo, hi, hiInclusive] = [start, end, true];
      }
    } else if (start !== undefined) {
      if (q.reverse) lo = start;
      else hi = start;
    } else if (end !== undefined) {
      [lo, loInclusive] = [end, true];
    }
    const matched = this.#entries.filter(({ message: { tt } }) => {
      if (lo !== undefined && (loInclusive ? tt < lo : tt <= lo)) return false;
      if (hi !== undefined && (hiInclusive ? tt > hi : tt >= hi)) return false;
      return true;
    });
    return newest ? matched.slice(Math.max(0, matched.length - q.count)) : matched.slice(0, q.count);
  }

  private expire(nowMs: number): void {
    if (!this.#entries.some((e) => e.expiresAtMs !== undefined && e.expiresAtMs <= nowMs)) return;
    const kept = this.#entries.filter((e) => e.expiresAtMs === undefined || e.expiresAtMs > nowMs);
    this.#bytes = kept.reduce((sum, e) => sum + e.message.bytes, 0);
    this.#entries = kept;
  }
}
