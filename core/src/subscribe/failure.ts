/**
 * How the subscribe machine reads a failed request (docs/architecture.md §4, docs/protocol.md §5, §8.3). Classification is by error class
 * and upstream status, never by message text (docs/architecture.md §4, "Errors").
 *
 * - `timeout`: the request's own timeout elapsed with no answer. For a long-poll this is normal: the service holds
 *   a poll open until something arrives, and the client's timeout (310–320 s in every SDK, docs/protocol.md §1.5) can beat
 *   it. The machine decides what a timeout means: normal for a poll, a failure for a handshake, which the service
 *   answers at once.
 * - `transient`: worth retrying with backoff: the network failed (refused, reset, DNS, connect timeout: a host must
 *   report a connect timeout as `PubnubNetworkError`), the service said 429 or 5xx (or 408), or the body was not
 *   the service's (an HTML page from a proxy or captive portal).
 * - `fatal`: retrying cannot help until someone changes something: 400 (bad key, bad signature time), 403 (grants),
 *   404, 413, 414 and every other 4xx, a validation error (caller bug), an abort nobody in the loop asked for, and
 *   anything that is not a `PubnubError` at all (a bug, reported rather than retried forever).
 */
import {
  PubnubAbortError,
  PubnubMalformedResponseError,
  PubnubNetworkError,
  PubnubServiceError,
  PubnubTimeoutError,
} from '../errors.js';

/** The three ways a failed subscribe request is handled. */
export type FailureKind = 'timeout' | 'transient' | 'fatal';

/** Classifies the error a failed request settled with. */
export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof PubnubTimeoutError) return 'timeout';
  if (error instanceof PubnubNetworkError) return 'transient';
  if (error instanceof PubnubMalformedResponseError) return 'transient';
  if (error instanceof PubnubAbortError) return 'fatal';
  if (error instanceof PubnubServiceError) {
    const status = serviceStatus(error);
    return status === 408 || status === 429 || status >= 500 ? 'transient' : 'fatal';
  }
  return 'fatal';
}

/**
 * The status the service meant. An error can arrive as HTTP 200 with a JSON `status >= 400` (docs/protocol.md §1.4,
 * quirk 8); `upstream.status` then holds the HTTP 200, and the JSON one is the status that counts.
 */
function serviceStatus(error: PubnubServiceError): number {
  const { status, json } = error.upstream;
  if (status >= 400) return status;
  if (typeof json === 'object' && json !== null && 'status' in json && typeof json.status === 'number') {
    return json.status;
  }
  return status;
}

/**
 * The wait a failure asks for: `Retry-After` of a 429/503, read where every operation's errors are made
 * (`retry-after.ts`, carried as `PubnubServiceError.retryAfterMs`); `undefined` otherwise.
 */
export function requestedWaitMs(error: unknown): number | undefined {
  return error instanceof PubnubServiceError ? error.retryAfterMs : undefined;
}
