/**
 * @pubkit/server: a local PubNub-compatible server (docs/architecture.md §7). `startServer` is the programmatic entry; the
 * `pubkit-server` CLI wraps it.
 */

export type { RecordSink } from './channel-groups.js';
export type { FaultController, FaultStatus } from './faults/fault-injector.js';
export {
  FAULT_ROUTE_GROUPS,
  type FaultAction,
  type FaultMatch,
  type FaultRouteGroup,
  type FaultRule,
  FaultRuleError,
  type FaultsOption,
  MAX_FAULT_MS,
  MAX_FAULT_RULES,
} from './faults/fault-rules.js';
export type { Keyset, ServerOptions } from './options.js';
export { type RunningServer, type ServerStats, startServer } from './start-server.js';
export type { FileCursor, FileRecords, FileTotals, StoredFile } from './storage/file-records.js';
export { MemoryStorage, type MemoryStorageLimits } from './storage/memory-storage.js';
export {
  type Custom,
  type CustomValue,
  type MembershipKey,
  type ObjectKind,
  ObjectsStore,
  type StoredMembership,
  type StoredObject,
} from './storage/objects-store.js';
export type { RecentEntry, RecentMessages } from './storage/recent-messages.js';
export { DATABASE_FILE, SqliteStorage, type SqliteStorageOptions } from './storage/sqlite-storage.js';
export {
  type ActionQuery,
  type AddActionOutcome,
  type RangeQuery,
  type Storage,
  StorageError,
  type StorageStats,
  type StoredAction,
  type StoredEntry,
} from './storage/storage.js';
