/**
 * The auth route without a framework: ask the app for the user's channels, refuse (403) or grant them
 * (`grantAccess`), and answer. A binding turns the `HttpAnswer` into its framework's response and hands thrown
 * errors to its error mapping (`toHttpError`).
 *
 * Why a client without a secret key is a 500, not a 400: the browser did nothing wrong; the server was set up with
 * the wrong client. The answer says so, and the server's log says so once per route (`process.emitWarning`), not
 * once per browser.
 */
import { type AuthGrant, checkBrowserKeys, grantAccess } from './auth-grant.js';
import { type AuthToken, checkTokenClient, grantTokenAccess } from './auth-token.js';
import { FORBIDDEN } from './error-mapping.js';
import type { AuthRouteOptions } from './route-options.js';

/** An answer for a binding to send: status, headers and a JSON body. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** Route answers are per user and per moment: no cache may keep them. */
const NO_STORE = { 'Cache-Control': 'no-store' } as const;

/** The answer when the route's client cannot grant: no secret key. */
export const MISCONFIGURED: HttpAnswer = {
  status: 500,
  headers: NO_STORE,
  body: {
    error: {
      code: 'SERVER_MISCONFIGURED',
      message: 'the server cannot grant access: its PubNub client has no secretKey (a server configuration error)',
    },
  },
};

/** The warning the server's log gets, once per route, when its client has no secret key. */
export const NO_SECRET_WARNING =
  'pubkit authRoute: the client passed as `client` has no secretKey, so it cannot grant; every call answers 500. ' +
  "Create the route's client with the keyset's secretKey (a separate admin client; browsers never see it).";

function missingSecret(err: unknown): boolean {
  const { code, field } = (err ?? {}) as { code?: unknown; field?: unknown };
  return code === 'PN_VALIDATION' && field === 'secretKey';
}

/**
 * Creates the framework-free auth handler.
 * @throws TypeError at setup when neither the client nor `keys` has a subscribe key to tell the browser, or in
 *   token mode without `uuid(req)` or a client that can `grantToken`
 * @returns a function answering one request; it rejects with the grant's error (a bad channel name: 400 through
 *   `toHttpError`; a refused grant: 403) for the binding's error mapping
 */
export function authHandler<Req>(options: AuthRouteOptions<Req>): (req: Req) => Promise<HttpAnswer> {
  const { client, ttl, presence, keys, publicOrigin } = options;
  checkBrowserKeys(client, keys);
  const tokenMode = options.mode === 'token';
  if (tokenMode) {
    checkTokenClient(client);
    if (typeof options.uuid !== 'function') throw new TypeError("authRoute: mode 'token' needs uuid(req)");
  }
  let warned = false;
  return async (req) => {
    const access = await options.channels(req);
    const uuid = tokenMode ? await options.uuid?.(req) : undefined;
    if (access === null || (tokenMode && (uuid === undefined || uuid === ''))) {
      return { status: FORBIDDEN.status, headers: NO_STORE, body: FORBIDDEN.body };
    }
    let grant: AuthGrant | AuthToken;
    try {
      grant =
        uuid !== undefined
          ? await grantTokenAccess(client, access, { uuid, ttl, presence, keys, publicOrigin })
          : await grantAccess(client, access, { authKey: options.authKey?.(req), ttl, presence, keys, publicOrigin });
    } catch (err) {
      if (!missingSecret(err)) throw err;
      if (!warned) {
        warned = true;
        process.emitWarning(NO_SECRET_WARNING, { code: 'PUBKIT_NO_SECRET_KEY' });
      }
      return MISCONFIGURED;
    }
    return { status: 200, headers: NO_STORE, body: grant };
  };
}
