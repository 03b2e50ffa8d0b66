/**
 * The `file` of `sendFile` (docs/decisions.md "Files: the client"): one of three object forms, the official SDK's
 * two plus a path:
 *
 * - `{ data, name }`: a Buffer, a Uint8Array or a string (UTF-8) already in memory;
 * - `{ stream, name, size? }`: any Readable, read once as the upload goes; `size` (bytes) lets the form carry a
 *   `Content-Length`, else it is sent chunked;
 * - `{ path, name? }`: a file on disk, streamed from it; `name` defaults to the path's last segment.
 *
 * Each may carry `mimeType`, sent as the form's `Content-Type` (unencrypted files only: ciphertext is
 * `application/octet-stream`). The name is checked by the core's `validateFileName` (no path separators).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { PubnubValidationError, validateFileName } from '@pubkit/core';

/** A file in memory. */
export interface FileData {
  readonly data: Buffer | Uint8Array | string;
  readonly name: string;
  readonly mimeType?: string | undefined;
}

/** A file as a stream, read once. */
export interface FileStream {
  readonly stream: Readable;
  readonly name: string;
  /** The stream's length in bytes, when known: the upload then carries a `Content-Length`. */
  readonly size?: number | undefined;
  readonly mimeType?: string | undefined;
}

/** A file on disk. */
export interface FilePath {
  readonly path: string;
  /** @default the path's last segment */
  readonly name?: string | undefined;
  readonly mimeType?: string | undefined;
}

/** What `sendFile` takes as `file`. */
export type FileInput = FileData | FileStream | FilePath;

/** A file ready to stream: its name, its length when known, and a way to open it once. */
export interface OpenableFile {
  readonly name: string;
  readonly mimeType: string | undefined;
  readonly size: number | undefined;
  open(): Readable;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function badFile(message: string): PubnubValidationError {
  return new PubnubValidationError('file', message, { operation: 'sendFile' });
}

/**
 * Checks `file` and says its name (synchronous: nothing is opened).
 * @throws PubnubValidationError for another shape, or a bad name
 */
export function fileNameOf(file: unknown): string {
  if (!isRecord(file)) throw badFile('file must be { data, name }, { stream, name } or { path }');
  if ('path' in file) {
    if (typeof file.path !== 'string' || file.path === '') throw badFile('file.path must be a non-empty string');
    return validateFileName(file.name ?? basename(file.path), 'sendFile', 'file.name');
  }
  if ('stream' in file) {
    if (!(file.stream instanceof Readable)) throw badFile('file.stream must be a Readable stream');
    const { size } = file;
    if (size !== undefined && (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)) {
      throw badFile('file.size must be a whole number of bytes');
    }
  } else if ('data' in file) {
    const { data } = file;
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
      throw badFile('file.data must be a Buffer, a Uint8Array or a string');
    }
  } else {
    throw badFile('file must be { data, name }, { stream, name } or { path }');
  }
  return validateFileName(file.name, 'sendFile', 'file.name');
}

/**
 * Resolves `file` to something to stream; a path is checked on disk (it must be a regular file).
 * @throws PubnubValidationError (rejected) for a path that is not a readable regular file
 */
export async function openableFile(file: FileInput): Promise<OpenableFile> {
  const name = fileNameOf(file);
  const mimeType = typeof file.mimeType === 'string' && file.mimeType !== '' ? file.mimeType : undefined;
  if ('path' in file) {
    const { path } = file;
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw badFile(`file.path is not a regular file: ${path}`);
      size = info.size;
    } catch (err) {
      if (err instanceof PubnubValidationError) throw err;
      const code = (err as { code?: unknown }).code;
      throw badFile(`file.path cannot be read (${typeof code === 'string' ? code : 'error'}): ${path}`);
    }
    return { name, mimeType, size, open: () => createReadStream(path) };
  }
  if ('stream' in file) {
    let opened = false;
    return {
      name,
      mimeType,
      size: file.size,
      open() {
        if (opened) throw badFile('file.stream can be read once only');
        opened = true;
        return file.stream;
      },
    };
  }
  const bytes = typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : file.data;
  return { name, mimeType, size: bytes.length, open: () => Readable.from([bytes], { objectMode: false }) };
}
