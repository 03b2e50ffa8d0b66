/**
 * Access Manager on App Context (docs/protocol.md §14.6), through the server's one access check
 * (`AccessControl.check`, so signatures, v2 grants and v3 tokens are judged as everywhere else).
 *
 * Token permissions needed (PubNub's App Context permission table):
 *   - a user's metadata: `get` to read, `update` to set, `delete` to remove, on `uuids[id]`;
 *   - a channel's metadata: `get`, `update`, `delete` on `channels[id]`;
 *   - a user's memberships: `get` on the user to read; `update` on the user and `join` on each channel to change;
 *   - a channel's members: `get` on the channel to read; `manage` on the channel to change;
 *   - "get all" listings touch no resource: any valid token (PubNub's "Disallow Get All" keyset option off).
 * A v2 auth key has no `get`/`update`/`join`: read checks `r`, changes `w`, removals `d`, members `m`, on the
 * channels; a user's own resources and "get all" listings need the subkey grant.
 */
import type { TokenPermission } from '@pubkit/core';
import type { Exchange, Services } from '../exchange.js';
import type { Permission } from '../grant-store.js';

const LETTER: Readonly<Record<string, Permission>> = { get: 'r', join: 'r', update: 'w', delete: 'd', manage: 'm' };

/** What one App Context request needs. */
export interface ObjectsNeed {
  readonly uuids?: readonly string[];
  readonly channels?: readonly string[];
  readonly permission: TokenPermission;
}

/** Checks each need in turn; false after a 4xx answer. */
export function objectsAllowed(ex: Exchange, services: Services, needs: readonly ObjectsNeed[]): boolean {
  const subKey = ex.params.sub ?? '';
  for (const need of needs) {
    const allowed = services.access.check(ex, {
      subKey,
      channels: need.channels ?? [],
      uuids: need.uuids ?? (need.channels ? undefined : []),
      permission: LETTER[need.permission] ?? 'r',
      tokenPermission: need.permission,
    });
    if (!allowed) return false;
  }
  return true;
}
