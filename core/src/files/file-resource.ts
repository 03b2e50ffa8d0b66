/**
 * The per-file endpoints (docs/protocol.md §15): download and delete, on one path.
 *
 *   GET    /v1/files/{sub}/channels/{channel}/files/{id}/{name}?uuid&pnsdk[&auth]   307 Location: <storage URL>
 *   DELETE /v1/files/{sub}/channels/{channel}/files/{id}/{name}?uuid&pnsdk[&auth]   200 {"status":200}
 *
 * The download answers with a redirect to object storage, as PubNub does; the host follows it (once) and streams
 * the body. The same GET, signed, is the URL `getFileUrl` hands out.
 */
import type { RequestContext } from '../context.js';
import { PubnubMalformedResponseError } from '../errors.js';
import { commonQuery } from '../operations/common.js';
import type { PnRequest, PnResponse } from '../request.js';
import { malformed, readJson } from '../response.js';
import { type FileRef, fileResourcePath } from './file-names.js';

/** What a delete resolves to. */
export interface DeleteFileResult {
  readonly status: number;
}

/**
 * Builds the download request (also the file URL once signed).
 * @throws PubnubValidationError for a bad channel, id or name, or no subscribe key
 */
export function buildDownloadFile(ref: FileRef, ctx: RequestContext): PnRequest {
  return {
    operation: 'downloadFile',
    method: 'GET',
    path: fileResourcePath(ctx, ref, 'downloadFile'),
    query: commonQuery(ctx),
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Where a download answer points: the redirect's target for a 301/302/303/307/308 with a `Location`, or
 * `undefined` for a 200 (the body is the file itself).
 * @param head the response's status and headers; its body is read only for an error
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error status (the body is the service's JSON)
 * @throws PubnubMalformedResponseError for a redirect without a `Location`, or another status
 */
export function readDownloadLocation(head: PnResponse): string | undefined {
  const { status } = head;
  if (status === 200) return undefined;
  if ([301, 302, 303, 307, 308].includes(status)) {
    const location = head.headers.location;
    if (location === undefined || location === '') {
      throw new PubnubMalformedResponseError(
        'downloadFile: a redirect without a Location',
        { status, body: head.body },
        { operation: 'downloadFile' },
      );
    }
    return location;
  }
  readJson(head, 'downloadFile');
  return malformed(head, 'downloadFile', 'a redirect to storage or the file');
}

/**
 * Builds the delete request.
 * @throws PubnubValidationError for a bad channel, id or name, or no subscribe key
 */
export function buildDeleteFile(ref: FileRef, ctx: RequestContext): PnRequest {
  return {
    operation: 'deleteFile',
    method: 'DELETE',
    path: fileResourcePath(ctx, ref, 'deleteFile'),
    query: commonQuery(ctx),
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Reads `{"status":200}`.
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response (404 for a file that is not there)
 */
export function parseDeleteFile(res: PnResponse): DeleteFileResult {
  const json = readJson(res, 'deleteFile');
  const status = typeof json === 'object' && json !== null && 'status' in json ? json.status : undefined;
  return { status: typeof status === 'number' ? status : res.status };
}
