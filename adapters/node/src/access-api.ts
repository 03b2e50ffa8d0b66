/**
 * `grant`, `revoke`, `audit` in the seed's argument shape (docs/architecture.md §5, docs/protocol.md §4): `{ channel, authKey, read,
 * write, ttl }` → `{ message: "Success", payload }`. They need the secret key (every request is signed by the
 * runtime); without it the call fails before anything is sent, rather than with the service's 403.
 *
 * ttl decision (the seed contradicts itself, quirk 24): no `ttl` is sent unless given, so the service default of
 * 1440 minutes applies.
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
  /** Auth key or keys. None: everyone on the resources. */
  readonly authKey?: string | readonly string[] | undefined;
}

/** Arguments of `grant()`. */
export interface GrantOptions extends AccessTarget, CallOptions<AccessResult> {
  /** @default false */
  readonly read?: boolean | undefined;
  /** @default false */
  readonly write?: boolean | undefined;
  /** @default false */
  readonly manage?: boolean | undefined;
  /** Minutes; 0 = forever. @default the service's 1440 */
  readonly ttl?: number | undefined;
}

/** Arguments of `revoke()`. */
export interface RevokeOptions extends AccessTarget, CallOptions<AccessResult> {
  /** Minutes the revocation lasts. @default the service's default */
  readonly ttl?: number | undefined;
}

/** Arguments of `audit()`: one channel or group at most. */
export interface AuditOptions extends CallOptions<AccessResult> {
  readonly channel?: string | undefined;
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

function target(options: AccessTarget) {
  return {
    ...(options.channel !== undefined ? { channels: options.channel } : {}),
    ...(options.channelGroup !== undefined ? { channelGroups: options.channelGroup } : {}),
    ...(options.authKey !== undefined ? { authKeys: options.authKey } : {}),
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
      ...target(options),
      ...(options.read !== undefined ? { read: options.read } : {}),
      ...(options.write !== undefined ? { write: options.write } : {}),
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
  const request = buildRevoke({ ...target(options), ...(options.ttl !== undefined ? { ttl: options.ttl } : {}) }, ctx);
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
