/**
 * The files part of the storage interface (docs/protocol.md §15.6): what the server knows about each uploaded file
 * — its channel, id, name, size, content type and upload time — kept by the same store as history (memory, or
 * SQLite under `dataDir`). The bytes themselves live in a body store beside it (`files/file-bodies.ts`); a file
 * exists for the endpoints once its record is written, and its record is written only after its body is complete.
 */

/** One stored file. */
export interface StoredFile {
  readonly subKey: string;
  readonly channel: string;
  /** Server-issued id (a UUID), unique across the server. */
  readonly id: string;
  /** The name the uploader chose (never contains a path separator, docs/protocol.md §15.1). */
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** Upload time on the server clock, in milliseconds. */
  readonly createdMs: number;
  /** The `Content-Type` form field of the upload. */
  readonly contentType: string;
}

/** Where a page of `files` starts: after this file in (created, id) order. */
export interface FileCursor {
  readonly createdMs: number;
  readonly id: string;
}

/** What `fileTotals` reports. */
export interface FileTotals {
  readonly count: number;
  readonly bytes: number;
}

/** File records of a store. Every method may throw (or reject with) `StorageError`. */
export interface FileRecords {
  /** Writes (or replaces, same id) a file's record; resolves once durable. */
  putFile(file: StoredFile): Promise<void>;
  /** One file of a channel, or undefined. */
  file(subKey: string, channel: string, id: string): StoredFile | undefined;
  /** A page of a channel's files, oldest first, after `after` when given. */
  files(subKey: string, channel: string, limit: number, after?: FileCursor): StoredFile[];
  /** Deletes a file's record; resolves to whether there was one. */
  deleteFile(subKey: string, channel: string, id: string): Promise<boolean>;
  /** The oldest file of the whole store (the first to go when the byte budget is full), or undefined. */
  oldestFile(): StoredFile | undefined;
  /** How many files the store holds and the sum of their sizes. */
  fileTotals(): FileTotals;
}

/** Orders files by upload time, then id: the order of `files` and of eviction. */
export function compareFiles(a: FileCursor, b: FileCursor): number {
  return a.createdMs - b.createdMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
