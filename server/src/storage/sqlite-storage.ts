/**
 * The SQLite store (`startServer({ dataDir })`, `pubkit-server --data DIR`): history, message actions and records
 * in one database file, `pubkit.sqlite` in the data directory, kept across restarts (docs/protocol.md §13.1).
 *
 * Durability: the database runs in WAL mode with `synchronous=NORMAL`; a write's Promise resolves after its
 * transaction committed, so what was acknowledged survives a crash of the server process (SIGKILL). It does not
 * promise survival of a power loss of the machine (that needs `synchronous=FULL`, at a cost on every commit).
 * Writes of one event-loop turn share a commit (`commit-batch.ts`).
 *
 * Timetokens: the greatest token ever committed is kept in the `state` table with each batch, so a restarted
 * server issues tokens above it even when its clock went back or the messages were deleted.
 *
 * Errors: a locked database (another process holds it) is `STORAGE_BUSY` after `busyTimeoutMs`; a full disk or
 * a database past `maxBytes` is `STORAGE_FULL`. Both leave the file intact (the failed transaction rolls back).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CommitBatch } from './commit-batch.js';
import type { FileRecords } from './file-records.js';
import { boundsOf } from './range.js';
import type { RecentEntry, RecentMessages } from './recent-messages.js';
import { SqliteFileRecords } from './sqlite-file-records.js';
import { SqliteStatements } from './sqlite-statements.js';
import {
  type ActionQuery,
  type AddActionOutcome,
  type RangeQuery,
  type Storage,
  StorageError,
  type StorageStats,
  type StoredAction,
  type StoredEntry,
} from './storage.js';

/** Options of the SQLite store. */
export interface SqliteStorageOptions {
  /** Directory of the database file; created when missing. */
  readonly dataDir: string;
  /** Server clock, for the purge of expired messages. */
  readonly nowMs: () => number;
  /** How long a statement waits for a lock held by another connection before `STORAGE_BUSY`. @default 250 */
  readonly busyTimeoutMs?: number | undefined;
  /** Largest size of the database file in bytes (SQLite's page quota); past it writes fail `STORAGE_FULL`. */
  readonly maxBytes?: number | undefined;
}

/** The file name inside the data directory. */
export const DATABASE_FILE = 'pubkit.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS messages (
  sub TEXT NOT NULL, channel TEXT NOT NULL, tt INTEGER NOT NULL, payload TEXT NOT NULL, meta TEXT,
  publisher TEXT, type INTEGER NOT NULL, custom_type TEXT, expires_at INTEGER,
  PRIMARY KEY (sub, channel, tt)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS messages_by_tt ON messages (tt);
CREATE TABLE IF NOT EXISTS actions (
  sub TEXT NOT NULL, channel TEXT NOT NULL, action_tt INTEGER NOT NULL, message_tt INTEGER NOT NULL,
  type TEXT NOT NULL, value TEXT NOT NULL, uuid TEXT NOT NULL,
  PRIMARY KEY (sub, channel, action_tt)) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS actions_unique ON actions (sub, channel, message_tt, type, value, uuid);
CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (kind, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
`;

/** How often (server clock) expired messages are purged from the file; reads skip them in between. */
const PURGE_EVERY_MS = 60_000;

interface MessageRow {
  channel: string;
  tt: bigint;
  payload: string;
  meta: string | null;
  publisher: string | null;
  type: bigint;
  custom_type: string | null;
  expires_at: bigint | null;
}

interface ActionRow {
  channel: string;
  action_tt: bigint;
  message_tt: bigint;
  type: string;
  value: string;
  uuid: string;
}

const LIVE = '(expires_at IS NULL OR expires_at > @now)';

/** Keeps history, actions and records in a SQLite database. */
export class SqliteStorage implements Storage, RecentMessages {
  readonly kind = 'sqlite';
  readonly durable = true;
  readonly files: FileRecords;
  readonly #db: Database.Database;
  readonly #batch: CommitBatch;
  readonly #nowMs: () => number;
  readonly #sql: SqliteStatements;
  #lastTt: bigint;
  #pendingTt = 0n;
  #purgedAtMs: number;
  #closed = false;

  /** Opens (or creates) the database. @throws StorageError when the file cannot be opened */
  constructor(options: SqliteStorageOptions) {
    this.#nowMs = options.nowMs;
    try {
      mkdirSync(options.dataDir, { recursive: true });
      this.#db = new Database(join(options.dataDir, DATABASE_FILE), { timeout: options.busyTimeoutMs ?? 250 });
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma('synchronous = NORMAL');
      if (options.maxBytes !== undefined) {
        const pageSize = Number(this.#db.pragma('page_size', { simple: true }));
        this.#db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
      }
      this.#db.exec(SCHEMA);
    } catch (err) {
      throw toStorageError(err);
    }
    this.#sql = new SqliteStatements(this.#db, { mapError: toStorageError, safeIntegers: true });
    const last = this.#sql.get('SELECT max(value) AS v FROM state WHERE key = @k', { k: 'last_tt' }) as {
      v: bigint | null;
    };
    const newest = this.#sql.get('SELECT max(tt) AS v FROM messages', {}) as { v: bigint | null };
    this.#lastTt = [last.v ?? 0n, newest.v ?? 0n].reduce((a, b) => (a > b ? a : b));
    this.#purgedAtMs = this.#nowMs();
    const write = this.#db.transaction((writes: readonly (() => unknown)[]) => {
      const results = writes.map((w) => w());
      if (this.#pendingTt > this.#lastTt) {
        this.#sql.run('INSERT OR REPLACE INTO state (key, value) VALUES (@k, @v)', {
          k: 'last_tt',
          v: this.#pendingTt,
        });
      }
      this.#purge();
      return results;
    });
    this.#batch = new CommitBatch((writes) => {
      try {
        const results = write(writes);
        if (this.#pendingTt > this.#lastTt) this.#lastTt = this.#pendingTt;
        return results;
      } catch (err) {
        this.#pendingTt = this.#lastTt;
        throw err;
      }
    }, toStorageError);
    this.files = new SqliteFileRecords({
      db: this.#db,
      write: (run) => this.#write(0n, run),
      mapError: toStorageError,
    });
  }

  lastTimetoken(): bigint {
    return this.#lastTt;
  }

  appendMessage(subKey: string, e: StoredEntry): Promise<void> {
    return this.#write(e.tt, () => {
      this.#sql.run(
        `INSERT INTO messages (sub, channel, tt, payload, meta, publisher, type, custom_type, expires_at)
         VALUES (@sub, @channel, @tt, @payload, @meta, @publisher, @type, @customType, @expiresAt)`,
        {
          sub: subKey,
          channel: e.channel,
          tt: e.tt,
          payload: e.payload,
          meta: e.meta ?? null,
          publisher: e.publisher ?? null,
          type: e.messageType,
          customType: e.customType ?? null,
          expiresAt: e.expiresAtMs === undefined ? null : Math.floor(e.expiresAtMs),
        },
      );
    });
  }

  messages(subKey: string, channel: string, query: RangeQuery, nowMs: number): StoredEntry[] {
    const b = boundsOf(query);
    const where = rangeSql('tt', b.lo, b.loInclusive, b.hi, b.hiInclusive);
    const rows = this.#sql.all(
      `SELECT * FROM messages WHERE sub = @sub AND channel = @channel${where} AND ${LIVE}
       ORDER BY tt ${b.newest ? 'DESC' : 'ASC'} LIMIT @count`,
      { sub: subKey, channel, lo: b.lo ?? null, hi: b.hi ?? null, now: nowMs, count: query.count },
    ) as MessageRow[];
    if (b.newest) rows.reverse();
    return rows.map(toEntry);
  }

  recentMessages(since: bigint, limit: number, nowMs: number): RecentEntry[] {
    const rows = this.#sql.all(
      `SELECT * FROM (SELECT * FROM messages WHERE tt > @since AND ${LIVE} ORDER BY tt DESC LIMIT @limit) ORDER BY tt`,
      { since, now: nowMs, limit },
    ) as (MessageRow & { sub: string })[];
    return rows.map((row) => ({ subKey: row.sub, entry: toEntry(row) }));
  }

  countMessages(subKey: string, channel: string, since: bigint, nowMs: number): number {
    const row = this.#sql.get(
      `SELECT count(*) AS n FROM messages WHERE sub = @sub AND channel = @channel AND tt > @since AND ${LIVE}`,
      { sub: subKey, channel, since, now: nowMs },
    ) as { n: bigint };
    return Number(row.n);
  }

  deleteMessages(subKey: string, channel: string, range: { start?: bigint; end?: bigint }): Promise<number> {
    const b = boundsOf(range);
    const where = rangeSql('tt', b.lo, b.loInclusive, b.hi, b.hiInclusive);
    return this.#write(0n, () =>
      Number(
        this.#sql.run(`DELETE FROM messages WHERE sub = @sub AND channel = @channel${where}`, {
          sub: subKey,
          channel,
          lo: b.lo ?? null,
          hi: b.hi ?? null,
        }).changes,
      ),
    );
  }

  addAction(subKey: string, a: StoredAction): Promise<AddActionOutcome> {
    return this.#write(a.actionTt, () => {
      const { changes } = this.#sql.run(
        `INSERT OR IGNORE INTO actions (sub, channel, action_tt, message_tt, type, value, uuid)
         VALUES (@sub, @channel, @actionTt, @messageTt, @type, @value, @uuid)`,
        {
          sub: subKey,
          channel: a.channel,
          actionTt: a.actionTt,
          messageTt: a.messageTt,
          type: a.type,
          value: a.value,
          uuid: a.uuid,
        },
      );
      return changes === 0 ? 'duplicate' : 'added';
    });
  }

  removeAction(
    subKey: string,
    channel: string,
    messageTt: bigint,
    actionTt: bigint,
  ): Promise<StoredAction | undefined> {
    return this.#write(0n, () => {
      const params = { sub: subKey, channel, messageTt, actionTt };
      const where = 'sub = @sub AND channel = @channel AND message_tt = @messageTt AND action_tt = @actionTt';
      const row = this.#sql.get(`SELECT * FROM actions WHERE ${where}`, params) as ActionRow | undefined;
      if (row) this.#sql.run(`DELETE FROM actions WHERE ${where}`, params);
      return row ? toAction(row) : undefined;
    });
  }

  actions(subKey: string, channel: string, query: ActionQuery): StoredAction[] {
    const b = boundsOf({ start: query.start, end: query.end });
    const where = rangeSql('action_tt', b.lo, b.loInclusive, b.hi, b.hiInclusive);
    const rows = this.#sql.all(
      `SELECT * FROM actions WHERE sub = @sub AND channel = @channel${where} ORDER BY action_tt DESC LIMIT @limit`,
      { sub: subKey, channel, lo: b.lo ?? null, hi: b.hi ?? null, limit: query.limit },
    ) as ActionRow[];
    return rows.reverse().map(toAction);
  }

  actionsOf(subKey: string, channel: string, messageTts: readonly bigint[]): StoredAction[] {
    if (messageTts.length === 0) return [];
    const rows = this.#sql.all(
      `SELECT a.* FROM actions a JOIN json_each(@tts) j ON a.message_tt = j.value
       WHERE a.sub = @sub AND a.channel = @channel ORDER BY a.action_tt`,
      { sub: subKey, channel, tts: `[${messageTts.join(',')}]` },
    ) as ActionRow[];
    return rows.map(toAction);
  }

  putRecord(kind: string, key: string, value: string | undefined): Promise<void> {
    return this.#write(0n, () => {
      if (value === undefined) this.#sql.run('DELETE FROM records WHERE kind = @kind AND key = @key', { kind, key });
      else
        this.#sql.run('INSERT OR REPLACE INTO records (kind, key, value) VALUES (@kind, @key, @value)', {
          kind,
          key,
          value,
        });
    });
  }

  records(kind: string): [key: string, value: string][] {
    const rows = this.#sql.all('SELECT key, value FROM records WHERE kind = @kind ORDER BY key', { kind }) as {
      key: string;
      value: string;
    }[];
    return rows.map((r) => [r.key, r.value]);
  }

  stats(): StorageStats {
    return { memoryBytes: 0 };
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#batch.flush();
    this.#db.close();
    return Promise.resolve();
  }

  #write<T>(tt: bigint, run: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new StorageError('STORAGE_FAILED', 'the store is closed'));
    if (tt > this.#pendingTt) this.#pendingTt = tt;
    return this.#batch.write(run);
  }

  /** Deletes expired messages at most once per `PURGE_EVERY_MS`, inside a write transaction. */
  #purge(): void {
    const now = this.#nowMs();
    if (now - this.#purgedAtMs < PURGE_EVERY_MS) return;
    this.#purgedAtMs = now;
    this.#sql.run('DELETE FROM messages WHERE expires_at IS NOT NULL AND expires_at <= @now', { now });
  }
}

/** The SQL condition of a range on `column` (parameters `@lo`, `@hi`). */
function rangeSql(
  column: string,
  lo: bigint | undefined,
  loInclusive: boolean,
  hi: bigint | undefined,
  hiInclusive: boolean,
): string {
  let sql = '';
  if (lo !== undefined) sql += ` AND ${column} ${loInclusive ? '>=' : '>'} @lo`;
  if (hi !== undefined) sql += ` AND ${column} ${hiInclusive ? '<=' : '<'} @hi`;
  return sql;
}

function toEntry(r: MessageRow): StoredEntry {
  return {
    channel: r.channel,
    tt: r.tt,
    payload: r.payload,
    meta: r.meta ?? undefined,
    publisher: r.publisher ?? undefined,
    messageType: Number(r.type),
    customType: r.custom_type ?? undefined,
    expiresAtMs: r.expires_at === null ? undefined : Number(r.expires_at),
  };
}

function toAction(r: ActionRow): StoredAction {
  return {
    channel: r.channel,
    messageTt: r.message_tt,
    actionTt: r.action_tt,
    type: r.type,
    value: r.value,
    uuid: r.uuid,
  };
}

/** Maps a better-sqlite3 error to a `StorageError` (an error already mapped passes through). */
function toStorageError(err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StorageError('STORAGE_BUSY', `the database is locked by another process: ${message}`, { cause: err });
  }
  if (code === 'SQLITE_FULL') {
    return new StorageError('STORAGE_FULL', `the disk or the database quota is full: ${message}`, { cause: err });
  }
  return new StorageError('STORAGE_FAILED', `the database failed: ${message}`, { cause: err });
}
