/**
 * Picks where file bodies live from the server options (docs/protocol.md §15.6): under `{dataDir}/files/` with
 * `dataDir`, in memory otherwise; the records live in the store either way.
 */
import type { ResolvedOptions } from '../options.js';
import type { Storage } from '../storage/storage.js';
import { DiskFileBodies } from './disk-file-bodies.js';
import { FileService } from './file-service.js';
import { MemoryFileBodies } from './memory-file-bodies.js';

/** Opens the files state for a started store. @throws Error when the files directory cannot be created */
export function openFileService(opts: ResolvedOptions, store: Storage, nowMs: () => number): FileService {
  const bodies = opts.dataDir === undefined ? new MemoryFileBodies() : new DiskFileBodies(opts.dataDir);
  return new FileService(bodies, store.files, opts, nowMs);
}
