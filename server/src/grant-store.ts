/**
 * Access Manager grants of one subscribe key (docs/protocol.md §4): subkey level, channel level, channel+auth (user)
 * level, and the same for channel groups; a grant on a wildcard pattern (`a.*`) covers the channels it matches.
 *
 * A grant is `r`/`w`/`m`/`d` with a ttl in minutes (0 = forever) and expires on the injected clock. Granting all
 * zeros is a revoke and removes the entry. Levels are additive (docs/protocol.md §4.4): a request is allowed when the
 * subkey grant, the channel grant or the channel+auth grant gives the permission.
 */

import { wildcardPatternsOf } from '@pubkit/core';

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

/**
 * The memory all grant stores of a server share, in approximate bytes (issue 9 item 3): a grant flood cannot grow
 * past `max`, whatever the number of subscribe keys, names or auth keys.
 */
export interface GrantBudget {
  bytes: number;
  readonly max: number;
}

/** Approximate bytes of one stored grant entry: its key strings (UTF-16) plus the map slot and the grant object. */
export function grantEntryBytes(name: string, auth: string): number {
  return 2 * (name.length + auth.length) + 120;
}

/** Grants of one subscribe key. */
export class GrantStore {
  #subkey: Grant | undefined;
  readonly #subkeyAuths = new Map<string, Grant>();
  readonly #resources = { channel: new Map<string, Grant>(), group: new Map<string, Grant>() };
  readonly #auths = { channel: new Map<string, Map<string, Grant>>(), group: new Map<string, Map<string, Grant>>() };
  readonly #budget: GrantBudget;
  #bytes = 0;

  constructor(budget: GrantBudget = { bytes: 0, max: Number.POSITIVE_INFINITY }) {
    this.#budget = budget;
  }

  /** Approximate bytes this store holds (counted in the shared budget). */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Stores a grant at the level the arguments name. An all-zero grant removes the entry. Returns false, changing
   * nothing, when the new entries would take the shared budget past its maximum even after expired grants are
   * dropped.
   */
  grant(
    target: { kind: ResourceKind; names: readonly string[] } | undefined,
    auths: readonly string[],
    grant: Grant,
    nowMs = 0,
  ): boolean {
    const revoke = !(grant.perms.r || grant.perms.w || grant.perms.m || grant.perms.d);
    if (!revoke) {
      const cost = this.cost(target, auths);
      if (this.#budget.bytes + cost > this.#budget.max) this.purge(nowMs);
      if (this.#budget.bytes + cost > this.#budget.max) return false;
    }
    if (!target) {
      if (auths.length === 0) this.#subkey = revoke ? undefined : grant;
      for (const auth of auths) this.put(this.#subkeyAuths, auth, '', auth, grant, revoke);
      return true;
    }
    for (const name of target.names) {
      if (auths.length === 0) {
        this.put(this.#resources[target.kind], name, name, '', grant, revoke);
        continue;
      }
      const byAuth = this.#auths[target.kind].get(name) ?? new Map<string, Grant>();
      for (const auth of auths) this.put(byAuth, auth, name, auth, grant, revoke);
      if (byAuth.size > 0) this.#auths[target.kind].set(name, byAuth);
      else this.#auths[target.kind].delete(name);
    }
    return true;
  }

  /** Gives this store's bytes back to the shared budget (the store is being dropped). */
  release(): void {
    this.#budget.bytes -= this.#bytes;
    this.#bytes = 0;
  }

  /** Drops every expired entry. */
  purge(nowMs: number): void {
    for (const [auth, g] of [...this.#subkeyAuths])
      if (!live(g, nowMs)) this.put(this.#subkeyAuths, auth, '', auth, g, true);
    for (const kind of ['channel', 'group'] as const) {
      for (const [name, g] of [...this.#resources[kind]]) {
        if (!live(g, nowMs)) this.put(this.#resources[kind], name, name, '', g, true);
      }
      for (const [name, byAuth] of [...this.#auths[kind]]) {
        for (const [auth, g] of [...byAuth]) if (!live(g, nowMs)) this.put(byAuth, auth, name, auth, g, true);
        if (byAuth.size === 0) this.#auths[kind].delete(name);
      }
    }
  }

  /** Bytes the entries a grant would add take (entries it replaces cost nothing more). */
  private cost(target: { kind: ResourceKind; names: readonly string[] } | undefined, auths: readonly string[]): number {
    let bytes = 0;
    if (!target) {
      for (const auth of auths) if (!this.#subkeyAuths.has(auth)) bytes += grantEntryBytes('', auth);
      return bytes;
    }
    for (const name of target.names) {
      if (auths.length === 0) {
        if (!this.#resources[target.kind].has(name)) bytes += grantEntryBytes(name, '');
        continue;
      }
      const byAuth = this.#auths[target.kind].get(name);
      for (const auth of auths) if (!byAuth?.has(auth)) bytes += grantEntryBytes(name, auth);
    }
    return bytes;
  }

  /** Sets or deletes `map[key]`, keeping the byte counts; `name`/`auth` say what the entry costs. */
  private put(map: Map<string, Grant>, key: string, name: string, auth: string, grant: Grant, revoke: boolean): void {
    const had = map.has(key);
    const entry = grantEntryBytes(name, auth);
    if (revoke) {
      if (!map.delete(key)) return;
      this.#bytes -= entry;
      this.#budget.bytes -= entry;
      return;
    }
    map.set(key, grant);
    if (had) return;
    this.#bytes += entry;
    this.#budget.bytes += entry;
  }

  /**
   * True when some live grant gives `perm` on resource `name` to `auth`. For a channel, a grant on a wildcard
   * pattern that matches it counts too (`a.*` covers `a.b`, `a.*-pnpres` covers `a.b-pnpres`).
   */
  allows(
    name: string,
    auth: string | undefined,
    perm: Permission,
    nowMs: number,
    kind: ResourceKind = 'channel',
  ): boolean {
    const ok = (g: Grant | undefined) => g !== undefined && live(g, nowMs) && g.perms[perm] === 1;
    if (ok(this.#subkey)) return true;
    const withAuth = auth !== undefined && auth !== '';
    if (withAuth && ok(this.#subkeyAuths.get(auth))) return true;
    const names = kind === 'channel' ? [name, ...wildcardPatternsOf(name)] : [name];
    for (const n of names) {
      if (ok(this.#resources[kind].get(n))) return true;
      if (withAuth && ok(this.#auths[kind].get(n)?.get(auth))) return true;
    }
    return false;
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

function live(grant: Grant, nowMs: number): boolean {
  return grant.expiresAtMs === undefined || grant.expiresAtMs > nowMs;
}

/** Minutes left of a grant for audit (docs/protocol.md §4.3: audit shows the remaining ttl), 0 for forever. */
export function remainingMinutes(grant: Grant, nowMs: number): number {
  return grant.expiresAtMs === undefined ? 0 : Math.max(1, Math.ceil((grant.expiresAtMs - nowMs) / 60_000));
}
