/**
 * Grant: give read/write/manage on channels, channel groups or the whole key, to auth keys or to everyone
 * (docs/protocol.md §4.1–§4.3).
 *
 *   GET /v2/auth/grant/sub-key/{sub}?channel=ch1,ch2&channel-group=cg&auth=k1,k2&r=1&w=1&m=0[&ttl=N]
 *
 * The scope follows from what is named: no channel and no group = key level; no `auth` = everyone on those
 * channels. Lists go in one query value with a plain comma, which the strict query encoder sends as `%2C`
 * (vector S10: `auth=key1%2Ckey2&channel=ch1%2Cch2`).
 *
 * ttl decision: the seed's signature says `ttl=5` while its text says 1440 (quirk 24). pubkit sends no `ttl`
 * unless one is given, so the service default applies: 1440 minutes (24 h), which is what the recorded responses
 * report. `ttl: 0` means "forever"; otherwise 1..525600 minutes (one year), as the service documents.
 * A permission left out is sent as 0. The seed's defaults (read and write true) belong to the client's `grant()`
 * (`@pubkit/node`), which always passes them explicitly.
 */
import type { RequestContext } from '../context.js';
import { PubnubValidationError } from '../errors.js';
import { optionalChannels, validateGroupList } from '../presence/common.js';
import type { PnRequest, PnResponse } from '../request.js';
import { accessRequest, readAccess, validateAuthKeys } from './common.js';
import type { AccessResult } from './payload.js';

/** Longest ttl the service accepts, in minutes (one year). */
export const MAX_GRANT_TTL = 525600;

/** Parameters of `buildGrant`. */
export interface GrantParams {
  /** Channels to grant on. Neither channels nor groups: a key-level grant. @default [] */
  readonly channels?: string | readonly string[];
  /** Channel groups to grant on. @default [] */
  readonly channelGroups?: string | readonly string[];
  /** Auth keys that receive the grant. None: everyone on the resources. @default [] */
  readonly authKeys?: string | readonly string[];
  /** Read (subscribe, history, presence). @default false */
  readonly read?: boolean;
  /** Write (publish). @default false */
  readonly write?: boolean;
  /** Manage (channel groups). @default false */
  readonly manage?: boolean;
  /** Minutes until the grant expires; 0 = never. @default not sent (the service applies 1440) */
  readonly ttl?: number;
}

/**
 * Builds a grant request. The caller's own auth key is never sent (docs/protocol.md §1.3); the request must be signed.
 * @throws PubnubValidationError for invalid names or auth keys, a non-boolean permission, or ttl outside 0..525600
 */
export function buildGrant(params: GrantParams, ctx: RequestContext): PnRequest {
  const channels = optionalChannels(params.channels);
  const groups = validateGroupList(params.channelGroups);
  const authKeys = validateAuthKeys(params.authKeys);
  const query: Record<string, string> = {};
  if (channels.length > 0) query.channel = channels.join(',');
  if (groups.length > 0) query['channel-group'] = groups.join(',');
  if (authKeys.length > 0) query.auth = authKeys.join(',');
  query.r = bit(params.read, 'read');
  query.w = bit(params.write, 'write');
  query.m = bit(params.manage, 'manage');
  if (params.ttl !== undefined) query.ttl = String(validateGrantTtl(params.ttl));
  return accessRequest('grant', 'grant', query, ctx);
}

/**
 * Parses a grant (or revoke) response into the seed's `{ message: "Success", payload }` plus `raw`.
 * @throws PubnubAccessDeniedError for 403; PubnubServiceError for 400 "Invalid Timestamp" and other errors
 * @throws PubnubMalformedResponseError for a body without a `payload.level`
 */
export function parseGrant(res: PnResponse): AccessResult {
  return readAccess(res, 'grant');
}

function bit(value: unknown, field: string): '1' | '0' {
  if (value === undefined) return '0';
  if (typeof value !== 'boolean') throw new PubnubValidationError(field, `${field} must be true or false`);
  return value ? '1' : '0';
}

/** @throws PubnubValidationError unless `ttl` is a whole number of minutes in 0..525600 */
export function validateGrantTtl(ttl: unknown): number {
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > MAX_GRANT_TTL) {
    throw new PubnubValidationError(
      'ttl',
      `ttl must be a whole number of minutes from 0 (forever) to ${MAX_GRANT_TTL}, got ${String(ttl)}`,
    );
  }
  return ttl;
}
