/**
 * Turning a raw response into JSON or a typed error: the part every `parse*` function shares.
 *
 * The rules come from how the service really answers (docs/protocol.md §5, quirks 7–8): an error can come as an HTTP error
 * status or as HTTP 200 with a JSON `status >= 400`; publish errors are arrays `[0, "msg", ...]`; 403 means access
 * denied and names the channels in `payload.channels`; a proxy can answer with an HTML page.
 */

import { splitNameList } from './encoding.js';
import {
  PubnubAccessDeniedError,
  PubnubMalformedResponseError,
  PubnubServiceError,
  type UpstreamResponse,
} from './errors.js';
import { parseJson } from './json.js';
import type { Operation, PnResponse } from './request.js';
import { retryAfterMs } from './retry-after.js';

function upstreamOf(res: PnResponse, json?: unknown): UpstreamResponse {
  return json === undefined ? { status: res.status, body: res.body } : { status: res.status, body: res.body, json };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return splitNameList(value);
  return [];
}

/** The service's own words for an error body, if it has any. */
function serviceMessage(json: unknown): string | undefined {
  if (Array.isArray(json) && typeof json[1] === 'string') return json[1];
  if (isRecord(json)) {
    if (typeof json.message === 'string') return json.message;
    if (isRecord(json.error) && typeof json.error.message === 'string') return json.error.message;
    if (typeof json.error === 'string') return json.error;
  }
  return undefined;
}

/**
 * Parses the body as JSON and throws the matching error when the response is an error.
 * @throws PubnubAccessDeniedError on 403 (HTTP or JSON status)
 * @throws PubnubServiceError on any other error status, or a publish-style `[0, "msg"]` body
 * @throws PubnubMalformedResponseError when a success body is not JSON
 */
export function readJson(res: PnResponse, operation: Operation): unknown {
  let json: unknown;
  let parseError: unknown;
  try {
    json = parseJson(res.body);
  } catch (err) {
    parseError = err;
  }
  const jsonStatus = isRecord(json) && typeof json.status === 'number' ? json.status : undefined;
  const status =
    res.status >= 400 ? res.status : jsonStatus !== undefined && jsonStatus >= 400 ? jsonStatus : res.status;
  if (status >= 400) {
    const upstream = upstreamOf(res, json);
    const said = serviceMessage(json);
    const what = said ?? (parseError === undefined ? `HTTP ${status}` : `HTTP ${status} with a non-JSON body`);
    if (status === 403) {
      const payload = isRecord(json) && isRecord(json.payload) ? json.payload : {};
      const channels = stringList(payload.channels);
      const channelGroups = stringList(payload['channel-groups']);
      const named = channels.length > 0 ? ` on ${channels.join(', ')}` : '';
      return fail(
        new PubnubAccessDeniedError(`${operation} denied${named}: ${what}`, upstream, {
          operation,
          channels,
          channelGroups,
        }),
      );
    }
    const wait = retryAfterMs({ status, headers: res.headers });
    const later = wait === undefined ? '' : `; retry after ${wait / 1000} s`;
    return fail(
      new PubnubServiceError(`${operation} failed: ${what} (HTTP ${status})${later}`, upstream, {
        operation,
        retryAfterMs: wait,
      }),
    );
  }
  if (parseError !== undefined) {
    const looksHtml = /^\s*</.test(res.body);
    const reason =
      res.body === ''
        ? 'an empty body'
        : looksHtml
          ? 'an HTML page (a proxy or captive portal?)'
          : 'a body that is not JSON';
    throw new PubnubMalformedResponseError(`${operation}: the service answered ${reason}`, upstreamOf(res), {
      operation,
      cause: parseError,
    });
  }
  if (Array.isArray(json) && json[0] === 0 && typeof json[1] === 'string') {
    throw new PubnubServiceError(`${operation} failed: ${json[1]}`, upstreamOf(res, json), { operation });
  }
  return json;
}

function fail(err: Error): never {
  throw err;
}

/** Throws `PubnubMalformedResponseError` for a body of the wrong shape; `expected` says what it should be. */
export function malformed(res: PnResponse, operation: Operation, expected: string): never {
  throw new PubnubMalformedResponseError(`${operation}: expected ${expected}`, upstreamOf(res), { operation });
}

export { isRecord };
