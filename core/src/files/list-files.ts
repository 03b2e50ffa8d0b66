/**
 * `listFiles` (docs/protocol.md §15): one page of a channel's stored files.
 *
 *   GET /v1/files/{sub}/channels/{channel}/files?[limit][&next]&uuid&pnsdk[&auth]
 *   200 {"status":200,"data":[{"name","id","size","created"}],"next":"<cursor>","count":N}
 *
 * `next` is absent on the last page; pass it back to get the next one.
 */
import type { RequestContext } from '../context.js';
import { PubnubValidationError } from '../errors.js';
import { commonQuery } from '../operations/common.js';
import type { PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed, readJson } from '../response.js';
import { channelFilesPath } from './file-names.js';

/** Most files one page may ask for. */
export const MAX_LIST_FILES_LIMIT = 100;

/** Arguments of `buildListFiles`. */
export interface ListFilesParams {
  readonly channel: string;
  /** Files per page, 1–100. @default the service's (100) */
  readonly limit?: number | undefined;
  /** The `next` cursor of the previous page. */
  readonly next?: string | undefined;
}

/** One stored file. */
export interface ListedFile {
  readonly id: string;
  readonly name: string;
  /** Size in bytes as stored (encrypted files are larger than their plaintext). */
  readonly size: number;
  /** When it was stored (ISO 8601). */
  readonly created: string;
}

/** One page of files. */
export interface ListFilesResult {
  readonly status: number;
  readonly data: ListedFile[];
  /** The cursor of the next page; absent on the last one. */
  readonly next?: string;
  /** Files on this page. */
  readonly count: number;
}

/**
 * Builds a list request.
 * @throws PubnubValidationError for a bad channel, a limit outside 1–100 or a non-string `next`
 */
export function buildListFiles(params: ListFilesParams, ctx: RequestContext): PnRequest {
  const path = `${channelFilesPath(ctx, params.channel, 'listFiles')}/files`;
  const query: Record<string, string> = {};
  if (params.limit !== undefined) {
    const { limit } = params;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_FILES_LIMIT) {
      throw new PubnubValidationError('limit', `limit must be a whole number from 1 to ${MAX_LIST_FILES_LIMIT}`, {
        operation: 'listFiles',
      });
    }
    query.limit = String(limit);
  }
  if (params.next !== undefined) {
    if (typeof params.next !== 'string' || params.next === '') {
      throw new PubnubValidationError('next', 'next must be the cursor string of the previous page', {
        operation: 'listFiles',
      });
    }
    query.next = params.next;
  }
  return {
    operation: 'listFiles',
    method: 'GET',
    path,
    query: { ...query, ...commonQuery(ctx) },
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Reads a page of files.
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response
 * @throws PubnubMalformedResponseError when `data` is not a list of `{name, id, size, created}`
 */
export function parseListFiles(res: PnResponse): ListFilesResult {
  const json = readJson(res, 'listFiles');
  const expected = 'data: [{name, id, size, created}]';
  if (!isRecord(json) || !Array.isArray(json.data)) return malformed(res, 'listFiles', expected);
  const data: ListedFile[] = [];
  for (const entry of json.data) {
    if (
      !isRecord(entry) ||
      typeof entry.id !== 'string' ||
      typeof entry.name !== 'string' ||
      typeof entry.size !== 'number' ||
      typeof entry.created !== 'string'
    ) {
      return malformed(res, 'listFiles', expected);
    }
    data.push({ id: entry.id, name: entry.name, size: entry.size, created: entry.created });
  }
  const status = typeof json.status === 'number' ? json.status : res.status;
  const count = typeof json.count === 'number' ? json.count : data.length;
  const result: { status: number; data: ListedFile[]; next?: string; count: number } = { status, data, count };
  if (typeof json.next === 'string' && json.next !== '') result.next = json.next;
  return result;
}
