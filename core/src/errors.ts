/**
 * One error hierarchy for every pubkit package (docs/architecture.md §4).
 *
 *   PubnubError
 *   ├─ PubnubValidationError        caller bug, thrown synchronously before anything is sent
 *   ├─ PubnubStateError             call not allowed now (closed client, full queue)
 *   ├─ PubnubTransportError         no response arrived
 *   │  ├─ PubnubNetworkError
 *   │  ├─ PubnubTimeoutError
 *   │  └─ PubnubAbortError
 *   ├─ PubnubServiceError           the service answered with an error
 *   │  ├─ PubnubAccessDeniedError   403
 *   │  └─ PubnubPreconditionFailedError 412: a conditional update met a changed object
 *   ├─ PubnubMalformedResponseError the body is not what the operation returns
 *   │  └─ PubnubResponseTooLargeError the body is larger than the operation's limit
 *   ├─ PubnubCryptoError            encrypt/decrypt failed
 *   ├─ PubnubFilePublishError       a file was stored but its file message was not published
 *   └─ PubnubCallbackError          a callback the application gave threw (reported, never swallowed)
 *
 * Why the upstream status lives under `err.upstream` and never as `err.status`: Express and Koa copy `err.status`
 * into the browser's response, and an upstream 403 or 500 is not the status the caller's own endpoint should answer.
 */

/** Stable, machine-readable error codes. Branch on these, never on `message`. */
export type PubnubErrorCode =
  | 'PN_VALIDATION'
  | 'PN_STATE'
  | 'PN_NETWORK'
  | 'PN_TIMEOUT'
  | 'PN_ABORTED'
  | 'PN_SERVICE'
  | 'PN_ACCESS_DENIED'
  | 'PN_PRECONDITION_FAILED'
  | 'PN_MALFORMED_RESPONSE'
  | 'PN_RESPONSE_TOO_LARGE'
  | 'PN_CRYPTO'
  | 'PN_FILE_PUBLISH'
  | 'PN_CALLBACK';

/** What the service sent back, for errors that come from a response. */
export interface UpstreamResponse {
  /** HTTP status of the upstream response. */
  readonly status: number;
  /** Raw response body (may be truncated to 2 KiB). */
  readonly body: string;
  /** Parsed JSON body, when it was JSON. */
  readonly json?: unknown;
}

const BODY_LIMIT = 2048;

/** Base class of every error pubkit throws or reports. */
export class PubnubError extends Error {
  /** Machine-readable code. */
  readonly code: PubnubErrorCode;
  /** The operation that failed, e.g. `publish`, when known. */
  readonly operation: string | undefined;

