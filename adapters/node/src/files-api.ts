/**
 * Files of `@pubkit/node` (docs/protocol.md §15), under the official SDK's names: `sendFile`, `publishFile`,
 * `listFiles`, `getFileUrl`, `downloadFile`, `deleteFile`.
 *
 * `sendFile` is three steps: ask for an upload URL (`generate-upload-url`), stream the form with the file to
 * storage, publish the file message. File contents never sit whole in memory: the form is a stream (the core
 * frames it, `upload-form.ts`), encrypted on the way with a cipher key (`file-cipher-streams.ts`), and sent by
 * `file-transfer.ts`. When the message fails after the upload, nothing is uploaded again: the call fails with
 * `PubnubFilePublishError`, which names the file for `publishFile`.
 *
 * With a `cipherKey`, contents are written in the legacy layout (random IV first, docs/protocol.md §15.9), the one
 * pubnub@7.3.3 reads, and read in both layouts; the file message is encrypted like any message.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  buildDeleteFile,
  buildDownloadFile,
  buildGenerateUploadUrl,
  buildListFiles,
  buildPublishFile,
  type DeleteFileResult,
  encryptedFileSize,
  type FileRef,
  frameUploadForm,
  type GenerateUploadUrlResult,
  type ListFilesParams,
  type ListFilesResult,
  type PublishFileParams,
  type PublishFileResult,
  PubnubAbortError,
  PubnubFilePublishError,
  PubnubValidationError,
  parseDeleteFile,
  parseGenerateUploadUrl,
  parseListFiles,
  parsePublishFile,
  parseUploadFile,
  type RequestContext,
  type Timetoken,
  uploadFormLength,
} from '@pubkit/core';
import { createFileEncryptor } from './file-cipher-streams.js';
import { type DownloadedFile, type DownloadFileOptions, startDownload } from './file-download.js';
import { type FileInput, fileNameOf, type OpenableFile, openableFile } from './file-input.js';
import { readBodyText, type TransferResponse } from './file-transfer.js';
import { type ClientRuntime, execute } from './runtime.js';
import type { CallOptions } from './seed-mode.js';

export type { DownloadedFile, DownloadFileOptions };

/** What `sendFile` sends: the file, and the message and publish options of its file message. */
export interface SendFileParameters
  extends Pick<PublishFileParams, 'message' | 'meta' | 'storeInHistory' | 'ttl' | 'customMessageType'> {
  readonly channel: string;
  /** `{ data, name }`, `{ stream, name, size? }` or `{ path, name? }` (`file-input.ts`). */
  readonly file: FileInput;
}

/** What `sendFile` resolves to. */
export interface SendFileResult {
  /** The file message's timetoken. */
  readonly timetoken: Timetoken;
  /** The stored file's id. */
  readonly id: string;
  /** The stored file's name. */
  readonly name: string;
}

/** Options of `sendFile()`. */
export interface SendFileOptions extends SendFileParameters, CallOptions<SendFileResult> {}
/** Options of `publishFile()`. */
export interface PublishFileOptions extends PublishFileParams, CallOptions<PublishFileResult> {}
/** Options of `listFiles()`. */
export interface ListFilesOptions extends ListFilesParams, CallOptions<ListFilesResult> {}
/** Options of `deleteFile()`. */
export interface DeleteFileOptions extends FileRef, CallOptions<DeleteFileResult> {}
/** Arguments of `getFileUrl()`. */
export type FileUrlParameters = FileRef;

// A file id as the service issues them (a UUID): the dry run of the file message measures with one this long.
const SAMPLE_FILE_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Sends a file: upload URL, streamed upload, file message.
 * @throws PubnubValidationError synchronously for a bad channel, file or name, or message options the file message
 *   would refuse (checked before anything is uploaded)
 */
export function startSendFile(
  runtime: ClientRuntime,
  ctx: RequestContext,
  options: SendFileOptions,
): Promise<SendFileResult> {
  const name = fileNameOf(options.file);
  // Everything the file message checks is checked now, so a bad message never leaves a stored file behind.
  buildPublishFile({ ...options, fileId: SAMPLE_FILE_ID, fileName: name }, ctx);
  const generate = buildGenerateUploadUrl({ channel: options.channel, name }, ctx);
  return sendFile(runtime, ctx, options, generate);
}

async function sendFile(
  runtime: ClientRuntime,
  ctx: RequestContext,
  options: SendFileOptions,
  generate: ReturnType<typeof buildGenerateUploadUrl>,
): Promise<SendFileResult> {
  const file = await openableFile(options.file);
  const upload = await execute(runtime, generate, parseGenerateUploadUrl, options.signal);
  await uploadToStorage(runtime, upload, file, options.signal);
  const { channel } = options;
  try {
    const { timetoken } = await execute(
      runtime,
      buildPublishFile({ ...options, fileId: upload.id, fileName: upload.name }, ctx),
      parsePublishFile,
      options.signal,
    );
    return { timetoken, id: upload.id, name: upload.name };
  } catch (err) {
    throw new PubnubFilePublishError({ channel, fileId: upload.id, fileName: upload.name }, err);
  }
}

