/**
 * `downloadFile` (docs/protocol.md §15): the signed GET to the service, which redirects to storage (followed
 * once, without the client's credentials: the storage URL carries its own), then the body as it arrives,
 * deciphered on the way with a cipher key (`FileDecryptor`: either layout, `PubnubCryptoError` for a wrong key).
 *
 * The call resolves at the answer's head, so errors of the service (404, 403) reject it; the contents are then
 * read once, as a stream (`toStream()`) or whole (`toBuffer()`, bounded by `maxBytes`). A body left unread holds
 * its connection: read it or destroy the stream.
 */
import { pipeline, type Readable } from 'node:stream';
import {
  type FileRef,
  type PnRequest,
  PubnubResponseTooLargeError,
  PubnubStateError,
  readDownloadLocation,
  storageFailure,
} from '@pubkit/core';
import { FileDecryptor } from './file-cipher-streams.js';
import { readBodyText, type TransferResponse } from './file-transfer.js';
import type { ClientRuntime } from './runtime.js';
import type { CallOptions } from './seed-mode.js';

/** Most bytes `toBuffer()` collects by default: 64 MiB. */
export const DEFAULT_MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;

/** Options of `downloadFile()`. */
export interface DownloadFileOptions extends FileRef, CallOptions<DownloadedFile> {
  /** Most bytes `toBuffer()` collects; past it, it rejects with `PubnubResponseTooLargeError`. @default 64 MiB */
  readonly maxBytes?: number | undefined;
}

/** A downloaded file: its names, and its contents to read once. */
export interface DownloadedFile {
  readonly channel: string;
  readonly id: string;
  readonly name: string;
  /** The stored `Content-Type` (what the sender gave; `application/octet-stream` for an encrypted file). */
  readonly mimeType: string | undefined;
  /**
   * The contents as they arrive (decrypted with a cipher key); fails with `PubnubCryptoError` for a wrong key.
   * @throws PubnubStateError when the contents were already taken
   */
  toStream(): Readable;
  /**
   * The whole contents.
   * @throws PubnubStateError (rejected) when the contents were already taken; PubnubCryptoError for a wrong key;
   *   PubnubResponseTooLargeError past `maxBytes`
   */
  toBuffer(): Promise<Buffer>;
}

/** Sends the download and resolves at the file's head. */
export async function startDownload(
  runtime: ClientRuntime,
  request: PnRequest,
  options: DownloadFileOptions,
): Promise<DownloadedFile> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
  const { signal } = options;
  const first = await runtime.files.request({
    operation: 'downloadFile',
    method: 'GET',
    url: runtime.urlOf(request),
    signal,
  });
  let res: TransferResponse = first;
  if (first.status !== 200) {
    const text = await readBodyText(first.body);
    const location = readDownloadLocation({ status: first.status, headers: first.headers, body: text });
    if (location === undefined) throw new PubnubStateError('downloadFile: unreachable');
    res = await runtime.files.request({
      operation: 'downloadFile',
      method: 'GET',
      url: new URL(location, runtime.config.originUrl).toString(),
      signal,
    });
    if (res.status !== 200) {
      const body = await readBodyText(res.body);
      throw storageFailure({ status: res.status, headers: res.headers, body }, 'downloadFile');
    }
  }
  const { cipherKey } = runtime.config;
  let taken = false;
  const take = (): Readable => {
    if (taken) throw new PubnubStateError('the file contents were already read', { operation: 'downloadFile' });
    taken = true;
    if (cipherKey === undefined) return res.body;
    const decryptor = new FileDecryptor(cipherKey);
    // Errors of either side end both; the decryptor's reaches the reader.
    return pipeline(res.body, decryptor, () => {});
  };
  return {
    channel: options.channel,
    id: options.id,
    name: options.name,
    mimeType: res.headers['content-type'],
    toStream: take,
    async toBuffer() {
      const stream = take();
      const chunks: Buffer[] = [];
      let bytes = 0;
      for await (const chunk of stream) {
        bytes += (chunk as Buffer).length;
        if (bytes > maxBytes) {
          stream.destroy();
          throw new PubnubResponseTooLargeError(maxBytes, { status: 200, body: '' }, { operation: 'downloadFile' });
        }
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks, bytes);
    },
  };
}
