/**
 * Keysets and Access Manager enforcement (docs/protocol.md §4.4, §5, §6.4).
 *
 * Theory of operation
 * -------------------
 * Dev mode (no keysets configured): every subscribe key is accepted, nothing is enforced, grants are stored and
 * audited but never checked. Keyset mode: only the configured subscribe keys are served; any other gets 400
 * `Invalid Subscribe Key`. A keyset with a secret key enforces PAM on every protected request:
 *
 *   1. a request that carries `signature` is verified with core's `verifySignature` (v1, v2, every POST publish
 *      dialect): a stale or malformed `timestamp` is 400 `Invalid Timestamp` (quirk 11), a wrong or missing
 *      signature 403; a correct one passes as admin, without looking at grants ("super admin", docs/protocol.md §4.4);
 *   2. otherwise every channel and channel group the request touches must be granted the permission — write for
 *      publish/signal, manage for the group registry, read for everything else, `-pnpres` being its own resource
 *      (quirk 22) — through the subkey grant, the resource grant or the resource+auth grant of the request's
 *      `auth`; a grant on a wildcard pattern (`a.*`) covers the pattern and every channel it matches. If any is
 *      refused, 403 Forbidden with them in `payload.channels` / `payload["channel-groups"]`.
 *
 * The grant/revoke/audit endpoints themselves always require a valid signature on a PAM keyset.
 */
import { type TokenPermission, verifySignature } from '@pubkit/core';
import type { Exchange } from './exchange.js';
import { type GrantBudget, GrantStore, type Permission } from './grant-store.js';
import { serverCrypto } from './node-crypto.js';
import type { Keyset } from './options.js';
import { accessManagerError, INVALID_SUBSCRIBE_KEY, INVALID_TIMESTAMP, SIGNATURE_MISMATCH } from './reply.js';
import { checkToken } from './token-access.js';
import { TokenVerifier } from './token-verifier.js';

/** Most subscribe keys whose grants are kept in dev mode (any key is accepted there). */
const MAX_DEV_SUBKEYS = 1_000;

/** What a protected request needs. */
export interface AccessNeed {
  readonly subKey: string;
  /** Channels (or wildcard patterns) touched; with no groups either, empty means the subkey itself. */
  readonly channels: readonly string[];
  /** Channel groups touched (`g-pnpres` its own resource, like a channel's). */
  readonly groups?: readonly string[] | undefined;
  readonly permission: Permission;
  /**
   * App Context (docs/protocol.md §14.6): users touched, checked against a token's `uuids` resources (v2 grants
   * have no user level: a v2 auth key needs the subkey grant instead). Given and empty, with no channels either:
   * the request touches no resource (a "get all" listing): any valid token may make it (a v2 auth key needs the
   * subkey grant).
   */
  readonly uuids?: readonly string[] | undefined;
  /** The token permission needed when it is not the letter's own (App Context: `get`, `update`, `join` …). */
  readonly tokenPermission?: TokenPermission | undefined;
}

/** Resolves keysets and enforces PAM. */
export class AccessControl {
  readonly #keysets = new Map<string, Keyset>();
  readonly #grants = new Map<string, GrantStore>();
  readonly #nowMs: () => number;
  readonly #budget: GrantBudget;
  /** Access Manager v3 tokens: issue, verify (cached), revoke (`token-verifier.ts`). */
  readonly tokens = new TokenVerifier();

  /** `maxGrantBytes` bounds the grants of every subscribe key together (see `GrantBudget`). */
  constructor(keysets: readonly Keyset[], nowMs: () => number, maxGrantBytes = Number.POSITIVE_INFINITY) {
    for (const k of keysets) this.#keysets.set(k.subscribeKey, k);
    this.#nowMs = nowMs;
    this.#budget = { bytes: 0, max: maxGrantBytes };
  }

  /** Approximate bytes held by grants, across subscribe keys. */
  get grantBytes(): number {
    return this.#budget.bytes;
  }

  /** True when no keyset is configured. */
  get devMode(): boolean {
    return this.#keysets.size === 0;
  }

  /** The keyset serving `subKey` (a synthetic open one in dev mode), or undefined. */
  keyset(subKey: string): Keyset | undefined {
    if (this.devMode) return { subscribeKey: subKey, publishKey: '' };
    return this.#keysets.get(subKey);
  }

