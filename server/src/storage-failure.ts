/**
 * How a store failure is answered (docs/protocol.md §13.1): a locked database is 503 (try again), a full disk or
 * database quota 507 (Insufficient Storage), anything else 500; each with a message that says so and a log line.
 * A failure that is not a `StorageError` is a bug and is rethrown, for the router's generic 500.
 */
import type { Services } from './exchange.js';
import { StorageError } from './storage/storage.js';

/** Status and message for a failed store call. @throws the error itself when it is not a `StorageError` */
export function storageFailure(err: unknown, services: Services): { status: number; message: string } {
  if (!(err instanceof StorageError)) throw err;
  services.logger.error('storage failed', { code: err.code, error: err.message });
  if (err.code === 'STORAGE_BUSY') return { status: 503, message: 'Storage Unavailable: the database is locked' };
  if (err.code === 'STORAGE_FULL') return { status: 507, message: 'Insufficient Storage: the disk or quota is full' };
  return { status: 500, message: 'Storage Failed' };
}
