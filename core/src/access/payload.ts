/**
 * The Access Manager response, normalised (docs/protocol.md §4.3). Grant, revoke and audit all answer
 * `{"message": "Success", "payload": {...}, "service": "Access Manager", "status": 200}`; the payload's shape
 * depends on `level`:
 *
 *   subkey              r/w/m (and ttl) at the top; audit adds empty `channels`, `channel-groups`, `objects` maps
 *   channel             `channels: {ch: {r, w, m[, ttl][, auths: {key: {r, w, m, ttl}}]}}`
 *   user                `channel: "ch"` + `auths: {key: {r, w, m[, ttl]}}`
 *   channel-group       `channel-groups: {cg: {...}}` [I: by analogy with channel]
 *   channel-group+auth  grant: `channel-groups: "cg"` (a string!), audit: `channel-group: "cg"`; + `auths`
 *
 * Decisions: permissions are booleans (`r: true`), the TypeScript idiom; the wire's 1/0 (and extra v2 flags such
 * as `d`) stay in `raw`. `ttl` is kept where the wire puts it: top level for grant, inside each permission object
 * for audit (quirk 24); pubkit does not copy one into the other, so `ttl: undefined` means "not stated there".
 * At key level the payload itself is the permission object, so its ttl shows in `ttl` and `permissions.ttl`.
 */
import { isRecord } from '../response.js';

/** Access levels the service reports. Unknown future levels pass through as strings. */
export type AccessLevel = 'subkey' | 'channel' | 'user' | 'channel-group' | 'channel-group+auth';

/** Read / write / manage permissions of one resource or auth key. */
export interface AccessPermissions {
  readonly r: boolean;
  readonly w: boolean;
  readonly m: boolean;
  /** Minutes left, when the wire states it on this object (audit). */
  readonly ttl?: number;
}

/** A channel or channel group in an access payload. */
export interface AccessResource {
  /** Resource-wide permissions (any auth key), when the payload states them. */
  readonly permissions?: AccessPermissions;
  /** Permissions per auth key. */
  readonly auths: Readonly<Record<string, AccessPermissions>>;
}

/** A normalised Access Manager payload. */
export interface AccessPayload {
  readonly level: AccessLevel | (string & {});
  readonly subscribeKey: string;
  /** Top-level ttl in minutes (grant; key-level audit). 0 = forever. */
  readonly ttl?: number;
  /** Key-level permissions (level `subkey`). */
  readonly permissions?: AccessPermissions;
  readonly channels: Readonly<Record<string, AccessResource>>;
  readonly channelGroups: Readonly<Record<string, AccessResource>>;
}

/** What grant, revoke and audit resolve to: the seed's `{ message, payload }`, plus the payload as sent. */
export interface AccessResult {
  /** `"Success"` */
  readonly message: string;
  readonly payload: AccessPayload;
  /** The payload exactly as the service sent it (1/0 flags, wire key names). */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** Normalises a raw payload; returns `undefined` when it lacks a `level` string. */
export function normaliseAccessPayload(raw: Record<string, unknown>): AccessPayload | undefined {
  if (typeof raw.level !== 'string') return undefined;
  // What is read must have the shape it is read as (issue 9 item 12): a resource map that is not an object, or a
  // ttl that is not a number, makes the whole payload malformed rather than silently empty.
  for (const key of ['channels', 'channel-groups', 'auths']) {
    if (raw[key] !== undefined && !isRecord(raw[key]) && typeof raw[key] !== 'string') return undefined;
  }
  if (raw.ttl !== undefined && minutes(raw.ttl) === undefined) return undefined;
  if (raw.subscribe_key !== undefined && typeof raw.subscribe_key !== 'string') return undefined;
  const channels: Record<string, AccessResource> = {};
  const channelGroups: Record<string, AccessResource> = {};
  const auths = authMap(raw.auths);
  addResources(channels, raw.channels);
  addResources(channelGroups, raw['channel-groups']);
  addResources(channelGroups, raw['channel-group']);
  // user / group+auth levels name the resource as a string and put the per-key permissions beside it.
  if (typeof raw.channel === 'string') addNamed(channels, raw.channel, auths);
  for (const key of ['channel-groups', 'channel-group']) {
    const named = raw[key];
    if (typeof named === 'string') addNamed(channelGroups, named, auths);
  }
  const ttl = minutes(raw.ttl);
  const permissions = raw.level === 'subkey' ? permissionsOf(raw) : undefined;
  return {
    level: raw.level,
    subscribeKey: typeof raw.subscribe_key === 'string' ? raw.subscribe_key : '',
    ...(ttl === undefined ? {} : { ttl }),
    ...(permissions === undefined ? {} : { permissions }),
    channels,
    channelGroups,
  };
}

function addResources(into: Record<string, AccessResource>, value: unknown): void {
  if (!isRecord(value)) return;
  for (const [name, entry] of Object.entries(value)) {
    if (!isRecord(entry)) continue;
    const permissions = permissionsOf(entry);
    into[name] = { ...(permissions === undefined ? {} : { permissions }), auths: authMap(entry.auths) };
  }
}

function addNamed(into: Record<string, AccessResource>, names: string, auths: Record<string, AccessPermissions>) {
  for (const name of names.split(',')) {
    if (name === '') continue;
    const existing = into[name];
    into[name] = { ...existing, auths: { ...existing?.auths, ...auths } };
  }
}

function authMap(value: unknown): Record<string, AccessPermissions> {
  const out: Record<string, AccessPermissions> = {};
  if (!isRecord(value)) return out;
  for (const [key, entry] of Object.entries(value)) {
    const permissions = isRecord(entry) ? permissionsOf(entry) : undefined;
    if (permissions !== undefined) out[key] = permissions;
  }
  return out;
}

/** `{r, w, m[, ttl]}` from an object holding at least one of r/w/m; otherwise undefined. */
function permissionsOf(entry: Record<string, unknown>): AccessPermissions | undefined {
  if (!('r' in entry) && !('w' in entry) && !('m' in entry)) return undefined;
  const ttl = minutes(entry.ttl);
  return { r: flag(entry.r), w: flag(entry.w), m: flag(entry.m), ...(ttl === undefined ? {} : { ttl }) };
}

function flag(value: unknown): boolean {
  return value === 1 || value === true || value === '1';
}

function minutes(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
