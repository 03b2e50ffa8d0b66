/**
 * Access Manager v1/v2 grant, revoke and audit (docs/protocol.md §4.1–§4.3): `GET /v{1,2}/auth/{grant,audit}/sub-key/{sub}`.
 *
 * Parameters: `channel` and `channel-group` comma lists (absent = subkey level), `auth` comma list (absent =
 * resource level; the value `null` generates a key), `r`/`w`/`m`/`d` as `1`/`0`, `ttl` in minutes (absent = 1440,
 * 0 = forever, at most 525600). Revoke is a grant of zeros (Python 3.9 sends `r=0&w=0&ttl=1`). On a PAM keyset
 * the request must be signed (`AccessControl.admin`); in dev mode grants are stored and audited but not enforced.
 *
 * Response bodies reproduce the recorded ones key for key (§4.3): grant permission objects are `r,w,m` (+`d` on
 * v2); audit moves `ttl` inside each object, orders them `r,m,w,ttl` and shows the minutes left; the group key is
 * `channel-groups` in grant but `channel-group` for a single group in audit (quirk 24).
 */
import { randomUUID } from 'node:crypto';
import { splitNameList } from '@pubkit/core';
import type { Handler } from './exchange.js';
import { persistGrant } from './grant-records.js';
import { type Grant, type Permissions, remainingMinutes } from './grant-store.js';
import { accessManagerError } from './reply.js';
import { storageFailure } from './storage-failure.js';

const MAX_TTL = 525_600;
/**
 * Most channels plus channel groups, and most auth keys, one grant may name (server/README.md "Limits"): PubNub
 * documents 200 names per call for its registry calls; the same bound keeps one grant's answer and memory small.
 */
export const MAX_GRANT_NAMES = 200;

/** Grant and revoke. */
export const grantHandler: Handler = async function grant(ex, services) {
  const sub = ex.params.sub ?? '';
  if (!services.access.admin(ex, sub)) return;
  const q = ex.query;
  const ttl = q.ttl === undefined || q.ttl === '' ? 1440 : Number(q.ttl);
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL) {
    ex.reply(400, accessManagerError(400, `Invalid ttl: must be an integer from 0 to ${MAX_TTL} minutes`));
    return;
  }
  const bit = (k: string): 0 | 1 => (q[k] === '1' || q[k] === 'true' ? 1 : 0);
  const perms: Permissions = { r: bit('r'), w: bit('w'), m: bit('m'), d: bit('d') };
  const grant: Grant = { perms, ttl, expiresAtMs: ttl === 0 ? undefined : services.nowMs() + ttl * 60_000 };
  const channels = list(q.channel);
  const groups = list(q['channel-group']);
  const auths = list(q.auth).map((a) => (a === 'null' ? randomUUID() : a));
  const tooMany =
    channels.length + groups.length > MAX_GRANT_NAMES
      ? `${channels.length + groups.length} channels and channel groups`
      : auths.length > MAX_GRANT_NAMES
        ? `${auths.length} auth keys`
        : undefined;
  if (tooMany) {
    ex.reply(400, accessManagerError(400, `Too many names in one grant: ${tooMany}; the limit is ${MAX_GRANT_NAMES}`));
    return;
  }
  const store = services.access.grants(sub);
  const nowMs = services.nowMs();
  const stored =
    (channels.length === 0 || store.grant({ kind: 'channel', names: channels }, auths, grant, nowMs)) &&
    (groups.length === 0 || store.grant({ kind: 'group', names: groups }, auths, grant, nowMs)) &&
    (channels.length > 0 || groups.length > 0 || store.grant(undefined, auths, grant, nowMs));
  if (!stored) {
    ex.reply(503, accessManagerError(503, 'Grant storage is full (maxGrantBytes); revoke or let grants expire'));
    return;
  }
  // With a durable store the grant is answered once it is kept (docs/protocol.md §13.1).
  try {
    await Promise.all([
      channels.length > 0 ? persistGrant(services.store, sub, { kind: 'channel', names: channels }, auths, grant) : 0,
      groups.length > 0 ? persistGrant(services.store, sub, { kind: 'group', names: groups }, auths, grant) : 0,
      channels.length + groups.length === 0 ? persistGrant(services.store, sub, undefined, auths, grant) : 0,
    ]);
  } catch (err) {
    const failure = storageFailure(err, services);
    ex.reply(failure.status, accessManagerError(failure.status, failure.message));
    return;
  }

  const v2 = ex.rawPath.startsWith('/v2/');
  const p = v2 ? { r: perms.r, w: perms.w, m: perms.m, d: perms.d } : { r: perms.r, w: perms.w, m: perms.m };
  const byAuth = Object.fromEntries(auths.map((a) => [a, p]));
  const head = { subscribe_key: sub, ttl };
  let payload: Record<string, unknown>;
  if (channels.length > 0) {
    if (auths.length === 0) payload = { level: 'channel', ...head, channels: each(channels, () => p) };
    else if (channels.length === 1) payload = { level: 'user', ...head, channel: channels[0], auths: byAuth };
    else payload = { level: 'user', ...head, channels: each(channels, () => ({ auths: byAuth })) };
  } else if (groups.length > 0) {
    if (auths.length === 0) payload = { level: 'channel-group', ...head, 'channel-groups': each(groups, () => p) };
    else if (groups.length === 1) {
      payload = { level: 'channel-group+auth', ...head, 'channel-groups': groups[0], auths: byAuth };
    } else
      payload = { level: 'channel-group+auth', ...head, 'channel-groups': each(groups, () => ({ auths: byAuth })) };
  } else {
    payload = { level: 'subkey', ...head, ...p, ...(auths.length > 0 ? { auths: byAuth } : {}) };
  }
  ex.reply(200, success(payload));
};

