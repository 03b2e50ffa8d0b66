/**
 * Deciding what a verified token allows (docs/decisions.md "Access Manager v3 tokens"): a request may touch a
 * resource when the token names it with the permission, or when one of the token's patterns of that type matches
 * the name and carries the permission. Patterns are JavaScript regular expressions tested as written (`test`, not
 * anchored for the author: PubNub's examples anchor with `^…$` themselves). They are compiled once per token, so a
 * server that caches `TokenRules` per token string pays the regex compilation once, not per request.
 */
import {
  TOKEN_PERMISSION_BITS,
  TOKEN_RESOURCE_TYPES,
  type TokenPermission,
  type TokenResourceType,
} from './permissions.js';
import type { TokenBody } from './token-codec.js';

/** A token body ready for permission checks. */
export interface TokenRules {
  /** The decoded token these rules were compiled from. */
  readonly body: TokenBody;
  /** Unix seconds after which the token is expired. */
  readonly expiresAtSec: number;
  /** Per resource type, each pattern compiled, with the permission bits it grants. */
  readonly patterns: Readonly<Record<TokenResourceType, readonly (readonly [RegExp, number])[]>>;
}

/** Compiles a token's patterns. A pattern that is not a valid regular expression matches nothing. */
export function tokenRules(body: TokenBody): TokenRules {
  const patterns = {} as Record<TokenResourceType, (readonly [RegExp, number])[]>;
  for (const type of TOKEN_RESOURCE_TYPES) {
    patterns[type] = [];
    for (const [source, bits] of body.patterns[type]) {
      try {
        patterns[type].push([new RegExp(source), bits]);
      } catch {
        // Issued elsewhere with a pattern JavaScript cannot compile: it grants nothing here.
      }
    }
  }
  return { body, expiresAtSec: body.timestamp + body.ttl * 60, patterns };
}

/** True when the token gives `permission` on the resource `name` of `type`. */
export function tokenAllows(
  rules: TokenRules,
  type: TokenResourceType,
  name: string,
  permission: TokenPermission,
): boolean {
  const bit = TOKEN_PERMISSION_BITS[permission];
  const named = rules.body.resources[type].get(name);
  if (named !== undefined && (named & bit) !== 0) return true;
  for (const [pattern, bits] of rules.patterns[type]) if ((bits & bit) !== 0 && pattern.test(name)) return true;
  return false;
}
