/**
 * HMAC-SHA256 over a string to sign, rendered the way each dialect sends it (docs/protocol.md §6.1, §6.2), and the
 * normalisation the server compares with (§6.4):
 *
 *   v1: url-safe base64 WITH `=` padding            e.g. `P_WRgl8oiBcWFc7DbLDnmH_9tx5YQIgDI-0iqW-VVq8=`
 *   v2: `v2.` + url-safe base64 WITHOUT padding     e.g. `v2.KzXg0r74O0DpvgxN_NYZed_FE7bVxkJPiz5VH8tii7g`
 *
 * JS 4.0 sent v1 in standard base64 (`+`, `/`, S7), so comparison normalises both alphabets and ignores padding.
 */
import { base64UrlEncode, utf8Encode } from '../bytes.js';
import type { CryptoPrimitives } from '../env.js';

/** Prefix that marks a v2 signature. */
export const SIGNATURE_V2_PREFIX = 'v2.';

/** HMAC-SHA256 of `UTF-8(message)` keyed with `UTF-8(secretKey)`. */
export function hmacSha256Text(
  secretKey: string,
  message: string,
  crypto: Pick<CryptoPrimitives, 'hmacSha256'>,
): Uint8Array {
  return crypto.hmacSha256(utf8Encode(secretKey), utf8Encode(message));
}

/** A v1 signature: url-safe base64 with padding (docs/protocol.md §6.1). */
export function signatureV1(
  secretKey: string,
  stringToSign: string,
  crypto: Pick<CryptoPrimitives, 'hmacSha256'>,
): string {
  return base64UrlEncode(hmacSha256Text(secretKey, stringToSign, crypto), true);
}

/** A v2 signature: `v2.` + url-safe base64 without padding (docs/protocol.md §6.2). */
export function signatureV2(
  secretKey: string,
  stringToSign: string,
  crypto: Pick<CryptoPrimitives, 'hmacSha256'>,
): string {
  return SIGNATURE_V2_PREFIX + base64UrlEncode(hmacSha256Text(secretKey, stringToSign, crypto), false);
}

/**
 * Brings a received signature body (without `v2.`) to url-safe base64 without padding, so standard base64 (JS
 * 4.0, S7) and padded or unpadded forms compare equal. A space is read as `+`: a raw `+` in a query string
 * form-decodes to a space (docs/protocol.md §2.8), and a space never occurs in base64.
 */
export function normalizeSignature(signature: string): string {
  return signature.replace(/[+ ]/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