/** Streams the form (fields, file, end) to storage; encrypted on the way with a cipher key. */
async function uploadToStorage(
  runtime: ClientRuntime,
  upload: GenerateUploadUrlResult,
  file: OpenableFile,
  signal: AbortSignal | undefined,
): Promise<void> {
  const { cipherKey } = runtime.config;
  const encrypted = cipherKey !== undefined;
  const fields = encrypted
    ? upload.formFields
    : upload.formFields.map((f) =>
        f.key === 'Content-Type' && file.mimeType !== undefined ? { key: f.key, value: file.mimeType } : f,
      );
  const form = frameUploadForm({
    fields,
    fileName: upload.name,
    boundary: `pubkit-${randomBytes(16).toString('hex')}`,
    contentType: encrypted ? 'application/octet-stream' : (file.mimeType ?? 'application/octet-stream'),
  });
  const size = file.size === undefined ? undefined : encrypted ? encryptedFileSize('legacy', file.size) : file.size;
  const headers: Record<string, string> = { 'content-type': form.contentType };
  if (size !== undefined) headers['content-length'] = String(uploadFormLength(form, size));
  const source = file.open();
  const contents = encrypted ? source.pipe(createFileEncryptor(cipherKey, 'legacy')) : source;
  // A source error must reach the upload (and not be left unhandled on the encryptor); it is the caller's file
  // that failed, not the network, so it is reported as such.
  let unreadable: Error | undefined;
  source.once('error', (err) => {
    unreadable = err;
    if (contents !== source) contents.destroy(err);
  });
  let res: TransferResponse;
  try {
    res = await runtime.files.request({
      operation: 'uploadFile',
      method: 'POST',
      url: upload.url,
      headers,
      body: Readable.from(formBody(form.head, contents, form.tail), { objectMode: false }),
      signal,
    });
  } catch (err) {
    if (unreadable === undefined || err instanceof PubnubAbortError) throw err;
    throw new PubnubValidationError('file', `the file could not be read: ${unreadable.message}`, {
      operation: 'sendFile',
    });
  }
  const body = await readBodyText(res.body);
  parseUploadFile({ status: res.status, headers: res.headers, body });
}

async function* formBody(head: Uint8Array, contents: Readable, tail: Uint8Array): AsyncGenerator<Uint8Array> {
  yield head;
  try {
    for await (const chunk of contents) yield chunk as Buffer;
  } finally {
    contents.destroy();
  }
  yield tail;
}

/**
 * Publishes a file message alone (after `PubnubFilePublishError`, or for a file uploaded elsewhere).
 * @throws PubnubValidationError synchronously for a bad channel, id, name, message or options
 */
export function startPublishFile(
  runtime: ClientRuntime,
  ctx: RequestContext,
  options: PublishFileOptions,
): Promise<PublishFileResult> {
  return execute(runtime, buildPublishFile(options, ctx), parsePublishFile, options.signal);
}

/**
 * One page of a channel's files.
 * @throws PubnubValidationError synchronously for a bad channel, limit or cursor
 */
export function startListFiles(
  runtime: ClientRuntime,
  ctx: RequestContext,
  options: ListFilesOptions,
): Promise<ListFilesResult> {
  return execute(runtime, buildListFiles(options, ctx), parseListFiles, options.signal);
}

/**
 * Deletes a stored file.
 * @throws PubnubValidationError synchronously for a bad channel, id or name
 */
export function startDeleteFile(
  runtime: ClientRuntime,
  ctx: RequestContext,
  options: DeleteFileOptions,
): Promise<DeleteFileResult> {
  return execute(runtime, buildDeleteFile(options, ctx), parseDeleteFile, options.signal);
}

/**
 * The URL of a stored file: the download endpoint with this client's `uuid`, `auth` and, with a secret key, a
 * signature (valid about 60 s). Fetching it redirects to storage. The contents are as stored: encrypted files
 * stay encrypted.
 * @throws PubnubValidationError for a bad channel, id or name
 */
export function fileUrl(runtime: ClientRuntime, ctx: RequestContext, ref: FileUrlParameters): string {
  return runtime.urlOf(buildDownloadFile(ref, ctx));
}

/**
 * Downloads a stored file; resolves once the answer's head arrived, with the contents to read as a stream or a
 * Buffer (decrypted with the cipher key).
 * @throws PubnubValidationError synchronously for a bad channel, id or name
 */
export function startDownloadFile(
  runtime: ClientRuntime,
  ctx: RequestContext,
  options: DownloadFileOptions,
): Promise<DownloadedFile> {
  return startDownload(runtime, buildDownloadFile(options, ctx), options);
}