  /** The grant store of a subscribe key. */
  grants(subKey: string): GrantStore {
    let store = this.#grants.get(subKey);
    if (!store) {
      if (this.#grants.size >= MAX_DEV_SUBKEYS) {
        const [oldest, dropped] = this.#grants.entries().next().value!;
        dropped.release();
        this.#grants.delete(oldest);
      }
      store = new GrantStore(this.#budget);
      this.#grants.set(subKey, store);
    }
    return store;
  }

  /**
   * Checks a protected request. Returns its keyset, or undefined after replying 400/403.
   */
  check(ex: Exchange, need: AccessNeed): Keyset | undefined {
    const keyset = this.keyset(need.subKey);
    if (!keyset) {
      ex.reply(400, INVALID_SUBSCRIBE_KEY);
      return undefined;
    }
    if (!keyset.secretKey) return keyset;
    if (ex.query.signature !== undefined) return this.verify(ex, keyset) ? keyset : undefined;
    return this.grantsAllow(ex, need) ? keyset : undefined;
  }

  /**
   * `check` for one channel: an open keyset (no secret key, as in dev mode) is returned at once, without building
   * the access need, which only a PAM keyset reads (a publish asks this per request, docs/performance.md §3).
   */
  checkChannel(ex: Exchange, subKey: string, channel: string, permission: Permission): Keyset | undefined {
    const keyset = this.keyset(subKey);
    if (keyset !== undefined && !keyset.secretKey) return keyset;
    return this.check(ex, { subKey, channels: [channel], permission });
  }

  /**
   * Checks again, at delivery, a request that `check` let through earlier (a parked long-poll): a grant revoked or
   * expired since then refuses it with the same 403 (issue 9 item 13). A signed request stays admin: its signature
   * was verified on arrival and its timestamp window has nothing to do with how long it waited.
   */
  recheck(ex: Exchange, need: AccessNeed): boolean {
    if (!this.mayRefuseLater(ex, need.subKey)) return true;
    return this.grantsAllow(ex, need);
  }

  /**
   * True when `recheck` could refuse this request later: a PAM keyset and an unsigned request. Otherwise a parked
   * long-poll need not keep its request to recheck it (docs/performance.md §3).
   */
  mayRefuseLater(ex: Exchange, subKey: string): boolean {
    return Boolean(this.keyset(subKey)?.secretKey) && ex.query.signature === undefined;
  }

  /** True when grants give every channel of `need` to the request's `auth`; otherwise replies 403 and returns false. */
  private grantsAllow(ex: Exchange, need: AccessNeed): boolean {
    const nowMs = this.#nowMs();
    const auth = ex.query.auth;
    // A v3 token is judged by itself alone; any other auth by the v2 grants (docs/decisions.md).
    if (auth !== undefined && TokenVerifier.looksLikeToken(auth)) {
      const keyset = this.keyset(need.subKey);
      return keyset !== undefined && checkToken(ex, this.tokens, keyset, auth, need, nowMs);
    }
    const store = this.grants(need.subKey);
    const groups = need.groups ?? [];
    const targets = need.channels.length > 0 || groups.length > 0 ? need.channels : [''];
    const refused = targets.filter((ch) => !store.allows(ch, auth, need.permission, nowMs));
    const refusedGroups = groups.filter((g) => !store.allows(g, auth, need.permission, nowMs, 'group'));
    if (refused.length === 0 && refusedGroups.length === 0) return true;
    ex.reply(403, accessManagerError(403, 'Forbidden', refused, refusedGroups));
    return false;
  }

  /** For grant/revoke/audit: the keyset, after a mandatory signature check on PAM keysets. */
  admin(ex: Exchange, subKey: string): Keyset | undefined {
    const keyset = this.keyset(subKey);
    if (!keyset) {
      ex.reply(400, INVALID_SUBSCRIBE_KEY);
      return undefined;
    }
    if (!keyset.secretKey) return keyset;
    return this.verify(ex, keyset) ? keyset : undefined;
  }

  private verify(ex: Exchange, keyset: Keyset): boolean {
    const verdict = verifySignature({
      method: ex.method,
      rawPath: ex.rawPath,
      query: ex.query,
      body: ex.body,
      keys: { subscribeKey: keyset.subscribeKey, publishKey: keyset.publishKey, secretKey: keyset.secretKey ?? '' },
      nowSec: this.#nowMs() / 1000,
      crypto: serverCrypto,
    });
    if (verdict.ok) return true;
    ex.reply(
      verdict.reason === 'timestamp' ? 400 : 403,
      verdict.reason === 'timestamp' ? INVALID_TIMESTAMP : SIGNATURE_MISMATCH,
    );
    return false;
  }
}
