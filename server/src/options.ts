/**
 * Options of `startServer` and the CLI, each with its default, resolved once at start-up.
 *
 * Memory bounds (the documented ceiling for a flood of distinct channel names, issue 3 "Bad input"): the server
 * holds at most `maxChannels` channels with buffered messages and at most `maxBufferedBytes` of message text across
 * all of them; past `maxChannels` the least recently used channel is evicted whole (its catch-up queue and history);
 * past the byte budget the least recently used channel drops its oldest catch-up message (`channel-table.ts`).
 * Per channel it keeps at most `queueSize` messages for catch-up (younger than `queueTtlMs`) and, with the memory
 * store, `historySize` for history. The byte budget is split evenly between the catch-up queues and the memory
 * store's history (a stored message is held by both). With `dataDir` history lives on disk
 * (`storage/sqlite-storage.ts`) and is bounded by `maxDatabaseBytes` only. Presence tracks at most
 * `maxPresenceMembers` (uuid, channel) pairs and `maxPresenceBytes` of memberships and state; joins past either are
 * not tracked, state past it is refused (503). Grants of all subscribe keys together hold at most `maxGrantBytes`;
 * a grant past it is refused (503).
 * Parked long-polls cost one open socket each, so they are bounded by the connections the OS allows.
 */
import type { Clock, Logger } from '@pubkit/core';
import { silentLogger } from '@pubkit/core';
import type { FaultsOption } from './faults/fault-rules.js';

/** A keyset the server accepts. A keyset with a `secretKey` enforces Access Manager (PAM). */
export interface Keyset {
  readonly publishKey: string;
  readonly subscribeKey: string;
  /** When set, the keyset enforces PAM: grants, signature verification (docs/protocol.md §4, §6.4). */
  readonly secretKey?: string | undefined;
}

/** Options of `startServer`. Every field is optional. */
export interface ServerOptions {
  /** TCP port; `0` picks a free one. @default 8090 */
  readonly port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /**
   * Accepted keysets. Absent or empty: dev mode (any keys, no PAM). Present: only these subscribe keys are served
   * (others get 400 Invalid Subscribe Key, docs/protocol.md §5).
   */
  readonly keysets?: readonly Keyset[];
  /** How long a subscribe long-poll is held before an empty answer. @default 280_000 */
  readonly pollTimeoutMs?: number;
  /** Time to receive a request's headers before a 408. @default 10_000 */
  readonly headersTimeoutMs?: number;
  /** Time to receive a whole request (headers and body; not the long-poll's wait) before a 408. @default 30_000 */
  readonly requestTimeoutMs?: number;
  /** Presence timeout when a client sends no `heartbeat` parameter, in seconds. @default 300 */
  readonly presenceTimeoutSec?: number;
  /** Catch-up queue length per channel. @default 10_000 */
  readonly queueSize?: number;
  /** Catch-up queue age limit per channel. @default 1_200_000 (20 minutes) */
  readonly queueTtlMs?: number;
  /** History entries kept per channel. @default 1_000 */
  readonly historySize?: number;
  /** Channels with buffered messages, across all keysets. @default 10_000 */
  readonly maxChannels?: number;
  /** Message text buffered across all channels (queues and history), in bytes. @default 134_217_728 (128 MiB) */
  readonly maxBufferedBytes?: number;
  /** Tracked presence memberships (uuid on channel). @default 100_000 */
  readonly maxPresenceMembers?: number;
  /** Presence memory (memberships and state), in approximate bytes. @default 67_108_864 (64 MiB) */
  readonly maxPresenceBytes?: number;
  /** Access Manager grants of every subscribe key together, in approximate bytes. @default 33_554_432 (32 MiB) */
  readonly maxGrantBytes?: number;
  /** Channel groups of every subscribe key together, in approximate bytes. @default 33_554_432 (32 MiB) */
  readonly maxChannelGroupBytes?: number;
  /** How often presence timeouts are swept (real time; expiry is judged by `clock`). @default 1_000 */
  readonly presenceSweepMs?: number;
  /**
   * Directory of the durable store (SQLite, `pubkit.sqlite` inside it; created when missing). History, message
   * actions and records survive a restart, and a publish is acknowledged only once committed. Absent: memory.
   * @default undefined (memory)
   */
  readonly dataDir?: string | undefined;
  /** Largest size of the database file with `dataDir`, in bytes; past it writes answer 507. @default unbounded */
  readonly maxDatabaseBytes?: number | undefined;
  /**
   * Fault injection for tests (server/README.md "Faults"): rules, or `{ seed, rules }`. Present (even `[]`): the
   * admin route `/pubkit/faults` is served. Rules can also be added at run time with `server.faults`.
   * @default undefined (no faults, no admin route)
   */
  readonly faults?: FaultsOption | undefined;
  /**
   * Largest file an upload may carry, in bytes; enforced while the upload streams (docs/protocol.md §15.3).
   * @default 5_242_880 (5 MiB, PubNub's limit)
   */
  readonly maxFileBytes?: number;
  /**
   * Uploaded files of every keyset together, in bytes (each file also counts 1 KiB of bookkeeping); when full the
   * oldest files are removed to make room (docs/protocol.md §15.6).
   * @default 134_217_728 (128 MiB) in memory; unbounded with `dataDir`
   */
  readonly maxFileStoreBytes?: number | undefined;
  /** Log sink (never receives auth keys or signatures). @default silent */
  readonly logger?: Logger;
  /** Wall clock for timetokens, presence expiry, grant ttl and signature timestamps. @default Date.now */
  readonly clock?: Clock;
}

