/** Access Manager operations (docs/protocol.md §4): grant, revoke, audit, and the normalised response payload. */
export { type AuditParams, buildAudit, parseAudit } from './audit.js';
export { buildGrant, type GrantParams, MAX_GRANT_TTL, parseGrant, validateGrantTtl } from './grant.js';
export type { AccessLevel, AccessPayload, AccessPermissions, AccessResource, AccessResult } from './payload.js';
export { buildRevoke, type RevokeParams } from './revoke.js';
export * from './token/index.js';
