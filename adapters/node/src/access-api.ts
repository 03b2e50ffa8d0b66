/**
 * `grant`, `revoke`, `audit` in the seed's argument shape (docs/architecture.md §5, docs/protocol.md §4): `{ channel, authKey, read,
 * write, ttl }` → `{ message: "Success", payload }`. They need the secret key (every request is signed by the
 * runtime); without it the call fails before anything is sent, rather than with the service's 403.
 *
 * The seed's defaults (issue 10; README "Decisions"): `grant` reads and writes unless told otherwise (`read` and
 * `write` default to true, `manage` to false); `revoke` sends `ttl=1`. `grant`'s own ttl is not sent unless given
 * (the seed contradicts itself, quirk 24), so the service default of 1440 minutes applies. Channels, groups and
 * auth keys are arrays or the seed's comma-separated strings. An auth key `"null"` asks for a new key, as the seed
 * documents: each one becomes a fresh random key, and the keys granted are in the answer's `payload`.
 */
import {
  type AccessResult,
  buildAudit,
  buildGrant,
  buildRevoke,
  PubnubValidationError,
  parseAudit,
  parseGrant,
  type RequestContext,
} from '@pubkit/core';
import { type ClientRuntime, execute } from './runtime.js';
import type { CallOptions } from './seed-mode.js';

/** Resources and auth keys a grant, revoke or audit is about. */
interface AccessTarget {
  /** Channel or channels. None and no group: the whole subscribe key. */
  readonly channel?: string | readonly string[] | undefined;
  /** Channel group or groups. */
  readonly channelGroup?: string | readonly string[] | undefined;
  /** Auth key or keys (an array or a comma-separated string); `"null"` generates a new key. None: everyone. */
  readonly authKey?: string | readonly string[] | undefined;
}

/** Arguments of `grant()`. */
export interface GrantOptions extends AccessTarget, CallOptions<AccessResult> {
  /** @default true (the seed's default) */
  readonly read?: boolean | undefined;
  /** @default true (the seed's default) */
  readonly write?: boolean | undefined;
  /** @default false */
  readonly manage?: boolean | undefined;
  /** Minutes; 0 = forever. @default the service's 1440 */
  readonly ttl?: number | undefined;
}

/** Arguments of `revoke()`. */
export interface RevokeOptions extends AccessTarget, CallOptions<AccessResult> {
  /** Minutes the revocation lasts. @default 1 (the seed's) */
  readonly ttl?: number | undefined;
}

/** Arguments of `audit()`: channels (array or comma-separated), or one group. */
export interface AuditOptions extends CallOptions<AccessResult> {
  readonly channel?: string | readonly string[] | undefined;
  readonly channelGroup?: string | undefined;
  readonly authKey?: string | readonly string[] | undefined;
}

function requireSecret(runtime: ClientRuntime, operation: string): void {
  if (runtime.config.secretKey === undefined) {
    throw new PubnubValidationError('secretKey', `${operation} needs a client created with a secretKey`, {
      operation,
    });
  }
}

/** The seed's placeholder auth key that asks for a new one. */
const NEW_KEY = 'null';

/**
 * Auth keys as sent: the comma-separated string split, and each `"null"` replaced by a new random key (one per
 * `"null"`, so `"null,null"` grants two new keys).
 */
function authKeysOf(
  runtime: ClientRuntime,
  keys: string | readonly string[] | undefined,
): readonly string[] | undefined {
  if (keys === undefined) return undefined;
  const list = typeof keys === 'string' ? keys.split(',').map((k) => k.trim()) : keys;
  return list.map((key) => (key === NEW_KEY ? runtime.env.random.uuid() : key));
}

function target(runtime: ClientRuntime, options: AccessTarget) {
  const authKeys = authKeysOf(runtime, options.authKey);
  return {
    ...(options.channel !== undefined ? { channels: options.channel } : {}),
    ...(options.channelGroup !== undefined ? { channelGroups: options.channelGroup } : {}),
    ...(authKeys !== undefined ? { authKeys } : {}),
  };
}

/**
 * Grants permissions.
 * @throws PubnubValidationError synchronously without a secret key, or for bad names, flags or ttl
 */
export function startGrant(runtime: ClientRuntime, ctx: RequestContext, options: GrantOptions): Promise<AccessResult> {
  requireSecret(runtime, 'grant');
  const request = buildGrant(
    {
      ...target(runtime, options),
      read: options.read ?? true,
      write: options.write ?? true,
      ...(options.manage !== undefined ? { manage: options.manage } : {}),
      ...(options.ttl !== undefined ? { ttl: options.ttl } : {}),
    },
    ctx,
  );
  return execute(runtime, request, parseGrant, options.signal);
}

/**
 * Revokes permissions (a grant with every flag off).
 * @throws PubnubValidationError synchronously without a secret key, or for bad names or ttl
 */
export function startRevoke(
  runtime: ClientRuntime,
  ctx: RequestContext,
  options: RevokeOptions,
): Promise<AccessResult> {
  requireSecret(runtime, 'revoke');
  const request = buildRevoke({ ...target(runtime, options), ttl: options.ttl ?? 1 }, ctx);
  return execute(runtime, request, parseGrant, options.signal);
}

/**
 * Audits permissions.
 * @throws PubnubValidationError synchronously without a secret key, or for bad names
 */
export function startAudit(runtime: ClientRuntime, ctx: RequestContext, options: AuditOptions): Promise<AccessResult> {
  requireSecret(runtime, 'audit');
  const request = buildAudit(
    {
      ...(options.channel !== undefined ? { channel: options.channel } : {}),
      ...(options.channelGroup !== undefined ? { channelGroup: options.channelGroup } : {}),
      ...(options.authKey !== undefined ? { authKeys: options.authKey } : {}),
    },
    ctx,
  );
  return execute(runtime, request, parseAudit, options.signal);
}
