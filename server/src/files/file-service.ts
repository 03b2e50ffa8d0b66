/**
 * The server's files state (docs/protocol.md §15): the secret that signs upload forms and download URLs, the body
 * store, the store's file records, and the byte budget over both.
 *
 * Theory of operation
 * -------------------
 * - The secret is 32 random bytes drawn at start: forms and download URLs live minutes, so none needs to outlive
 *   the process, and nothing secret is ever written to disk or sent.
 * - Budget: stored files (size plus `FILE_OVERHEAD_BYTES` each) and the bytes of uploads in progress together stay
 *   under `maxFileStoreBytes`. An upload reserves each chunk before it is kept; when the budget is full the oldest
 *   stored files are removed (with their records) to make room, as PubNub's retention removes old files; when
 *   the uploads in progress alone fill it, the chunk is refused and the upload fails with 503 `SlowDown`.
 * - A file is written body first, record second: the endpoints see it only when both are complete.
 * - URLs point at the server as the client reached it (the `Host` header), so the same server answers over
 *   `localhost`, an IP or a tunnel name.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ResolvedOptions } from '../options.js';
import type { FileRecords, StoredFile } from '../storage/file-records.js';
import type { BodySink, FileBodies } from './file-bodies.js';
import { downloadSignature, issueUploadForm, objectKey, type UploadForm, type UploadTarget } from './upload-policy.js';

/** Bookkeeping each stored file counts against the budget, so empty files are bounded too. */
export const FILE_OVERHEAD_BYTES = 1024;
/** How long an upload form is valid (PubNub documents about a minute, docs/protocol.md §15.2). */
export const UPLOAD_URL_TTL_MS = 60_000;
/** How long a download URL is valid (docs/protocol.md §15.5). */
export const DOWNLOAD_URL_TTL_SEC = 3_600;
/** Path of the storage endpoint (docs/protocol.md §15.3). */
export const STORAGE_PATH = '/file-storage';

/** Files state shared by the files handlers. */
export class FileService {
  /** Signs forms and download URLs. */
  readonly secret = randomBytes(32);
  readonly bodies: FileBodies;
  readonly records: FileRecords;
  readonly #options: Pick<ResolvedOptions, 'maxFileBytes' | 'maxFileStoreBytes'>;
  readonly #nowMs: () => number;
  #inFlight = 0;

  constructor(
    bodies: FileBodies,
    records: FileRecords,
    options: Pick<ResolvedOptions, 'maxFileBytes' | 'maxFileStoreBytes'>,
    nowMs: () => number,
  ) {
    this.bodies = bodies;
    this.records = records;
    this.#options = options;
    this.#nowMs = nowMs;
  }

  /** Largest file an upload may carry. */
  get maxFileBytes(): number {
    return this.#options.maxFileBytes;
  }

  /** Bytes of uploads in progress. */
  get inFlightBytes(): number {
    return this.#inFlight;
  }

  /** The form for one upload (docs/protocol.md §15.2). */
  uploadForm(req: IncomingMessage, target: UploadTarget): UploadForm {
    return issueUploadForm({
      url: `${originOf(req)}${STORAGE_PATH}`,
      target,
      maxBytes: this.#options.maxFileBytes,
      nowMs: this.#nowMs(),
      ttlMs: UPLOAD_URL_TTL_MS,
      secret: this.secret,
    });
  }

  /** A signed storage URL for one file, valid `DOWNLOAD_URL_TTL_SEC` (docs/protocol.md §15.5). */
  downloadUrl(req: IncomingMessage, target: UploadTarget): string {
    const expires = Math.floor(this.#nowMs() / 1000) + DOWNLOAD_URL_TTL_SEC;
    const signature = downloadSignature(this.secret, target, expires);
    return `${originOf(req)}${STORAGE_PATH}/${objectKey(target)}?expires=${expires}&signature=${signature}`;
  }

  /**
   * Reserves `bytes` for an upload in progress, removing the oldest stored files when the budget needs it.
   * Resolves false (nothing reserved) when the uploads in progress alone leave no room.
   */
  async reserve(bytes: number): Promise<boolean> {
    const max = this.#options.maxFileStoreBytes;
    for (;;) {
      const { count, bytes: stored } = this.records.fileTotals();
      if (stored + count * FILE_OVERHEAD_BYTES + this.#inFlight + bytes <= max) break;
      const oldest = this.records.oldestFile();
      if (!oldest) return false;
      await this.remove(oldest);
    }
    this.#inFlight += bytes;
    return true;
  }

  /** Returns a reservation (the upload ended, kept or not). */
  release(bytes: number): void {
    this.#inFlight -= bytes;
  }

  /** Keeps an upload: body, then record. The caller still releases its reservation. */
  async keep(sink: BodySink, file: StoredFile): Promise<void> {
    await sink.commit();
    try {
      await this.records.putFile(file);
    } catch (err) {
      await this.bodies.remove(file.id);
      throw err;
    }
  }

  /** Removes a file: record first (the endpoints stop seeing it), then body. Resolves whether there was one. */
  async remove(file: StoredFile): Promise<boolean> {
    const found = await this.records.deleteFile(file.subKey, file.channel, file.id);
    await this.bodies.remove(file.id);
    return found;
  }
}

/** A `Host` value that is a host name or address with an optional port, nothing that could bend a URL. */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * `http://{Host}` of a request; the local address when a client sent no `Host` (HTTP/1.0) or one that is not a
 * plain host and port.
 */
export function originOf(req: IncomingMessage): string {
  const host = req.headers.host;
  if (host && PLAIN_HOST.test(host)) return `http://${host}`;
  const address = req.socket.localAddress ?? '127.0.0.1';
  return `http://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
}
