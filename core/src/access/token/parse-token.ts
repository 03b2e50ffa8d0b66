/**
 * `parseToken(token)`: what a token grants, in the shape PubNub's SDKs report it (docs/decisions.md "Access Manager
 * v3 tokens"): `version`, `timestamp`, `ttl`, `authorizedUuid` when the token is bound to one uuid, `resources` and
 * `patterns` with one map per resource type that names anything (`channels`, `groups`, `uuids`), each name mapped
 * to all seven permissions as booleans, `meta` when it holds anything, and the raw `signature`.
 *
 * Parsing does not verify the signature: a client cannot (it has no secret key) and only reads what it was given.
 */

import { permissionsOf, TOKEN_RESOURCE_TYPES, type TokenPermissions, type TokenResourceType } from './permissions.js';
import { decodeToken, type PermissionMaps } from './token-codec.js';

/** Resource (or pattern) permissions of a parsed token; types that name nothing are left out. */
export type ParsedTokenPermissions = {
  readonly [T in TokenResourceType]?: Readonly<Record<string, TokenPermissions>>;
};

/** What `parseToken` returns. */
export interface ParsedToken {
  /** Token format version (2). */
  readonly version: number;
  /** When the token was issued, unix seconds. */
  readonly timestamp: number;
  /** Minutes the token is valid from `timestamp`. */
  readonly ttl: number;
  /** The only uuid that may use the token, when it is bound to one. */
  readonly authorizedUuid?: string;
  /** Permissions on named resources, when the token has any. */
  readonly resources?: ParsedTokenPermissions;
  /** Permissions on resources whose name matches a regular expression, when the token has any. */
  readonly patterns?: ParsedTokenPermissions;
  /** What the issuer attached, when anything. */
  readonly meta?: Readonly<Record<string, unknown>>;
  /** The token's signature bytes. */
  readonly signature: Uint8Array;
}

/**
 * Decodes a token into what it grants. Does not check the signature or the ttl.
 * @throws PubnubTokenError (a `PubnubValidationError`, field `token`) for malformed base64, truncated or trailing
 *   CBOR, or a CBOR value that is not a version-2 token
 */
export function parseToken(token: string): ParsedToken {
  const { body, signature } = decodeToken(token);
  const resources = namedPermissions(body.resources);
  const patterns = namedPermissions(body.patterns);
  return {
    version: body.version,
    timestamp: body.timestamp,
    ttl: body.ttl,
    ...(body.authorizedUuid === undefined ? {} : { authorizedUuid: body.authorizedUuid }),
    ...(resources === undefined ? {} : { resources }),
    ...(patterns === undefined ? {} : { patterns }),
    ...(Object.keys(body.meta).length === 0 ? {} : { meta: body.meta }),
    signature,
  };
}

function namedPermissions(maps: PermissionMaps): ParsedTokenPermissions | undefined {
  const out: { [T in TokenResourceType]?: Record<string, TokenPermissions> } = {};
  let any = false;
  for (const type of TOKEN_RESOURCE_TYPES) {
    if (maps[type].size === 0) continue;
    out[type] = Object.fromEntries([...maps[type]].map(([name, bits]) => [name, permissionsOf(bits)]));
    any = true;
  }
  return any ? out : undefined;
}