/** `ServerOptions` with every default applied. */
export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly keysets: readonly Keyset[];
  readonly pollTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly presenceTimeoutSec: number;
  readonly queueSize: number;
  readonly queueTtlMs: number;
  readonly historySize: number;
  readonly maxChannels: number;
  readonly maxBufferedBytes: number;
  readonly maxPresenceMembers: number;
  readonly maxPresenceBytes: number;
  readonly maxGrantBytes: number;
  readonly maxChannelGroupBytes: number;
  readonly presenceSweepMs: number;
  readonly dataDir: string | undefined;
  readonly maxDatabaseBytes: number | undefined;
  readonly maxFileBytes: number;
  readonly maxFileStoreBytes: number;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** The real wall clock. */
export const systemClock: Clock = Object.freeze({ nowMs: () => Date.now() });

/**
 * Applies defaults and checks ranges.
 * @throws RangeError when a numeric option is negative, not finite, or zero where zero makes no sense.
 */
export function resolveOptions(options: ServerOptions = {}): ResolvedOptions {
  return {
    port: count('port', options.port ?? 8090, true),
    host: options.host ?? '127.0.0.1',
    keysets: options.keysets ?? [],
    pollTimeoutMs: count('pollTimeoutMs', options.pollTimeoutMs ?? 280_000),
    headersTimeoutMs: count('headersTimeoutMs', options.headersTimeoutMs ?? 10_000),
    requestTimeoutMs: count(
      'requestTimeoutMs',
      Math.max(options.requestTimeoutMs ?? 30_000, options.headersTimeoutMs ?? 0),
    ),
    presenceTimeoutSec: count('presenceTimeoutSec', options.presenceTimeoutSec ?? 300),
    queueSize: count('queueSize', options.queueSize ?? 10_000),
    queueTtlMs: count('queueTtlMs', options.queueTtlMs ?? 20 * 60_000),
    historySize: count('historySize', options.historySize ?? 1_000),
    maxChannels: count('maxChannels', options.maxChannels ?? 10_000),
    maxBufferedBytes: count('maxBufferedBytes', options.maxBufferedBytes ?? 128 * 1024 * 1024),
    maxPresenceMembers: count('maxPresenceMembers', options.maxPresenceMembers ?? 100_000),
    maxPresenceBytes: count('maxPresenceBytes', options.maxPresenceBytes ?? 64 * 1024 * 1024),
    maxGrantBytes: count('maxGrantBytes', options.maxGrantBytes ?? 32 * 1024 * 1024),
    maxChannelGroupBytes: count('maxChannelGroupBytes', options.maxChannelGroupBytes ?? 32 * 1024 * 1024),
    presenceSweepMs: count('presenceSweepMs', options.presenceSweepMs ?? 1_000),
    dataDir: options.dataDir,
    maxDatabaseBytes:
      options.maxDatabaseBytes === undefined ? undefined : count('maxDatabaseBytes', options.maxDatabaseBytes),
    maxFileBytes: count('maxFileBytes', options.maxFileBytes ?? 5 * 1024 * 1024),
    maxFileStoreBytes:
      options.maxFileStoreBytes !== undefined
        ? count('maxFileStoreBytes', options.maxFileStoreBytes)
        : options.dataDir === undefined
          ? 128 * 1024 * 1024
          : Number.POSITIVE_INFINITY,
    logger: options.logger ?? silentLogger,
    clock: options.clock ?? systemClock,
  };
}

function count(name: string, value: number, zeroAllowed = false): number {
  if (!Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0)) {
    throw new RangeError(`${name} must be a ${zeroAllowed ? 'non-negative' : 'positive'} number, got ${value}`);
  }
  return value;
}
