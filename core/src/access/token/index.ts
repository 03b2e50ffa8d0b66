/** Access Manager v3 tokens (docs/decisions.md "Access Manager v3 tokens"): format, parse, grant, revoke, checks. */
export {
  buildGrantToken,
  buildRevokeToken,
  parseGrantToken,
  parseRevokeToken,
  type RevokeTokenResult,
} from './grant-token.js';
export { type ParsedToken, type ParsedTokenPermissions, parseToken } from './parse-token.js';
export {
  KNOWN_PERMISSION_BITS,
  permissionBits,
  permissionsOf,
  TOKEN_PERMISSION_BITS,
  TOKEN_PERMISSIONS,
  TOKEN_RESOURCE_TYPES,
  type TokenPermission,
  type TokenPermissionRequest,
  type TokenPermissions,
  type TokenResourceType,
} from './permissions.js';
export {
  type DecodedToken,
  decodeToken,
  encodeToken,
  encodeTokenBody,
  MAX_TOKEN_LENGTH,
  type PermissionMaps,
  type TokenBody,
} from './token-codec.js';
export {
  type GrantTokenParams,
  MAX_TOKEN_TTL,
  readGrantTokenBody,
  type TokenMeta,
  type TokenPermissionRequests,
  tokenContentOf,
} from './token-grant.js';
export { type TokenRules, tokenAllows, tokenRules } from './token-rules.js';
export {
  issueToken,
  type TokenContent,
  type TokenKeys,
  type TokenVerdict,
  verifyToken,
} from './token-signature.js';
