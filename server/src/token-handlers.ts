/**
 * Access Manager v3 grant and revoke (docs/decisions.md "Access Manager v3 tokens"):
 *
 *   POST   /v3/pam/{sub}/grant           JSON body → 200 {"data":{"message":"Success","token":"…"},…}
 *   DELETE /v3/pam/{sub}/grant/{token}   → 200 {"data":{"message":"Success"},…}
 *
 * On a PAM keyset both must be signed (`AccessControl.admin`; the v2 signature of the POST covers its body). A bad
 * request gets 400 with the v3 error body naming what is wrong; the token content rules (ttl range, permissions,
 * regular expressions, meta) are core's `readGrantTokenBody`, the same the client applies before sending.
 */
import { PubnubValidationError, readGrantTokenBody } from '@pubkit/core';
import type { Exchange, Handler } from './exchange.js';

/** `POST /v3/pam/{sub}/grant`. */
export const grantTokenHandler: Handler = function grantToken(ex, services) {
  if (ex.method !== 'POST') return v3Error(ex, 405, 'Method Not Allowed', 'use POST to grant a token', '<method>');
  const keyset = services.access.admin(ex, ex.params.sub ?? '');
  if (!keyset) return;
  if (!/^application\/json\b/i.test(ex.req.headers['content-type'] ?? '')) {
    return v3Error(ex, 400, 'Invalid JSON', 'Content-Type must be `application/json`.', '<root>');
  }
  let json: unknown;
  try {
    json = JSON.parse(ex.body ?? '');
  } catch {
    return v3Error(ex, 400, 'Invalid JSON', 'The body is not valid JSON.', '<root>');
  }
  let content: ReturnType<typeof readGrantTokenBody>;
  try {
    content = readGrantTokenBody(json);
  } catch (err) {
    if (!(err instanceof PubnubValidationError)) throw err;
    return v3Error(ex, 400, 'Invalid request', err.message, err.field);
  }
  const token = services.access.tokens.issue(keyset, content, services.nowMs());
  if (token === undefined) return v3Error(ex, 400, 'Invalid request', 'The token would be too long.', 'permissions');
  ex.reply(200, success({ message: 'Success', token }));
};

/** `DELETE /v3/pam/{sub}/grant/{token}`. */
export const revokeTokenHandler: Handler = function revokeToken(ex, services) {
  if (ex.method !== 'DELETE') return v3Error(ex, 405, 'Method Not Allowed', 'use DELETE to revoke a token', '<method>');
  const keyset = services.access.admin(ex, ex.params.sub ?? '');
  if (!keyset) return;
  const refused = services.access.tokens.revoke(keyset, ex.params.token ?? '', services.nowMs());
  if (refused !== undefined) {
    const why = refused === 'malformed' ? 'The token is not a token.' : 'The token was not issued for this keyset.';
    return v3Error(ex, 400, 'Invalid token', why, 'token');
  }
  ex.reply(200, success({ message: 'Success' }));
};

function success(data: Record<string, string>): string {
  return JSON.stringify({ data, service: 'Access Manager', status: 200 });
}

function v3Error(ex: Exchange, status: number, message: string, detail: string, location: string): void {
  const locationType = location === 'token' ? 'path' : location === '<method>' ? 'method' : 'body';
  ex.reply(
    status,
    JSON.stringify({
      error: { message, source: 'grant', details: [{ message: detail, location, locationType }] },
      service: 'Access Manager',
      status,
    }),
  );
}