/** Audit. */
export const auditHandler: Handler = function audit(ex, services) {
  const sub = ex.params.sub ?? '';
  if (!services.access.admin(ex, sub)) return;
  const nowMs = services.nowMs();
  const store = services.access.grants(sub);
  const v2 = ex.rawPath.startsWith('/v2/');
  const perm = (g: Grant) => ({
    r: g.perms.r,
    m: g.perms.m,
    w: g.perms.w,
    ...(v2 ? { d: g.perms.d } : {}),
    ttl: remainingMinutes(g, nowMs),
  });
  const channels = list(ex.query.channel);
  const groups = list(ex.query['channel-group']);
  const auths = list(ex.query.auth);
  const filter = auths.length > 0 ? auths : undefined;
  const authsOf = (kind: 'channel' | 'group', name: string) =>
    Object.fromEntries([...store.resourceAuths(kind, name, nowMs, filter)].map(([a, g]) => [a, perm(g)]));
  const describe = (kind: 'channel' | 'group', name: string) => {
    const g = store.resource(kind, name, nowMs);
    const a = authsOf(kind, name);
    return { ...(g ? perm(g) : {}), ...(Object.keys(a).length > 0 ? { auths: a } : {}) };
  };
  const head = { subscribe_key: sub };
  let payload: Record<string, unknown>;
  if (channels.length === 1 && auths.length > 0) {
    payload = { level: 'user', ...head, channel: channels[0], auths: authsOf('channel', channels[0]!) };
  } else if (channels.length > 0) {
    payload = { level: 'channel', ...head, channels: each(channels, (c) => describe('channel', c)) };
  } else if (groups.length === 1 && auths.length > 0) {
    payload = { level: 'channel-group+auth', ...head, 'channel-group': groups[0], auths: authsOf('group', groups[0]!) };
  } else if (groups.length > 0) {
    payload = { level: 'channel-group', ...head, 'channel-groups': each(groups, (g) => describe('group', g)) };
  } else {
    const g = store.subkey(nowMs);
    payload = {
      level: 'subkey',
      ...head,
      ...(g ? perm(g) : {}),
      channels: each(store.names('channel', nowMs), (c) => describe('channel', c)),
      objects: {},
      'channel-groups': each(store.names('group', nowMs), (c) => describe('group', c)),
    };
  }
  ex.reply(200, success(payload));
};

function success(payload: Record<string, unknown>): string {
  return JSON.stringify({ message: 'Success', payload, service: 'Access Manager', status: 200 });
}

function list(value: string | undefined): string[] {
  return [...new Set(splitNameList(value ?? ''))];
}

function each<T>(names: readonly string[], f: (name: string) => T): Record<string, T> {
  return Object.fromEntries(names.map((n) => [n, f(n)]));
}
