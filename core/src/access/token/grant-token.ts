/**
 * Grant token and revoke token requests (docs/decisions.md "Access Manager v3 tokens"):
 *
 *   POST   /v3/pam/{sub}/grant            body {"ttl":N,"permissions":{"resources":{…},"patterns":{…},"meta":{…},"uuid":"…"}}
 *   DELETE /v3/pam/{sub}/grant/{token}
 *
 * Both must be signed with the secret key; the v2 string to sign of the POST includes its JSON body (only
 * `/publish` is signed without one), which is how `pubnub@7.3.3` signs it. The body lists all five resource types,
 * the retired `users`/`spaces` empty, as that SDK sends them. Answers: `{"data":{"message":"Success","token":"…"},
 * "service":"Access Manager","status":200}` for a grant, the same without `token` for a revoke; errors are
 * `{"error":{"message","source","details"},"status":N}`, which `readJson` turns into typed errors.
 */
import type { RequestContext } from '../../context.js';
import { encodeComponent } from '../../encoding.js';
import type { PnRequest, PnResponse } from '../../request.js';
import { isRecord, malformed, readJson } from '../../response.js';
import { TOKEN_RESOURCE_TYPES } from './permissions.js';
import { decodeToken, type PermissionMaps } from './token-codec.js';
import { type GrantTokenParams, tokenContentOf } from './token-grant.js';

/** What `revokeToken` resolves to, in the official SDK's shape. */
export interface RevokeTokenResult {
  readonly status: number;
  readonly data: { readonly message: string };
}

/**
 * Builds a token grant. The request must be signed (the adapter's signing step).
 * @throws PubnubValidationError as `tokenContentOf`: ttl, permissions, patterns, meta, authorized uuid
 */
export function buildGrantToken(params: GrantTokenParams, ctx: RequestContext): PnRequest {
  const content = tokenContentOf(params);
  const permissions: Record<string, unknown> = {
    resources: wireMaps(content.resources),
    patterns: wireMaps(content.patterns),
    meta: content.meta,
  };
  if (content.authorizedUuid !== undefined) permissions.uuid = content.authorizedUuid;
  return {
    operation: 'grantToken',
    method: 'POST',
    path: `/v3/pam/${encodeComponent(ctx.subscribeKey)}/grant`,
    query: { uuid: ctx.uuid, pnsdk: ctx.pnsdk },
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ttl: content.ttl, permissions }),
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Reads the token from a grant answer.
 * @throws PubnubAccessDeniedError for 403; PubnubServiceError for 400 and other errors
 * @throws PubnubMalformedResponseError when `data.token` is missing
 */
export function parseGrantToken(res: PnResponse): string {
  const body = readJson(res, 'grantToken');
  const token = isRecord(body) && isRecord(body.data) ? body.data.token : undefined;
  if (typeof token !== 'string' || token === '') return malformed(res, 'grantToken', 'an object with "data.token"');
  return token;
}

/**
 * Builds a token revocation. The request must be signed.
 * @throws PubnubTokenError when `token` is not a token (checked before anything is sent)
 */
export function buildRevokeToken(token: string, ctx: RequestContext): PnRequest {
  decodeToken(token);
  return {
    operation: 'revokeToken',
    method: 'DELETE',
    path: `/v3/pam/${encodeComponent(ctx.subscribeKey)}/grant/${encodeComponent(token)}`,
    query: { uuid: ctx.uuid, pnsdk: ctx.pnsdk },
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Reads a revoke answer.
 * @throws PubnubAccessDeniedError for 403; PubnubServiceError for 400 and other errors
 * @throws PubnubMalformedResponseError when `data.message` is missing
 */
export function parseRevokeToken(res: PnResponse): RevokeTokenResult {
  const body = readJson(res, 'revokeToken');
  const message = isRecord(body) && isRecord(body.data) ? body.data.message : undefined;
  if (typeof message !== 'string') return malformed(res, 'revokeToken', 'an object with "data.message"');
  return { status: res.status, data: { message } };
}

function wireMaps(maps: PermissionMaps): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const type of TOKEN_RESOURCE_TYPES) out[type] = Object.fromEntries(maps[type]);
  out.users = {};
  out.spaces = {};
  return out;
}
