/**
 * Authorizing bridge sockets from Access Manager v3 tokens (docs/decisions.md "Access Manager v3 tokens"), so a
 * browser's permissions through the bridge mirror what its token grants on PubNub: read on a channel (by name or
 * pattern) to join it, write to publish to it; a token bound to a uuid serves only the socket known by that uuid;
 * an expired or revoked token allows nothing.
 *
 * Trust: the bridge cannot check a token's signature (only the service that issued it can), so `token(socket)`
 * must return a token this server issued or holds for the socket's user (from its session, or the answer its own
 * auth route gave), never an unchecked value from the browser's handshake.
 *
 * Taking rooms away: `attach(bridge)` lets the helper call `bridge.reauthorize()` when a token it has seen expires
 * (one unref'd timer, for the earliest expiry) and when `revoke(token)` is called (after `client.revokeToken`), so
 * sockets leave the channels they may no longer read. `close()` clears the timer.
 */
import { decodeToken, type TokenRules, tokenAllows, tokenRules } from '@pubkit/core';
import type { Authorize, Permission } from './options.js';

/** What the helper needs of a bridge. */
export interface Reauthorizable {
  /** Runs `authorize` again for every socket's channels and removes the socket from those now refused. */
  reauthorize(): Promise<number>;
}

/** Options of `tokenAuthorizer`. */
export interface TokenAuthorizerOptions<S> {
  /** The token a socket acts under (server-held, see the trust note), or undefined for none. */
  readonly token: (socket: S) => string | undefined;
  /**
   * The uuid a socket is known by, checked against a token's authorized uuid. Pass the bridge's `identify`.
   * @default not checked
   */
  readonly uuid?: ((socket: S) => string | undefined) | undefined;
  /** The clock expiry is judged by. @default Date.now */
  readonly nowMs?: (() => number) | undefined;
}

/** The helper: its `authorize` goes to `createBridge`. */
export interface TokenAuthorizer<S> {
  readonly authorize: Authorize<S>;
  /** Lets the helper re-check the bridge's sockets when a token expires or is revoked. */
  attach(bridge: Reauthorizable): void;
  /** Marks a token revoked here (revoke it upstream too); sockets lose what it gave them. */
  revoke(token: string): Promise<number>;
  /** Clears the expiry timer. */
  close(): void;
}

/** Longest delay a Node timer takes (about 24.8 days); a later expiry is waited for in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Creates a token authorizer for `createBridge({ authorize })`. */
export function tokenAuthorizer<S>(options: TokenAuthorizerOptions<S>): TokenAuthorizer<S> {
  const nowMs = options.nowMs ?? Date.now;
  const known = new Map<string, TokenRules | undefined>();
  const revoked = new Set<string>();
  const bridges = new Set<Reauthorizable>();
  let timer: NodeJS.Timeout | undefined;

  const reauthorize = async (): Promise<number> => {
    let removed = 0;
    for (const bridge of bridges) removed += await bridge.reauthorize();
    return removed;
  };
  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const now = nowMs();
    let next = Number.POSITIVE_INFINITY;
    for (const [token, rules] of known) {
      if (rules === undefined) continue;
      const at = rules.expiresAtSec * 1000;
      if (at <= now) known.delete(token);
      else next = Math.min(next, at);
    }
    if (next === Number.POSITIVE_INFINITY || bridges.size === 0) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        void reauthorize().finally(schedule);
      },
      Math.min(next - now + 1, MAX_DELAY_MS),
    );
    timer.unref();
  };
  const rulesOf = (token: string): TokenRules | undefined => {
    if (known.has(token)) return known.get(token);
    let rules: TokenRules | undefined;
    try {
      rules = tokenRules(decodeToken(token).body);
    } catch {
      rules = undefined;
    }
    known.set(token, rules);
    if (rules !== undefined) schedule();
    return rules;
  };

  const authorize = (socket: S, channel: string, permission: Permission): boolean => {
    const token = options.token(socket);
    if (token === undefined || token === '' || revoked.has(token)) return false;
    const rules = rulesOf(token);
    if (rules === undefined || rules.expiresAtSec * 1000 <= nowMs()) return false;
    const bound = rules.body.authorizedUuid;
    if (bound !== undefined && options.uuid !== undefined && options.uuid(socket) !== bound) return false;
    return tokenAllows(rules, 'channels', channel, permission);
  };

  return {
    authorize,
    attach(bridge) {
      bridges.add(bridge);
      schedule();
    },
    revoke(token) {
      revoked.add(token);
      known.delete(token);
      return reauthorize();
    },
    close() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      bridges.clear();
    },
  };
}
