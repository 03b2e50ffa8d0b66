/**
 * Access Manager v3 tokens on the server (docs/decisions.md "Access Manager v3 tokens"): issuing them on a keyset,
 * verifying them on protected requests, and revoking them.
 *
 * Theory of operation
 * -------------------
 * - A token is verified once (CBOR decode, HMAC over the body, regex compilation) and the verdict is cached under
 *   its subscribe key and string; later requests with the same token cost one map lookup plus the permission test.
 *   That is what keeps token checks within 10% of publish ingest (`bench/server-token.ts`). The cache holds at most
 *   `MAX_CACHED` verdicts, failures included, so random strings cannot grow it: when full it starts over (live
 *   tokens are verified again on their next use, which costs one HMAC each).
 * - Expiry is judged per request against the server clock (a cached verdict does not outlive its token).
 * - Revocation is keyed by the token's signature (its identity whatever base64 alphabet it arrives in) and kept
 *   until the token would have expired anyway, so the revoked set is bounded by what admins issued and still live.
 * - Keysets without a secret key (dev mode, open keysets) still issue tokens, signed with a random per-server secret,
 *   so apps can run their token flow locally; nothing is enforced there, as with v2 grants.
 */
import { randomBytes } from 'node:crypto';
import {
  hexEncode,
  issueToken,
  MAX_TOKEN_LENGTH,
  type TokenContent,
  type TokenKeys,
  type TokenRules,
  tokenRules,
  verifyToken,
} from '@pubkit/core';
import { serverCrypto } from './node-crypto.js';
import type { Keyset } from './options.js';

/** Most token verdicts kept in the cache. */
const MAX_CACHED = 10_000;

/** Why a token was refused. */
export type TokenRefusal = 'malformed' | 'signature' | 'expired' | 'revoked';

/** The outcome of checking a token. */
export type TokenCheck =
  | { readonly ok: true; readonly rules: TokenRules }
  | { readonly ok: false; readonly why: TokenRefusal };

type Verdict = { readonly rules: TokenRules; readonly id: string } | { readonly why: 'malformed' | 'signature' };

/** The 403 message of each refusal. */
export const TOKEN_REFUSAL_MESSAGES: Readonly<Record<TokenRefusal, string>> = {
  malformed: 'Token is malformed.',
  signature: 'Token signature does not match.',
  expired: 'Token is expired.',
  revoked: 'Token is revoked.',
};

/** Issues, verifies (with a cache) and revokes tokens for every keyset of one server. */
export class TokenVerifier {
  readonly #devSecret = randomBytes(32).toString('base64url');
  /** Subscribe key → token → verdict (two levels, so a lookup hashes the token string alone). */
  readonly #cache = new Map<string, Map<string, Verdict>>();
  #cached = 0;
  /** Signature hex (per subscribe key) → unix seconds after which the entry can go. */
  readonly #revoked = new Map<string, number>();

  /** True when `auth` is shaped like a v3 token (a CBOR map of 7 or 8 entries whose first key is "v"). */
  static looksLikeToken(auth: string): boolean {
    return auth.length > 40 && (auth.startsWith('qEF2') || auth.startsWith('p0F2'));
  }

  /** Issues a token on `keyset` at `nowMs`. Returns undefined when it would exceed the token length limit. */
  issue(keyset: Keyset, content: TokenContent, nowMs: number): string | undefined {
    const token = issueToken(content, this.#keys(keyset), Math.floor(nowMs / 1000), serverCrypto);
    return token.length > MAX_TOKEN_LENGTH ? undefined : token;
  }

  /** Verifies `token` for `keyset` at `nowMs`: signature (cached), expiry, revocation. */
  check(keyset: Keyset, token: string, nowMs: number): TokenCheck {
    const verdict = this.#verdict(keyset, token);
    if ('why' in verdict) return { ok: false, why: verdict.why };
    if (verdict.rules.expiresAtSec * 1000 <= nowMs) return { ok: false, why: 'expired' };
    if (this.#revoked.has(verdict.id)) return { ok: false, why: 'revoked' };
    return { ok: true, rules: verdict.rules };
  }

  /** Revokes a token of `keyset`; returns why it could not be, or undefined once revoked. */
  revoke(keyset: Keyset, token: string, nowMs: number): 'malformed' | 'signature' | undefined {
    const verdict = this.#verdict(keyset, token);
    if ('why' in verdict) return verdict.why;
    const nowSec = nowMs / 1000;
    for (const [id, until] of this.#revoked) if (until <= nowSec) this.#revoked.delete(id);
    this.#revoked.set(verdict.id, verdict.rules.expiresAtSec);
    return undefined;
  }

  #verdict(keyset: Keyset, token: string): Verdict {
    let byToken = this.#cache.get(keyset.subscribeKey);
    const cached = byToken?.get(token);
    if (cached !== undefined) return cached;
    const result = verifyToken(token, this.#keys(keyset), serverCrypto);
    const verdict: Verdict = result.ok
      ? { rules: tokenRules(result.body), id: `${keyset.subscribeKey}\n${hexEncode(result.signature)}` }
      : { why: result.reason };
    if (this.#cached >= MAX_CACHED) {
      this.#cache.clear();
      this.#cached = 0;
    }
    if (byToken === undefined) {
      byToken = new Map();
      this.#cache.set(keyset.subscribeKey, byToken);
    }
    byToken.set(token, verdict);
    this.#cached++;
    return verdict;
  }

  #keys(keyset: Keyset): TokenKeys {
    return { subscribeKey: keyset.subscribeKey, secretKey: keyset.secretKey || this.#devSecret };
  }
}