  constructor(code: PubnubErrorCode, message: string, options: { cause?: unknown; operation?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.operation = options.operation;
  }
}

/** A caller bug: bad argument or option. Thrown synchronously, before any request is sent. */
export class PubnubValidationError extends PubnubError {
  /** Name of the offending argument or option, e.g. `channel` or `cipherKey`. */
  readonly field: string;
  constructor(field: string, message: string, options: { operation?: string } = {}) {
    super('PN_VALIDATION', message, options);
    this.field = field;
  }
}

/** The call is not allowed in the current state (the client is closed, a queue is full). */
export class PubnubStateError extends PubnubError {
  constructor(message: string, options: { cause?: unknown; operation?: string } = {}) {
    super('PN_STATE', message, options);
  }
}

/** No response arrived. Subclasses say why. */
export class PubnubTransportError extends PubnubError {}

/** The connection failed (refused, reset, DNS). `cause` holds the original error with its `code`. */
export class PubnubNetworkError extends PubnubTransportError {
  /**
   * True when the request had been written to the connection before it failed: the service may have acted on it
   * (a publish may be stored). pubkit never resends such a request itself (docs/decisions.md, "Never resend a
   * written publish"); whether to send it again is the caller's choice. False when it never left the client.
   */
  readonly maybeDelivered: boolean;
  constructor(message: string, options: { cause?: unknown; operation?: string; maybeDelivered?: boolean } = {}) {
    super('PN_NETWORK', message, options);
    this.maybeDelivered = options.maybeDelivered ?? false;
  }
}

/** No response within the request's timeout. */
export class PubnubTimeoutError extends PubnubTransportError {
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number, options: { cause?: unknown; operation?: string } = {}) {
    super('PN_TIMEOUT', `no response within ${timeoutMs} ms`, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller (or `close()`) aborted the request. */
export class PubnubAbortError extends PubnubTransportError {
  constructor(message = 'the request was aborted', options: { cause?: unknown; operation?: string } = {}) {
    super('PN_ABORTED', message, options);
  }
}

/** The service answered with an error status or an error body. */
export class PubnubServiceError extends PubnubError {
  /** The upstream response. Deliberately not `status`: see the file header. */
  readonly upstream: UpstreamResponse;
  /**
   * How long a 429 or 503 asked the client to wait (its `Retry-After` in delta-seconds, capped at 5 minutes), in
   * ms; undefined when it did not say. A retry should wait at least this long.
   */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    upstream: UpstreamResponse,
    options: { cause?: unknown; operation?: string; code?: PubnubErrorCode; retryAfterMs?: number | undefined } = {},
  ) {
    super(options.code ?? 'PN_SERVICE', message, options);
    this.upstream = { ...upstream, body: upstream.body.slice(0, BODY_LIMIT) };
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** 403: the auth key lacks the permission, or the signature is wrong. */
export class PubnubAccessDeniedError extends PubnubServiceError {
  /** Channels the service named as forbidden (from `payload.channels`), if any. */
  readonly channels: readonly string[];
  /** Channel groups the service named as forbidden, if any. */
  readonly channelGroups: readonly string[];
  constructor(
    message: string,
    upstream: UpstreamResponse,
    options: { operation?: string; channels?: readonly string[]; channelGroups?: readonly string[] } = {},
  ) {
    super(message, upstream, { ...options, code: 'PN_ACCESS_DENIED' });
    this.channels = options.channels ?? [];
    this.channelGroups = options.channelGroups ?? [];
  }
}

/**
 * 412: a conditional update (`ifMatchesEtag`, sent as `If-Match`) was refused because the object changed since the
 * caller read it (docs/protocol.md §14.7). Nothing was written; read the object again, then retry with its new `eTag`.
 */
export class PubnubPreconditionFailedError extends PubnubServiceError {
  /** The ETag the caller expected the object to still have. */
  readonly expectedEtag: string | undefined;
  constructor(
    message: string,
    upstream: UpstreamResponse,
    options: { operation?: string; expectedEtag?: string } = {},
  ) {
    super(message, upstream, { operation: options.operation, code: 'PN_PRECONDITION_FAILED' });
    this.expectedEtag = options.expectedEtag;
  }
}

/** The response body is not what the operation returns (truncated JSON, an HTML proxy page, a wrong shape). */
export class PubnubMalformedResponseError extends PubnubError {
  /** The upstream response. */
  readonly upstream: UpstreamResponse;
  constructor(
    message: string,
    upstream: UpstreamResponse,
    options: { cause?: unknown; operation?: string; code?: PubnubErrorCode } = {},
  ) {
    super(options.code ?? 'PN_MALFORMED_RESPONSE', message, options);
    this.upstream = { ...upstream, body: upstream.body.slice(0, BODY_LIMIT) };
  }
}

/**
 * The response was larger than the operation's `maxResponseBytes`: the client stopped reading, dropped the
 * connection and kept at most the first 2 KiB (in `upstream.body`). A subclass of `PubnubMalformedResponseError`,
 * so the subscribe loop backs off and goes on, as for any answer that is not the service's.
 */
export class PubnubResponseTooLargeError extends PubnubMalformedResponseError {
  /** The limit that was passed, in bytes. */
  readonly limitBytes: number;
  constructor(limitBytes: number, upstream: UpstreamResponse, options: { operation?: string } = {}) {
    const what = options.operation === undefined ? 'the response' : `${options.operation}: the response`;
    super(`${what} is larger than ${limitBytes} bytes (maxResponseBytes); the connection was dropped`, upstream, {
      ...options,
      code: 'PN_RESPONSE_TOO_LARGE',
    });
    this.limitBytes = limitBytes;
  }
}

/** Encryption or decryption failed (wrong key, not ciphertext, bad padding). Never carries plaintext or key. */
export class PubnubCryptoError extends PubnubError {
  constructor(message: string, options: { cause?: unknown; operation?: string } = {}) {
    super('PN_CRYPTO', message, options);
  }
}

/** Why a token string could not be read (docs/decisions.md "Access Manager v3 tokens"). */
export type TokenProblem = 'too-long' | 'base64' | 'cbor' | 'shape';

/**
 * A string given as an Access Manager v3 token is not one: not url-safe base64, truncated or trailing CBOR, or a
 * CBOR value without the token's fields. A caller error like any bad argument, so it is a `PubnubValidationError`
 * (field `token`); `problem` says which layer failed. The message never quotes the token (it is a credential).
 */
export class PubnubTokenError extends PubnubValidationError {
  /** Which layer of the token failed. */
  readonly problem: TokenProblem;
  constructor(problem: TokenProblem, message: string, options: { operation?: string } = {}) {
    super('token', message, options);
    this.problem = problem;
  }
}

/**
 * A callback the application gave pubkit threw. pubkit never swallows it: it is reported on the error path (the
 * subscription's `error` callback, the client's status listeners) or, with no listener, as a process warning,
 * and the loop that called it goes on. `cause` is what the callback threw.
 */
export class PubnubCallbackError extends PubnubError {
  /** Which callback threw, e.g. `subscribe callback`, `presence`, `publish callback`. */
  readonly site: string;
  constructor(site: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super('PN_CALLBACK', `a user callback threw (${site}): ${why}`, { cause });
    this.site = site;
  }
}

/**
 * `sendFile` stored the file but its file message failed (docs/protocol.md §15): subscribers were not told. The
 * file is not uploaded again: call `publishFile({ channel, fileId, fileName, message })` with `channel`, `fileId`
 * and `fileName` from here to retry the message alone. `cause` is the publish's own error.
 */
export class PubnubFilePublishError extends PubnubError {
  /** The channel the file was sent to. */
  readonly channel: string;
  /** The stored file's id. */
  readonly fileId: string;
  /** The stored file's name. */
  readonly fileName: string;
  constructor(file: { channel: string; fileId: string; fileName: string }, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      'PN_FILE_PUBLISH',
      `the file was stored (id ${file.fileId}) but its message failed: ${why}; call publishFile with this channel, fileId and fileName to retry the message alone`,
      { cause, operation: 'sendFile' },
    );
    this.channel = file.channel;
    this.fileId = file.fileId;
    this.fileName = file.fileName;
  }
}
