/**
 * What grant, revoke and audit share: the `/v2/auth/{grant|audit}/sub-key/{sub}` request, auth-key list
 * validation and the response reader.
 *
 * Why no `auth` parameter from the context: the auth keys *are* the subject of these calls (the `auth` query
 * value lists the keys being granted or audited), and the current JS SDK never sends its own auth key to
 * `/v2/auth/*` (docs/protocol.md §1.3). These calls must be signed with the secret key; `sign()` adds that later.
 */
import type { RequestContext } from '../context.js';
import { encodeComponent } from '../encoding.js';
import { PubnubValidationError } from '../errors.js';
import type { Operation, PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed, readJson } from '../response.js';
import { LONE_SURROGATE } from '../validation.js';
import { type AccessResult, normaliseAccessPayload } from './payload.js';

/** A GET to `/v2/auth/{kind}/sub-key/{sub}` with `uuid` and `pnsdk` appended (never `auth` from the context). */
export function accessRequest(
  operation: Operation,
  kind: 'grant' | 'audit',
  query: Record<string, string>,
  ctx: RequestContext,
): PnRequest {
  query.uuid = ctx.uuid;
  query.pnsdk = ctx.pnsdk;
  return {
    operation,
    method: 'GET',
    path: `/v2/auth/${kind}/sub-key/${encodeComponent(ctx.subscribeKey)}`,
    query,
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Validates an optional list of auth keys (the seed's comma-separated string, or an array); returns it
 * de-duplicated, in the given order.
 * @throws PubnubValidationError for a non-string or empty key, an array entry holding `,` (the list separator), or
 *   a lone surrogate (no UTF-8 form, so no way onto the wire)
 */
export function validateAuthKeys(keys: unknown, field = 'authKeys'): string[] {
  if (keys === undefined) return [];
  const list = typeof keys === 'string' ? keys.split(',').map((k) => k.trim()) : keys;
  if (!Array.isArray(list)) throw new PubnubValidationError(field, `${field} must be a string or an array of strings`);
  const seen = new Set<string>();
  for (const key of list) {
    if (typeof key !== 'string' || key === '')
      throw new PubnubValidationError(field, `${field} must hold non-empty strings`);
    if (key.includes(',')) throw new PubnubValidationError(field, `${field} "${key}" contains ",", the list separator`);
    if (LONE_SURROGATE.test(key)) throw new PubnubValidationError(field, `${field} entry contains a lone surrogate`);
    seen.add(key);
  }
  return [...seen];
}

/**
 * Reads an Access Manager response into `{ message, payload, raw }`.
 * @throws PubnubAccessDeniedError for 403 (bad signature, no secret key)
 * @throws PubnubServiceError for other errors, e.g. 400 "Invalid Timestamp" (docs/protocol.md §4.4)
 * @throws PubnubMalformedResponseError when `payload` is missing or has no `level`
 */
export function readAccess(res: PnResponse, operation: Operation): AccessResult {
  const body = readJson(res, operation);
  if (!isRecord(body) || !isRecord(body.payload)) return malformed(res, operation, 'an object with a "payload"');
  const payload = normaliseAccessPayload(body.payload);
  if (payload === undefined) return malformed(res, operation, 'a "payload.level"');
  return { message: typeof body.message === 'string' ? body.message : '', payload, raw: body.payload };
}
