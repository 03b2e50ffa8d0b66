/**
 * Which HTTP answer a failed request gets, decided on purpose (docs/architecture.md §6, issue 5). Pure: no framework in here.
 *
 *   PubnubValidationError                                   400  the caller sent something unusable
 *   PubnubAccessDeniedError                                 403  the auth key lacks the grant
 *   PubnubTimeoutError                                      504  upstream did not answer in time
 *   PubnubServiceError, PubnubNetworkError,
 *   PubnubMalformedResponseError, PubnubFilePublishError    502  upstream failed
 *   PubnubStateError, PubnubAbortError                      503  client closed / queue full / request aborted
 *   PubnubCryptoError                                       500  a cipher problem on this server
 *   body-parser errors (`expose` + 4xx `status`)           4xx  bad JSON, body too large
 *   anything else                                           undefined: not ours, the app's handler decides
 *
 * Why the messages are mostly fixed strings: upstream bodies and parser messages can echo what was sent (an auth
 * key in a query, a slice of the request body). Only validation messages pass through, and not when their field
 * names a key, because a validation message may quote the offending value.
 */
import { PubnubError } from '@pubkit/core';

/** The JSON body of a mapped error. */
export interface HttpErrorBody {
  readonly error: {
    /** A pubkit code (`PN_VALIDATION`, …) or `BAD_REQUEST` / `PAYLOAD_TOO_LARGE` for body-parser errors. */
    readonly code: string;
    /** A short, safe explanation: never a stack, a secret key or an auth key. */
    readonly message: string;
    /** The offending argument, for validation errors. */
    readonly field?: string;
    /** The channels the service named as forbidden, for access-denied errors. */
    readonly channels?: readonly string[];
  };
}

/** A mapped error: the status to answer and the JSON body to send. */
export interface HttpErrorAnswer {
  readonly status: number;
  readonly body: HttpErrorBody;
}

const FIXED: Readonly<Record<string, readonly [status: number, message: string]>> = {
  PN_ACCESS_DENIED: [403, 'access denied by the PubNub service'],
  PN_TIMEOUT: [504, 'the PubNub service did not answer in time'],
  PN_SERVICE: [502, 'the PubNub service answered with an error'],
  PN_NETWORK: [502, 'the PubNub service could not be reached'],
  PN_MALFORMED_RESPONSE: [502, 'the PubNub service sent an unreadable answer'],
  PN_STATE: [503, 'the PubNub client cannot take this request now'],
  PN_ABORTED: [503, 'the PubNub request was aborted'],
  PN_CRYPTO: [500, 'a message could not be encrypted or decrypted'],
  PN_FILE_PUBLISH: [502, 'the file was stored but its message could not be published'],
};

const SECRET_FIELD = /key|secret|auth|token|signature/i;

/**
 * Maps an error to an HTTP status and JSON body, or `undefined` when the error is not one this mapping owns
 * (the caller then hands it on to the application's own handler).
 */
export function toHttpError(err: unknown): HttpErrorAnswer | undefined {
  if (isPubnubError(err)) {
    if (err.code === 'PN_VALIDATION') {
      const field = 'field' in err && typeof err.field === 'string' ? err.field : 'request';
      const message = SECRET_FIELD.test(field) ? `${field} is not valid` : err.message;
      return { status: 400, body: { error: { code: err.code, message, field } } };
    }
    const [status, message] = FIXED[err.code] ?? [500, 'PubNub request failed'];
    const channels = 'channels' in err && Array.isArray(err.channels) ? { channels: [...err.channels] } : {};
    return { status, body: { error: { code: err.code, message, ...channels } } };
  }
  return fromParserError(err);
}

/**
 * By code rather than `instanceof`: an app can end up with two copies of `@pubkit/core` (two versions in one tree),
 * and their error classes are different objects.
 */
function isPubnubError(err: unknown): err is PubnubError {
  return err instanceof PubnubError || (err instanceof Error && PUBNUB_CODES.has((err as { code?: unknown }).code));
}

const PUBNUB_CODES: ReadonlySet<unknown> = new Set(['PN_VALIDATION', ...Object.keys(FIXED)]);

/** body-parser (Express) and co-body (Koa) mark client errors with a 4xx `status` and `expose: true`. */
function fromParserError(err: unknown): HttpErrorAnswer | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, expose, type } = err as { status?: unknown; expose?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return undefined;
  if (status === 413) {
    return { status, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: 'the request body is too large' } } };
  }
  const message = type === 'entity.parse.failed' ? 'the request body is not valid JSON' : 'bad request';
  return { status, body: { error: { code: 'BAD_REQUEST', message } } };
}

/** The answer of a route whose `channels(req)` returned `null`: the app refused this user. */
export const FORBIDDEN: HttpErrorAnswer = {
  status: 403,
  body: { error: { code: 'FORBIDDEN', message: 'not allowed for this user' } },
};
