/**
 * Issuing and verifying tokens, for a server that holds the keyset's secret key (docs/decisions.md "Access Manager
 * v3 tokens"). PubNub does not publish how it computes a token's `sig`, and only the service that issued a token
 * ever checks it, so pubkit chooses: HMAC-SHA256 keyed with the secret key over
 *
 *   UTF-8("pubkit-token-v2\n" + subscribeKey + "\n") followed by the CBOR of the token without `sig`
 *
 * Naming the subscribe key means a token issued for one keyset fails on another even when both share a secret.
 * Verification re-encodes the decoded body, so a token whose bytes were altered anywhere fails. The clock is an
 * argument (core reads none): expiry is the caller's comparison, `expiresAtSec` below.
 */
import { timingSafeEqual, utf8Encode } from '../../bytes.js';
import type { CryptoPrimitives } from '../../env.js';
import { PubnubValidationError } from '../../errors.js';
import { decodeToken, encodeToken, encodeTokenBody, type TokenBody } from './token-codec.js';

/** The keys a token is signed with. */
export interface TokenKeys {
  readonly subscribeKey: string;
  readonly secretKey: string;
}

/** What a server puts in a token it issues (version and timestamp are added). */
export type TokenContent = Omit<TokenBody, 'version' | 'timestamp'>;

/** Result of `verifyToken`. */
export type TokenVerdict =
  | { readonly ok: true; readonly body: TokenBody; readonly signature: Uint8Array; readonly expiresAtSec: number }
  | { readonly ok: false; readonly reason: 'malformed' | 'signature' };

/**
 * Signs a token. `nowSec` becomes its `t`.
 * @throws PubnubValidationError for an empty secret key or a `nowSec` that is not a non-negative integer
 */
export function issueToken(
  content: TokenContent,
  keys: TokenKeys,
  nowSec: number,
  crypto: Pick<CryptoPrimitives, 'hmacSha256'>,
): string {
  if (keys.secretKey === '') throw new PubnubValidationError('secretKey', 'a token needs a secret key to sign it');
  if (!Number.isSafeInteger(nowSec) || nowSec < 0) {
    throw new PubnubValidationError('nowSec', 'nowSec must be a non-negative integer number of seconds');
  }
  const body: TokenBody = { version: 2, timestamp: nowSec, ...content };
  return encodeToken(body, tokenSignature(body, keys, crypto));
}

/** Decodes a token and checks its signature against `keys`, timing-safely. Never throws. */
export function verifyToken(
  token: string,
  keys: TokenKeys,
  crypto: Pick<CryptoPrimitives, 'hmacSha256'>,
): TokenVerdict {
  let decoded: ReturnType<typeof decodeToken>;
  try {
    decoded = decodeToken(token);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const { body, signature } = decoded;
  if (!timingSafeEqual(tokenSignature(body, keys, crypto), signature)) return { ok: false, reason: 'signature' };
  return { ok: true, body, signature, expiresAtSec: body.timestamp + body.ttl * 60 };
}

function tokenSignature(body: TokenBody, keys: TokenKeys, crypto: Pick<CryptoPrimitives, 'hmacSha256'>): Uint8Array {
  const prefix = utf8Encode(`pubkit-token-v2\n${keys.subscribeKey}\n`);
  const cbor = encodeTokenBody(body);
  const message = new Uint8Array(prefix.length + cbor.length);
  message.set(prefix);
  message.set(cbor, prefix.length);
  return crypto.hmacSha256(utf8Encode(keys.secretKey), message);
}
