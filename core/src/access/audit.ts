/**
 * Audit: what is granted on the key, a channel or a channel group, optionally for given auth keys
 * (docs/protocol.md §4.1–§4.3).
 *
 *   GET /v2/auth/audit/sub-key/{sub}[?channel=ch][&channel-group=cg][&auth=k1,k2]
 *
 * One channel or one group at a time, like the seed's `audit(channel, auth_key)`. The response differs from a
 * grant's in two ways the parser absorbs (quirk 24): a group is named by `channel-group` (not `channel-groups`),
 * and `ttl` sits inside each permission object instead of at the top.
 */
import type { RequestContext } from '../context.js';
import { validateGroupList } from '../presence/common.js';
import type { PnRequest, PnResponse } from '../request.js';
import { validateChannelList } from '../validation.js';
import { accessRequest, readAccess, validateAuthKeys } from './common.js';
import type { AccessResult } from './payload.js';

/** Parameters of `buildAudit`. Neither channel nor group: a key-level audit. */
export interface AuditParams {
  /** The channel or channels to audit (an array or the seed's comma-separated string). @default none */
  readonly channel?: string | readonly string[];
  /** The channel group to audit. @default none */
  readonly channelGroup?: string;
  /** Only these auth keys. @default all */
  readonly authKeys?: string | readonly string[];
}

/**
 * Builds an audit request. The caller's own auth key is never sent (docs/protocol.md §1.3); the request must be signed.
 * @throws PubnubValidationError for an invalid channel, group or auth key
 */
export function buildAudit(params: AuditParams, ctx: RequestContext): PnRequest {
  const query: Record<string, string> = {};
  if (params.channel !== undefined) query.channel = validateChannelList(params.channel, 'channel').join(',');
  if (params.channelGroup !== undefined) {
    query['channel-group'] = validateGroupList([params.channelGroup], 'channelGroup').join(',');
  }
  const authKeys = validateAuthKeys(params.authKeys);
  if (authKeys.length > 0) query.auth = authKeys.join(',');
  return accessRequest('audit', 'audit', query, ctx);
}

/**
 * Parses an audit response into the seed's `{ message: "Success", payload }` plus `raw`.
 * @throws PubnubAccessDeniedError for 403; PubnubServiceError for 400 "Invalid Timestamp" and other errors
 * @throws PubnubMalformedResponseError for a body without a `payload.level`
 */
export function parseAudit(res: PnResponse): AccessResult {
  return readAccess(res, 'audit');
}
