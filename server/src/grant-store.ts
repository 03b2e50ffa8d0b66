/**
 * Access Manager grants of one subscribe key (docs/protocol.md §4): subkey level, channel level, channel+auth (user)
 * level, and the same for channel groups (stored and audited; groups themselves are not implemented).
 *
 * A grant is `r`/`w`/`m`/`d` with a ttl in minutes (0 = forever) and expires on the injected clock. Granting all
 * zeros is a revoke and removes the entry. Levels are additive (docs/protocol.md §4.4): a request is allowed when the
 * subkey grant, the channel grant or the channel+auth grant gives the permission.
 */

/** A permission letter. */
export type Permission = 'r' | 'w' | 'm' | 'd';

/** Permission bits of a grant. */
export interface Permissions {
  readonly r: 0 | 1;
  readonly w: 0 | 1;
  readonly m: 0 | 1;
  readonly d: 0 | 1;
}

/** A stored grant. */
export interface Grant {
  readonly perms: Permissions;
  /** Minutes as granted; 0 = forever. */
  readonly ttl: number;
  /** Expiry on the server clock, undefined for ttl 0. */
  readonly expiresAtMs: number | undefined;
}

/** Resource kind of a grant. */
export type ResourceKind = 'channel' | 'group';

/** Grants of one subscribe key. */
export class GrantStore {
  #subkey: Grant | undefined;
  readonly #subkeyAuths = new Map<string, Grant>();
  readonly #resources = { channel: new Map<string, Grant>(), group: new Map<string, Grant>() };
  readonly #auths = { channel: new Map<string, Map<string, Grant>>(), group: new Map<string, Map<string, Grant>>() };

  /** Stores a grant at the level the arguments name. An all-zero grant removes the entry. */
  grant(
    target: { kind: ResourceKind; names: readonly string[] } | undefined,
    auths: readonly string[],
    grant: Grant,
  ): void {
    const revoke = !(grant.perms.r || grant.perms.w || grant.perms.m || grant.perms.d);
    if (!target) {
      if (auths.length === 0) this.#subkey = revoke ? undefined : grant;
      for (const auth of auths) put(this.#subkeyAuths, auth, grant, revoke);
      return;
    }
    for (const name of target.names) {
      if (auths.length === 0) {
        put(this.#resources[target.kind], name, grant, revoke);
        continue;
      }
      const byAuth = this.#auths[target.kind].get(name) ?? new Map<string, Grant>();
      for (const auth of auths) put(byAuth, auth, grant, revoke);
      if (byAuth.size > 0) this.#auths[target.kind].set(name, byAuth);
      else this.#auths[target.kind].delete(name);
    }
  }

  /** True when some live grant gives `perm` on `channel` to `auth`. */
  allows(channel: string, auth: string | undefined, perm: Permission, nowMs: number): boolean {
    const ok = (g: Grant | undefined) => g !== undefined && live(g, nowMs) && g.perms[perm] === 1;
    if (ok(this.#subkey) || ok(this.#resources.channel.get(channel))) return true;
    if (auth === undefined || auth === '') return false;
    return ok(this.#subkeyAuths.get(auth)) || ok(this.#auths.channel.get(channel)?.get(auth));
  }

  /** The live subkey grant. */
  subkey(nowMs: number): Grant | undefined {
    return this.#subkey && live(this.#subkey, nowMs) ? this.#subkey : undefined;
  }

  /** The live subkey+auth grant. */
  subkeyAuth(auth: string, nowMs: number): Grant | undefined {
    const g = this.#subkeyAuths.get(auth);
    return g && live(g, nowMs) ? g : undefined;
  }

  /** The live resource-level grant. */
  resource(kind: ResourceKind, name: string, nowMs: number): Grant | undefined {
    const g = this.#resources[kind].get(name);
    return g && live(g, nowMs) ? g : undefined;
  }

  /** The live resource+auth grants, optionally only for `auths`. */
  resourceAuths(kind: ResourceKind, name: string, nowMs: number, auths?: readonly string[]): Map<string, Grant> {
    const out = new Map<string, Grant>();
    const byAuth = this.#auths[kind].get(name);
    if (!byAuth) return out;
    for (const [auth, g] of byAuth) if (live(g, nowMs) && (!auths || auths.includes(auth))) out.set(auth, g);
    return out;
  }

  /** Every resource name of a kind with a live grant at either level. */
  names(kind: ResourceKind, nowMs: number): string[] {
    const names = new Set<string>();
    for (const [name, g] of this.#resources[kind]) if (live(g, nowMs)) names.add(name);
    for (const name of this.#auths[kind].keys()) if (this.resourceAuths(kind, name, nowMs).size > 0) names.add(name);
    return [...names];
  }
}

function put(map: Map<string, Grant>, key: string, grant: Grant, revoke: boolean): void {
  if (revoke) map.delete(key);
  else map.set(key, grant);
}

function live(grant: Grant, nowMs: number): boolean {
  return grant.expiresAtMs === undefined || grant.expiresAtMs > nowMs;
}

/** Minutes left of a grant for audit (docs/protocol.md §4.3: audit shows the remaining ttl), 0 for forever. */
export function remainingMinutes(grant: Grant, nowMs: number): number {
  return grant.expiresAtMs === undefined ? 0 : Math.max(1, Math.ceil((grant.expiresAtMs - nowMs) / 60_000));
}
