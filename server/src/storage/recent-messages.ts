/**
 * The storage part the catch-up restore reads (`catch-up-restore.ts`): the newest stored messages of every channel
 * after a timetoken, oldest first. Both stores implement it; a store that does not is simply not restored from.
 */
import type { Storage, StoredEntry } from './storage.js';

/** A stored message with its subscribe key. */
export interface RecentEntry {
  readonly subKey: string;
  readonly entry: StoredEntry;
}

/** Reads the stored messages of every channel published after a timetoken. */
export interface RecentMessages {
  /** Live (unexpired) messages with `tt > since`, oldest first, at most `limit` (the oldest are left out). */
  recentMessages(since: bigint, limit: number, nowMs: number): RecentEntry[];
}

/** True for a store that can list its recent messages. */
export function hasRecentMessages(store: Storage): store is Storage & RecentMessages {
  return typeof (store as Partial<RecentMessages>).recentMessages === 'function';
}
