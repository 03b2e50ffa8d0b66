/**
 * The server's storage interface (docs/protocol.md §13.1): everything the server keeps beyond one request goes
 * through a `Storage`, so the same handlers run over memory (the default: nothing survives `close()`) or SQLite
 * (`startServer({ dataDir })`: history, actions and records survive a restart and a SIGKILL).
 *
 * Theory of operation
 * -------------------
 * - Writes return a Promise that settles once the write is durable (for SQLite: its transaction committed to
 *   the WAL). A publish is acknowledged only after that, so no acknowledged message is lost by a crash of the
 *   server process. Writes made in one event-loop turn share one commit (see `sqlite-storage.ts`).
 * - Reads are synchronous: both implementations live in the server process (better-sqlite3 is synchronous), and
 *   the hot paths that will read records (grants, channel groups) cannot wait on a Promise.
 * - A read or write that fails inside the store (a locked or full database file) throws or rejects with
 *   `StorageError`; handlers answer it with a clear 5xx and nothing changes.
 * - Records are a small key-value space for other kinds of state (channel groups, grants, tokens): a component
 *   keeps its own in-memory form, writes through with `putRecord` and loads everything back with `records` at
 *   start-up.
 *
 * Handlers never see how a store keeps its data; they use only this interface.
 */
import type { FileRecords } from './file-records.js';

/** One stored message. Texts are the exact JSON texts the publisher sent (never re-serialised). */
export interface StoredEntry {
  readonly channel: string;
  /** Publish timetoken. */
  readonly tt: bigint;
  /** Message JSON text. */
  readonly payload: string;
  /** `meta` JSON text, when the publish carried one. */
  readonly meta?: string | undefined;
  /** Publisher uuid, when the publish carried one. */
  readonly publisher?: string | undefined;
  /** PubNub message type: 0 message, 4 file (docs/protocol.md §13.2). Signals and presence events are never stored. */
  readonly messageType: number;
  /** `custom_message_type` of the publish. */
  readonly customType?: string | undefined;
  /** Expiry from the publish `ttl` (hours), on the server clock; undefined: kept by the store's own rules. */
  readonly expiresAtMs?: number | undefined;
}

/** One message action (docs/protocol.md §13.4). */
export interface StoredAction {
  readonly channel: string;
  readonly messageTt: bigint;
  readonly actionTt: bigint;
  readonly type: string;
  readonly value: string;
  /** The uuid that added it. */
  readonly uuid: string;
}

/**
 * A range of one channel's history (docs/protocol.md §2.5, §13.2): `start` exclusive, `end` inclusive, either
 * order; the newest `count` in range, or with `reverse` (v2 only, and only without both bounds) the oldest.
 * Results are always oldest first.
 */
export interface RangeQuery {
  readonly count: number;
  readonly reverse?: boolean | undefined;
  readonly start?: bigint | undefined;
  readonly end?: bigint | undefined;
}

/** A range of a channel's actions by action timetoken: `start` exclusive upper, `end` inclusive lower. */
export interface ActionQuery {
  readonly limit: number;
  readonly start?: bigint | undefined;
  readonly end?: bigint | undefined;
}

/** What `addAction` did. */
export type AddActionOutcome = 'added' | 'duplicate';

/** Counters for `stats()`. */
export interface StorageStats {
  /** Bytes the store holds in memory (0 for stores that keep their data on disk). */
  readonly memoryBytes: number;
}

/** The settled commit of a write that is already done (a memory store's, or a message that is not stored). */
export const COMMITTED: Promise<void> = Promise.resolve();

/** A store. Every method may throw (or reject with) `StorageError`. */
export interface Storage {
  /** `'memory'` or `'sqlite'`, for logs and stats. */
  readonly kind: string;
  /** Records of uploaded files (docs/protocol.md §15.6; `file-records.ts`). */
  readonly files: FileRecords;
  /** True when what is written survives a restart (SQLite); components may skip writing records otherwise. */
  readonly durable: boolean;
  /** The greatest timetoken the store ever committed (0 when empty); the server issues tokens above it. */
  lastTimetoken(): bigint;
  /**
   * Stores a message; resolves once durable. A store that commits synchronously returns `COMMITTED`, which lets a
   * publish be acknowledged without waiting for a promise (docs/performance.md §3, publish ingest). `key` is the
   * channel's `channelKey(subKey, entry.channel)` (`../channel-table.ts`) when the caller holds it already (the
   * message bus, from the channel table): a store keyed by it looks the channel up without building the key again.
   */
  appendMessage(subKey: string, entry: StoredEntry, key?: string): Promise<void>;
  /** A range of one channel's messages, oldest first; expired entries are never returned. */
  messages(subKey: string, channel: string, query: RangeQuery, nowMs: number): StoredEntry[];
  /** How many live messages of a channel have a timetoken after `since` (docs/protocol.md §13.3). */
  countMessages(subKey: string, channel: string, since: bigint, nowMs: number): number;
  /** Deletes a channel's messages in a range (same bounds as `messages`, no count); resolves to how many. */
  deleteMessages(subKey: string, channel: string, range: { start?: bigint; end?: bigint }): Promise<number>;
  /** Stores an action unless the same (message, type, value, uuid) exists; resolves once durable. */
  addAction(subKey: string, action: StoredAction): Promise<AddActionOutcome>;
  /** Removes one action; resolves to it, or undefined when there was none. */
  removeAction(subKey: string, channel: string, messageTt: bigint, actionTt: bigint): Promise<StoredAction | undefined>;
  /** A page of a channel's actions: the newest `limit` in range, oldest first. */
  actions(subKey: string, channel: string, query: ActionQuery): StoredAction[];
  /** Every action on the given messages of a channel. */
  actionsOf(subKey: string, channel: string, messageTts: readonly bigint[]): StoredAction[];
  /** Writes (or with `undefined` deletes) a record; resolves once durable. */
  putRecord(kind: string, key: string, value: string | undefined): Promise<void>;
  /** Every record of a kind, as [key, value] pairs sorted by key. */
  records(kind: string): [key: string, value: string][];
  /** Counters. */
  stats(): StorageStats;
  /** Commits what is pending and releases the store. Idempotent. */
  close(): Promise<void>;
}

/** A failure inside a store (locked, full or corrupt database). Handlers answer it with a 5xx. */
export class StorageError extends Error {
  /** Stable code: `STORAGE_BUSY` (locked), `STORAGE_FULL` (disk or quota full) or `STORAGE_FAILED`. */
  readonly code: 'STORAGE_BUSY' | 'STORAGE_FULL' | 'STORAGE_FAILED';

  constructor(code: StorageError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}
