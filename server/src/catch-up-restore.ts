/**
 * The catch-up restore: after a restart on a durable store, the in-memory catch-up queues are refilled from the
 * store, so a subscriber that resumes from a cursor taken before the restart still gets every stored message
 * after it (docs/decisions.md "A restart keeps the catch-up window"). Without this a SIGKILL between a publish's
 * commit and its delivery lost the message for every subscriber still behind it: the queue was empty, history had
 * it, and nothing told the client to look there (the chaos suite, test/chaos/, found it).
 *
 * What is restored: stored messages younger than `queueTtlMs`, at most `MAX_RESTORED` (the newest), each queue then
 * trimmed to `queueSize` and the table to its byte budget as on publish. Signals, presence events and messages
 * published with `store=0` are not stored, so they are not restored.
 */
import type { MessageBus } from './message-bus.js';
import type { ResolvedOptions } from './options.js';
import { hasRecentMessages } from './storage/recent-messages.js';
import type { Storage } from './storage/storage.js';

/** Most messages one restore reads (bounds the start-up time and its transient memory). */
export const MAX_RESTORED = 100_000;

/** Refills the catch-up queues from `store`; returns how many messages were restored. */
export function restoreCatchUp(store: Storage, bus: MessageBus, options: ResolvedOptions, nowMs: number): number {
  if (!hasRecentMessages(store)) return 0;
  const since = BigInt(Math.max(0, Math.floor(nowMs - options.queueTtlMs))) * 10_000n;
  const limit = Math.min(MAX_RESTORED, options.queueSize * options.maxChannels);
  const found = store.recentMessages(since, limit, nowMs);
  for (const { subKey, entry } of found) bus.restore(subKey, entry, nowMs);
  return found.length;
}
