/**
 * Access Manager v2 grants kept in the store's records (docs/protocol.md §13.1), so a server with `dataDir` keeps
 * its grants across a restart. One record per (level, name, auth key): key `[subKey, kind, name, auth]` as JSON
 * (`kind` is `subkey`, `channel` or `group`; name and auth `''` where the level has none), value the grant as
 * JSON; a revoke (all permissions 0) deletes the record, as it deletes the grant. The memory store is not
 * durable, so there nothing is written (the grants live in `GrantStore` only, within `maxGrantBytes`).
 */
import type { AccessControl } from './access-control.js';
import type { Grant, ResourceKind } from './grant-store.js';
import type { Storage } from './storage/storage.js';

/** The record kind of v2 grants. */
export const GRANT_RECORD_KIND = 'grant-v2';

type Target = { kind: ResourceKind; names: readonly string[] } | undefined;

/**
 * Writes what one grant call stored; resolves once durable (at once for a store that is not durable).
 * @throws never synchronously: rejects with `StorageError`
 */
export function persistGrant(
  store: Storage,
  subKey: string,
  target: Target,
  auths: readonly string[],
  grant: Grant,
): Promise<void> {
  if (!store.durable) return Promise.resolve();
  const revoke = !(grant.perms.r || grant.perms.w || grant.perms.m || grant.perms.d);
  const value = revoke ? undefined : JSON.stringify(grant);
  const writes: Promise<void>[] = [];
  for (const name of target?.names ?? ['']) {
    for (const auth of auths.length > 0 ? auths : ['']) {
      const key = JSON.stringify([subKey, target?.kind ?? 'subkey', name, auth]);
      writes.push(store.putRecord(GRANT_RECORD_KIND, key, value));
    }
  }
  return Promise.all(writes).then(() => undefined);
}

/** Loads the stored grants that have not expired into `access`; returns how many. */
export function loadGrants(access: AccessControl, store: Storage, nowMs: number): number {
  let loaded = 0;
  for (const [key, value] of store.records(GRANT_RECORD_KIND)) {
    let parsed: unknown;
    let grant: Grant;
    try {
      parsed = JSON.parse(key);
      grant = JSON.parse(value) as Grant;
    } catch {
      continue;
    }
    if (!Array.isArray(parsed) || parsed.length !== 4 || !parsed.every((p) => typeof p === 'string')) continue;
    if (grant.expiresAtMs !== undefined && grant.expiresAtMs !== null && grant.expiresAtMs <= nowMs) continue;
    const [subKey, kind, name, auth] = parsed as [string, string, string, string];
    const target: Target = kind === 'channel' || kind === 'group' ? { kind, names: [name] } : undefined;
    const restored: Grant = { ...grant, expiresAtMs: grant.expiresAtMs ?? undefined };
    if (access.grants(subKey).grant(target, auth === '' ? [] : [auth], restored, nowMs)) loaded++;
  }
  return loaded;
}
