/**
 * How App Context answers are read (docs/protocol.md §14.2): `{status, data}` for one object, `{status, data: [...],
 * totalCount?, next?, prev?}` for a page, `{status, data: null}` for a removal. Errors come as
 * `{status, error: {message, source, details}}`; a 412 (the object changed since the caller's `ifMatchesEtag`)
 * becomes `PubnubPreconditionFailedError`, so a conditional update can be told from any other failure.
 */
import { PubnubPreconditionFailedError } from '../errors.js';
import { parseJson } from '../json.js';
import type { Operation, PnResponse } from '../request.js';
import { isRecord, malformed, readJson } from '../response.js';

/** One object: `{ status, data }`. */
export interface ObjectResponse<T> {
  readonly status: number;
  readonly data: T;
}

/** A page of objects, with the cursors to the neighbouring pages and, when asked for, the total. */
export interface PagedObjectsResponse<T> {
  readonly status: number;
  readonly data: T[];
  /** The number of objects the listing holds in all (only with `include.totalCount`). */
  readonly totalCount?: number;
  /** Cursor of the next page; absent on the last. */
  readonly next?: string;
  /** Cursor of the previous page; absent on the first. */
  readonly prev?: string;
}

/** A removal: `{ status, data: null }`. */
export interface RemovedObjectResponse {
  readonly status: number;
  readonly data: null;
}

/**
 * `readJson`, with 412 read as a failed precondition.
 * @throws PubnubPreconditionFailedError on 412
 * @throws PubnubServiceError / PubnubAccessDeniedError / PubnubMalformedResponseError as `readJson`
 */
function readObjectsJson(res: PnResponse, operation: Operation): unknown {
  if (res.status === 412) {
    let json: unknown;
    try {
      json = parseJson(res.body);
    } catch {
      json = undefined;
    }
    const said = isRecord(json) && isRecord(json.error) ? json.error.message : undefined;
    const why = typeof said === 'string' ? said : 'the object changed since its eTag was read';
    throw new PubnubPreconditionFailedError(
      `${operation}: precondition failed (HTTP 412): ${why}; read the object again and retry with its new eTag`,
      json === undefined ? { status: 412, body: res.body } : { status: 412, body: res.body, json },
      { operation },
    );
  }
  return readJson(res, operation);
}

function statusOf(json: Record<string, unknown>, res: PnResponse): number {
  return typeof json.status === 'number' ? json.status : res.status;
}

/**
 * Reads `{ status, data }` with `read` applied to `data`.
 * @throws PubnubMalformedResponseError when `data` is not what `read` accepts
 */
export function parseObject<T>(
  res: PnResponse,
  operation: Operation,
  read: (value: unknown) => T | undefined,
  expected: string,
): ObjectResponse<T> {
  const json = readObjectsJson(res, operation);
  const data = isRecord(json) ? read(json.data) : undefined;
  if (!isRecord(json) || data === undefined) return malformed(res, operation, `{"status": 200, "data": ${expected}}`);
  return { status: statusOf(json, res), data };
}

/**
 * Reads a page: `data` a list of what `read` accepts, optional `totalCount`, `next` and `prev`.
 * @throws PubnubMalformedResponseError when `data` is not such a list
 */
export function parsePage<T>(
  res: PnResponse,
  operation: Operation,
  read: (value: unknown) => T | undefined,
  expected: string,
): PagedObjectsResponse<T> {
  const json = readObjectsJson(res, operation);
  const list = isRecord(json) && Array.isArray(json.data) ? json.data.map(read) : undefined;
  if (!isRecord(json) || list === undefined || list.some((item) => item === undefined)) {
    return malformed(res, operation, `{"status": 200, "data": [${expected}, …], "next"?, "prev"?, "totalCount"?}`);
  }
  const page: { -readonly [K in keyof PagedObjectsResponse<T>]: PagedObjectsResponse<T>[K] } = {
    status: statusOf(json, res),
    data: list as T[],
  };
  if (typeof json.totalCount === 'number' && Number.isSafeInteger(json.totalCount)) page.totalCount = json.totalCount;
  if (typeof json.next === 'string' && json.next !== '') page.next = json.next;
  if (typeof json.prev === 'string' && json.prev !== '') page.prev = json.prev;
  return page;
}

/**
 * Reads a removal's `{ status, data: null }` (any `data` is accepted: the object is gone either way).
 * @throws PubnubMalformedResponseError when the body is not a JSON object
 */
export function parseRemoved(res: PnResponse, operation: Operation): RemovedObjectResponse {
  const json = readObjectsJson(res, operation);
  if (!isRecord(json)) return malformed(res, operation, '{"status": 200, "data": null}');
  return { status: statusOf(json, res), data: null };
}
