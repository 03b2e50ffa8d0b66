/**
 * Picks the store from the server options: SQLite in `dataDir` when given, memory otherwise (docs/protocol.md
 * §13.1). The memory store gets half the byte budget (the catch-up queues hold the other half, `options.ts`).
 */
import type { ResolvedOptions } from '../options.js';
import { MemoryStorage } from './memory-storage.js';
import { SqliteStorage } from './sqlite-storage.js';
import type { Storage } from './storage.js';

/** Opens the store the options ask for. @throws StorageError when the database cannot be opened */
export function openStorage(opts: ResolvedOptions, nowMs: () => number): Storage {
  if (opts.dataDir !== undefined) {
    return new SqliteStorage({ dataDir: opts.dataDir, nowMs, maxBytes: opts.maxDatabaseBytes });
  }
  return new MemoryStorage({
    historySize: opts.historySize,
    maxChannels: opts.maxChannels,
    maxBytes: opts.maxBufferedBytes / 2,
  });
}
