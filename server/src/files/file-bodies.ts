/**
 * Where file contents live (docs/protocol.md §15.6): beside the store's file records, in memory by default and
 * as one file per upload under `{dataDir}/files/` with `dataDir`. Bodies are keyed by the server-issued file id
 * (a UUID), never by the uploader's file name, so no name can reach outside the directory.
 *
 * An upload writes into a `BodySink`; only `commit` makes it readable, and `discard` leaves nothing behind, so a
 * refused upload stores nothing.
 */
import type { Readable, Writable } from 'node:stream';

/** One upload in progress. */
export interface BodySink {
  /** Receives the bytes; honours backpressure. */
  readonly stream: Writable;
  /** Makes the body readable under its id, replacing an older one; call after `stream` finished. */
  commit(): Promise<void>;
  /** Drops what was written. Idempotent; a no-op after `commit`. */
  discard(): void;
}

/** A body opened for reading. */
export interface OpenedBody {
  readonly stream: Readable;
  readonly size: number;
}

/** A body store. */
export interface FileBodies {
  /** Starts a new body for `id`. */
  create(id: string): BodySink;
  /** Opens a committed body, or resolves undefined when there is none. */
  open(id: string): Promise<OpenedBody | undefined>;
  /** Removes a body (nothing when there is none). */
  remove(id: string): Promise<void>;
  /** Bytes held in memory (0 on disk). */
  readonly memoryBytes: number;
}
