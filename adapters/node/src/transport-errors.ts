/**
 * Classifying what undici and the socket layer throw into the core's transport errors (docs/architecture.md §4), by `err.code`
 * and never by message text: messages change between undici and Node versions, codes are their API.
 */
import { type Operation, PubnubAbortError, PubnubError, PubnubNetworkError, PubnubTimeoutError } from '@pubkit/core';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const ABORT_CODES = new Set(['UND_ERR_ABORTED', 'ABORT_ERR']);
/** OpenSSL's codes for a server that answered the TLS hello with something else (a plain-HTTP server). */
const PLAIN_HTTP_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Maps a failure of the HTTP layer to `PubnubNetworkError`, `PubnubTimeoutError` or `PubnubAbortError`; the
 * original error stays as `cause`. A `PubnubError` (our own abort reason) is returned unchanged.
 * @param timeoutMs the request's timeout, reported by a timeout error
 * @param connectTimeoutMs the connect timeout, named in the message of a `UND_ERR_CONNECT_TIMEOUT` failure
 * @param written whether the request had been written to the socket (`PubnubNetworkError.maybeDelivered`)
 * @default written false
 */
export function classifyTransportError(
  err: unknown,
  operation: Operation,
  timeoutMs: number,
  connectTimeoutMs: number,
  written = false,
): PubnubError {
  if (err instanceof PubnubError) return err;
  const code = codeOf(err);
  // A connect timeout means the host is unreachable: a network failure the subscribe loop retries, not the
  // request's own timeout (which a long-poll treats as normal).
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new PubnubNetworkError(`${operation}: no connection within ${connectTimeoutMs} ms (${code})`, {
      cause: err,
      operation,
    });
  }
  if (code !== undefined && TIMEOUT_CODES.has(code))
    return new PubnubTimeoutError(timeoutMs, { cause: err, operation });
  if (code !== undefined && ABORT_CODES.has(code)) return new PubnubAbortError(undefined, { cause: err, operation });
  // A TLS handshake answered in plain HTTP: the origin does not speak TLS (issue 10, "Failures that speak").
  if (code !== undefined && PLAIN_HTTP_CODES.has(code)) {
    return new PubnubNetworkError(
      `${operation}: the origin answered TLS with plain HTTP (${code}); use \`ssl: false\` or an \`http://\` origin`,
      { cause: err, operation },
    );
  }
  // UND_ERR_SOCKET, ECONNREFUSED, ECONNRESET, ENOTFOUND, EAI_AGAIN, EPIPE, UND_ERR_CLOSED, UND_ERR_DESTROYED …
  const what = code === undefined ? 'the connection failed' : `the connection failed (${code})`;
  return written
    ? lostAfterWrite(operation, err)
    : new PubnubNetworkError(`${operation}: ${what}`, { cause: err, operation });
}

/**
 * The error of a request whose connection failed after the request was written: the service may have acted on it,
 * and it is not sent again (docs/decisions.md, "Never resend a written publish").
 */
export function lostAfterWrite(operation: Operation, cause?: unknown): PubnubNetworkError {
  return new PubnubNetworkError(
    `${operation}: the connection dropped after the request was sent; the service may have received it (not resent)`,
    { cause, operation, maybeDelivered: true },
  );
}
