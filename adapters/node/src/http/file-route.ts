/**
 * The files route without a framework (docs/protocol.md §15.10): what a signed-in browser uses instead of keys.
 *
 * - Download, `GET …/:channel/:id/:name`: the app says which channels this request may read; the server downloads
 *   the file with its own client (decrypting with its cipher key) and streams it to the browser. The browser never
 *   sees a PubNub URL, an auth key or a signature, and the file is readable only while the app says so.
 * - Upload, `POST …/:channel?name=<file name>[&message=<JSON>]`, the file as the raw request body: the app says
 *   which channels this request may write; the body is streamed into `sendFile` (never buffered), cut off past
 *   `maxBytes`; the answer is `{ id, name, timetoken }`, and subscribers get the file event.
 *
 * One logic, bound by `@pubkit/express` and `@pubkit/koa` (`fileRoute`): a binding maps its request to a
 * `FileExchange`; errors (a bad channel or name, 404 of a missing file, a refused upload) are thrown for its error
 * mapping (`toHttpError`), before anything is written.
 */
import type { ServerResponse } from 'node:http';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PubnubServiceError, PubnubValidationError } from '@pubkit/core';
import type { DownloadedFile, DownloadFileOptions } from '../file-download.js';
import type { SendFileOptions, SendFileResult } from '../files-api.js';
import type { ChannelAccess } from './auth-grant.js';
import type { HttpAnswer } from './auth-handler.js';
import { FORBIDDEN } from './error-mapping.js';

/** What the files route calls on the client. */
export interface FilesClient {
  downloadFile(options: DownloadFileOptions): Promise<DownloadedFile>;
  sendFile(options: SendFileOptions): Promise<SendFileResult>;
}

/** Options of a files route (`fileRoute` in `@pubkit/express` and `@pubkit/koa`). */
export interface FileRouteOptions<Req> {
  /** The client that downloads and sends (its cipher key, if any, encrypts and decrypts). */
  readonly client: FilesClient;
  /** The channels this request may read (download) and write (upload), or `null` to answer 403. May be async. */
  readonly channels: (req: Req) => ChannelAccess | null | Promise<ChannelAccess | null>;
  /** Largest upload, in bytes; a larger body is refused (413) while it streams. @default 5 MiB (PubNub's limit) */
  readonly maxBytes?: number | undefined;
  /** Accept uploads. @default true */
  readonly upload?: boolean | undefined;
}

/** One request to the files route, as the framework-free handler sees it. */
export interface FileExchange {
  readonly method: string;
  /** The path parameters: `channel`, and `id` and `name` for a download. */
  readonly params: { readonly channel?: string; readonly id?: string; readonly name?: string };
  /** The query parameters `name` and `message` of an upload. */
  readonly query: { readonly name?: string; readonly message?: string };
  /** The request body (an upload's file). */
  readonly body: Readable;
  /** The request's `Content-Length`, when it sent one. */
  readonly contentLength: number | undefined;
  /** Answers with JSON. */
  answer(answer: HttpAnswer): void;
  /** Answers 200 with `headers` and streams `body`; resolves when it was sent (or the browser went away). */
  stream(headers: Readonly<Record<string, string>>, body: Readable): Promise<void>;
}

const NO_STORE = { 'Cache-Control': 'no-store' } as const;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

function refused(status: number, code: string, message: string): HttpAnswer {
  return { status, headers: NO_STORE, body: { error: { code, message } } };
}

/** `attachment; filename="…"` with an ASCII fallback and the UTF-8 name (RFC 6266). */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Counts bytes through, failing past `max` (the upload limit, enforced while streaming); `over()` says it did. */
function limit(max: number): Transform & { over(): boolean } {
  let seen = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) callback(new PubnubValidationError('file', `the file is larger than ${max} bytes`));
      else callback(null, chunk);
    },
  });
  return Object.assign(stream, { over: () => seen > max });
}

/**
 * Creates the framework-free files handler.
 * @returns a function serving one request; it rejects with `PubnubValidationError` (400) for a bad channel, id or
 *   name, `PubnubServiceError` (the service's 404) for a missing file, or what the app's `channels()` throws
 */
export function fileHandler<Req>(options: FileRouteOptions<Req>): (req: Req, ex: FileExchange) => Promise<void> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return async (req, ex) => {
    const upload = ex.method === 'POST';
    if (upload && options.upload === false) {
      ex.answer(refused(405, 'METHOD_NOT_ALLOWED', 'this files route does not accept uploads'));
      return;
    }
    if (!upload && ex.method !== 'GET' && ex.method !== 'HEAD') {
      ex.answer(refused(405, 'METHOD_NOT_ALLOWED', 'use GET to download or POST to upload'));
      return;
    }
    const channel = ex.params.channel ?? '';
    const access = await options.channels(req);
    if (access === null || !(upload ? access.write : access.read).includes(channel)) {
      ex.answer({ status: FORBIDDEN.status, headers: NO_STORE, body: FORBIDDEN.body });
      return;
    }
    if (!upload) {
      let file: DownloadedFile;
      try {
        file = await options.client.downloadFile({ channel, id: ex.params.id ?? '', name: ex.params.name ?? '' });
      } catch (err) {
        // A missing file is the browser's 404, not an upstream failure (which `toHttpError` answers 502).
        if (!(err instanceof PubnubServiceError) || err.upstream.status !== 404) throw err;
        ex.answer(refused(404, 'NOT_FOUND', 'no such file'));
        return;
      }
      const headers = {
        'Content-Type': file.mimeType ?? 'application/octet-stream',
        'Content-Disposition': disposition(file.name),
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      };
      await ex.stream(headers, file.toStream());
      return;
    }
    if (ex.contentLength !== undefined && ex.contentLength > maxBytes) {
      ex.answer(refused(413, 'PAYLOAD_TOO_LARGE', `the file is larger than ${maxBytes} bytes`));
      return;
    }
    let message: unknown;
    if (ex.query.message !== undefined) {
      try {
        message = JSON.parse(ex.query.message);
      } catch {
        throw new PubnubValidationError('message', 'message must be JSON text');
      }
    }
    const counted = limit(maxBytes);
    const body = ex.body.pipe(counted);
    ex.body.once('error', (err) => counted.destroy(err));
    let sent: SendFileResult;
    try {
      sent = await options.client.sendFile({
        channel,
        file: { stream: body, name: ex.query.name ?? '', size: ex.contentLength },
        message,
      });
    } catch (err) {
      if (!counted.over()) throw err;
      ex.answer(refused(413, 'PAYLOAD_TOO_LARGE', `the file is larger than ${maxBytes} bytes`));
      return;
    }
    ex.answer({ status: 200, headers: NO_STORE, body: sent });
  };
}

/** Streams `body` to a Node response after `writeHead`; resolves when done or the browser went away. */
export async function streamTo(
  res: ServerResponse,
  headers: Readonly<Record<string, string>>,
  body: Readable,
): Promise<void> {
  res.writeHead(200, headers);
  try {
    await pipeline(body, res);
  } catch {
    // The browser went away, or the download failed mid-way (a wrong key): the response is cut; nothing to answer.
  }
}
