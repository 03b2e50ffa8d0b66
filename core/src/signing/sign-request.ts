/**
 * Signing a request (docs/architecture.md §4: a separate pure step). pubkit signs with v2 (docs/protocol.md §6.2):
 *
 * - `timestamp` (whole seconds, passed in: signing never reads a clock) is added to the query first, because it is
 *   part of what is signed; then `signature` is added last, so the wire order matches the JS SDK's.
 * - Paths starting with `/publish` are signed as `GET` with no body even when sent by POST: that is what the
 *   official JS SDK does and what every server accepts (docs/protocol.md §6.2). Other POSTs sign their body.
 * - The secret key goes into the HMAC only; it is never placed in the returned request.
 *
 * Which operations to sign is the caller's decision (JS current skips `/time`; JS 3.x signed it too).
 */
import type { CryptoPrimitives } from '../env.js';
import { PubnubValidationError } from '../errors.js';
import type { PnRequest } from '../request.js';
import { signatureV2 } from './signature.js';
import { stringToSignV2 } from './string-to-sign.js';

/** The keys a signature needs. */
export interface SigningKeys {
  readonly subscribeKey: string;
  readonly publishKey: string;
  readonly secretKey: string;
}

/** True when a path is a publish, which the v2 dialect signs as a bodiless GET (docs/protocol.md §6.2). */
export function isPublishPath(path: string): boolean {
  return path.startsWith('/publish');
}

/**
 * Returns a new request with `timestamp` and a v2 `signature` added to the query (any previous `timestamp` and
 * `signature` are replaced). The input request is not modified.
 * @param nowSec - the current time in whole seconds since the Unix epoch
 * @throws PubnubValidationError when `secretKey` is empty or `nowSec` is not a non-negative integer
 */
export function sign(
  request: PnRequest,
  keys: SigningKeys,
  nowSec: number,
  crypto: Pick<CryptoPrimitives, 'hmacSha256'>,
): PnRequest {
  if (typeof keys.secretKey !== 'string' || keys.secretKey === '') {
    throw new PubnubValidationError('secretKey', 'secretKey must be a non-empty string to sign a request');
  }
  if (!Number.isSafeInteger(nowSec) || nowSec < 0) {
    throw new PubnubValidationError('nowSec', 'nowSec must be a non-negative integer number of seconds');
  }
  const { signature: _oldSignature, timestamp: _oldTimestamp, ...rest } = request.query;
  const query: Record<string, string> = { ...rest, timestamp: String(nowSec) };
  const publish = isPublishPath(request.path);
  const stringToSign = stringToSignV2({
    method: publish ? 'GET' : request.method,
    publishKey: keys.publishKey,
    path: request.path,
    query,
    body: !publish && (request.method === 'POST' || request.method === 'PATCH') ? (request.body ?? '') : '',
  });
  query.signature = signatureV2(keys.secretKey, stringToSign, crypto);
  return { ...request, query };
}
