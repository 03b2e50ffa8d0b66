/**
 * Revoke: a grant with read, write and manage all false (docs/protocol.md §4.2: "revoke is a grant"). Same endpoint,
 * same scope rules, same response. Unlike Python 3.9 (which sends `ttl=1` and no `m`), pubkit sends `m=0` and a
 * `ttl` only when one is given; a revoke needs no expiry of its own.
 */
import type { RequestContext } from '../context.js';
import type { PnRequest } from '../request.js';
import { buildGrant, type GrantParams } from './grant.js';

/** Parameters of `buildRevoke`: a grant's scope without the permissions. */
export type RevokeParams = Omit<GrantParams, 'read' | 'write' | 'manage'>;

/**
 * Builds a revoke request (`r=0&w=0&m=0`). Parse the response with `parseGrant`.
 * @throws PubnubValidationError for invalid names or auth keys, or ttl outside 0..525600
 */
export function buildRevoke(params: RevokeParams, ctx: RequestContext): PnRequest {
  const { channels, channelGroups, authKeys, ttl } = params;
  return buildGrant(
    {
      ...(channels === undefined ? {} : { channels }),
      ...(channelGroups === undefined ? {} : { channelGroups }),
      ...(authKeys === undefined ? {} : { authKeys }),
      ...(ttl === undefined ? {} : { ttl }),
      read: false,
      write: false,
      manage: false,
    },
    ctx,
  );
}
