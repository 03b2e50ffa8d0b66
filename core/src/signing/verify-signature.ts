/**
 * Server-side signature verification, docs/protocol.md §6.4, for the local server (docs/architecture.md §7). It accepts every dialect
 * a client in the field sends, because the server must serve them unchanged (docs/architecture.md §1):
 *
 *   1. `signature` or `timestamp` absent or empty                           -> { ok: false, reason: 'missing' }
 *   2. `timestamp` not an integer, or |timestamp - nowSec| > 60 s             -> { ok: false, reason: 'timestamp' }
 *      (checked before the HMAC: a stale request is rejected without work, and the answer is a 400, docs/protocol.md §4.4)
 *   3. `signature` starting with `v2.`: the string to sign uses the raw path and the canonical query, with
 *        - `/publish...`: `GET` and no body (JS), and for a POST also `POST` + body (Go);
 *        - anything else: the request's method, plus the body for POST/PATCH.
 *      Otherwise v1: `sub\npub\n{grant|audit|path}\n{query}`; for a POST `/publish` that is Python/Java/Kotlin's
 *      path-signed form.
 *   4. compare after normalisation (url-safe alphabet, padding ignored: S7 and S15), timing-safe, over every
 *      candidate without short-circuit                                      -> { ok: true } or 'signature'
 *
 * The query given here is the form-decoded record (`%XX` and `+` decoded), including `signature` and `timestamp`;
 * canonicalisation re-encodes it, so how the client escaped its query does not matter, but the path must be raw.
 */
import { timingSafeEqual } from '../bytes.js';
import type { CryptoPrimitives } from '../env.js';
import { isPublishPath, type SigningKeys } from './sign-request.js';
import { normalizeSignature, SIGNATURE_V2_PREFIX, signatureV1, signatureV2 } from './signature.js';
import { stringToSignV1, stringToSignV2 } from './string-to-sign.js';

/** Largest accepted difference between a request's `timestamp` and the server clock, in seconds (docs/protocol.md §4.4). */
export const SIGNATURE_WINDOW_SEC = 60;

/** Input of `verifySignature`. */
export interface VerifySignatureInput {
  /** HTTP method of the request (any case). */
  readonly method: string;
  /** The request path exactly as received, still percent-encoded. A `?query` suffix, if present, is ignored. */
  readonly rawPath: string;
  /** Form-decoded query, including `signature` and `timestamp`. */
  readonly query: Readonly<Record<string, string>>;
  /**
   * Request body after decompression, for POST/PATCH.
   * @default ''
   */
  readonly body?: string | undefined;
  readonly keys: SigningKeys;
  /** Server time in seconds (fractions allowed). */
  readonly nowSec: number;
  readonly crypto: Pick<CryptoPrimitives, 'hmacSha256'>;
}

/**
 * Why a signature was rejected: `timestamp` is answered 400 Invalid Timestamp and `signature` 403 (docs/protocol.md §4.4);
 * how to answer `missing` is the server's choice.
 */
export type SignatureRejection = 'missing' | 'timestamp' | 'signature';

/** Result of `verifySignature`. */
export type SignatureVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: SignatureRejection };

/** Verifies a request's `signature` and `timestamp` (docs/protocol.md §6.4). Never throws. */
export function verifySignature(input: VerifySignatureInput): SignatureVerdict {
  const { query, keys, crypto } = input;
  const signature = query.signature;
  const timestamp = query.timestamp;
  if (signature === undefined || signature === '' || timestamp === undefined || timestamp === '') {
    return { ok: false, reason: 'missing' };
  }
  if (!/^\d{1,15}$/.test(timestamp) || Math.abs(Number(timestamp) - input.nowSec) > SIGNATURE_WINDOW_SEC) {
    return { ok: false, reason: 'timestamp' };
  }

  const q = input.rawPath.indexOf('?');
  const path = q < 0 ? input.rawPath : input.rawPath.slice(0, q);
  const method = input.method.toUpperCase();
  const body = input.body ?? '';
  const expected: string[] = [];

  if (signature.startsWith(SIGNATURE_V2_PREFIX)) {
    const v2 = (m: string, b: string) =>
      signatureV2(
        keys.secretKey,
        stringToSignV2({ method: m, publishKey: keys.publishKey, path, query, body: b }),
        crypto,
      ).slice(SIGNATURE_V2_PREFIX.length);
    if (isPublishPath(path)) {
      expected.push(v2('GET', ''));
      if (method === 'POST') expected.push(v2('POST', body));
    } else {
      expected.push(v2(method, method === 'POST' || method === 'PATCH' ? body : ''));
    }
  } else {
    const text = stringToSignV1({ subscribeKey: keys.subscribeKey, publishKey: keys.publishKey, path, query });
    expected.push(signatureV1(keys.secretKey, text, crypto));
  }

  const received = normalizeSignature(
    signature.startsWith(SIGNATURE_V2_PREFIX) ? signature.slice(SIGNATURE_V2_PREFIX.length) : signature,
  );
  let match = false;
  for (const candidate of expected) match = timingSafeEqual(normalizeSignature(candidate), received) || match;
  return match ? { ok: true } : { ok: false, reason: 'signature' };
}
