/**
 * The token side of the access check (docs/decisions.md "Access Manager v3 tokens"), called by `AccessControl.check`
 * for every protected request whose `auth` is a v3 token, so every handler that already asks `check` is covered:
 * publish, signal, subscribe, presence, history, groups, and whatever later endpoints call it.
 *
 * Order: the token itself (malformed, signature, expired, revoked), then the authorized uuid against the request's
 * `uuid`, then each resource the request touches against the token's resources and patterns. v2's letters map to
 * v3's names: `r` read, `w` write, `m` manage, `d` delete. A request about the whole subscribe key (global
 * here_now) is refused: a token grants named resources only.
 */
import { type TokenPermission, tokenAllows } from '@pubkit/core';
import type { Exchange } from './exchange.js';
import type { Permission } from './grant-store.js';
import type { Keyset } from './options.js';
import { accessManagerError } from './reply.js';
import { TOKEN_REFUSAL_MESSAGES, type TokenVerifier } from './token-verifier.js';

const NAMES: Readonly<Record<Permission, TokenPermission>> = { r: 'read', w: 'write', m: 'manage', d: 'delete' };

/** What a protected request touches. */
export interface TokenNeed {
  /** Channels; empty with no groups means the subscribe key itself. */
  readonly channels: readonly string[];
  /** Channel groups. @default none */
  readonly groups?: readonly string[] | undefined;
  readonly permission: Permission;
  /** Users (App Context); given and empty with no channels: no resource at all. @default none */
  readonly uuids?: readonly string[] | undefined;
  /** The permission when it is not the letter's own. @default the letter's */
  readonly tokenPermission?: TokenPermission | undefined;
}

/**
 * Checks a request carrying `token`; replies 403 and returns false when it may not proceed.
 */
export function checkToken(
  ex: Exchange,
  verifier: TokenVerifier,
  keyset: Keyset,
  token: string,
  need: TokenNeed,
  nowMs: number,
): boolean {
  const verdict = verifier.check(keyset, token, nowMs);
  if (!verdict.ok) {
    ex.reply(403, accessManagerError(403, TOKEN_REFUSAL_MESSAGES[verdict.why]));
    return false;
  }
  const { rules } = verdict;
  const authorized = rules.body.authorizedUuid;
  if (authorized !== undefined && ex.query.uuid !== authorized) {
    ex.reply(403, accessManagerError(403, 'Token is not authorized for this uuid.'));
    return false;
  }
  const permission = need.tokenPermission ?? NAMES[need.permission];
  const groups = need.groups ?? [];
  const uuids = need.uuids;
  const subkeyOnly = need.channels.length === 0 && groups.length === 0 && uuids === undefined;
  const channels = subkeyOnly ? [''] : need.channels;
  const refused = channels.filter((ch) => ch === '' || !tokenAllows(rules, 'channels', ch, permission));
  const refusedGroups = groups.filter((g) => !tokenAllows(rules, 'groups', g, permission));
  const refusedUuids = (uuids ?? []).filter((u) => !tokenAllows(rules, 'uuids', u, permission));
  if (refused.length === 0 && refusedGroups.length === 0 && refusedUuids.length === 0) return true;
  ex.reply(403, accessManagerError(403, 'Forbidden', refused, refusedGroups, refusedUuids));
  return false;
}
