/**
 * `authRoute()`: the endpoint a signed-in browser calls to get its auth key. The app decides which channels the
 * user may read and write (`channels(req)`); the route grants them on the PAM keyset with the server's secret key
 * and answers `{ authKey, channels, ttl, origin, subscribeKey[, publishKey] }` (see `grantAccess`).
 */
import {
  type AuthGrant,
  type BrowserKeys,
  type ChannelAccess,
  checkBrowserKeys,
  FORBIDDEN,
  type GrantingClient,
  grantAccess,
} from '@pubkit/node/http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Options of `authRoute`. */
export interface AuthRouteOptions {
  /** The shared client; it must hold the keyset's `secretKey`. */
  readonly client: GrantingClient;
  /** The channels this request's user may use, or `null` to answer 403. May be async. */
  readonly channels: (req: Request) => ChannelAccess | null | Promise<ChannelAccess | null>;
  /** Grant lifetime in minutes (0 = until revoked). @default 60 */
  readonly ttl?: number | undefined;
  /**
   * A stable auth key for this user (e.g. kept in the session), so repeated calls extend one key's grants.
   * @default a fresh random key per call
   */
  readonly authKey?: ((req: Request) => string | undefined) | undefined;
  /** Also grant read on each read channel's `-pnpres`. @default true */
  readonly presence?: boolean | undefined;
  /**
   * The keys to tell the browser (never the secret key). Only needed for a stand-in client that does not expose
   * its keys: a `Pubnub` and its views do, and are the default.
   * @default the client's `subscribeKey` / `publishKey`
   */
  readonly keys?: BrowserKeys | undefined;
  /** The origin to tell the browser, when it reaches PubNub by another URL than the server does. @default the client's */
  readonly publicOrigin?: string | undefined;
}

/**
 * Creates the auth route handler; mount it with `app.post('/pubnub/auth', authRoute({...}))`.
 * Failures (a bad channel name, a grant the service refused) go to `next(err)` for `pubnubErrorHandler()`.
 * @throws TypeError at app setup when neither the client nor `keys` has a subscribe key to tell the browser
 */
export function authRoute(options: AuthRouteOptions): RequestHandler {
  const { client, ttl, presence, keys, publicOrigin } = options;
  checkBrowserKeys(client, keys);
  return function pubnubAuthRoute(req: Request, res: Response, next: NextFunction): void {
    // The explicit catch(next) is what lets this handler run under Express 4, which ignores returned promises.
    answer(req, res).catch(next);
  };

  async function answer(req: Request, res: Response): Promise<void> {
    const access = await options.channels(req);
    res.set('Cache-Control', 'no-store');
    if (access === null) {
      res.status(FORBIDDEN.status).json(FORBIDDEN.body);
      return;
    }
    const grant: AuthGrant = await grantAccess(client, access, {
      authKey: options.authKey?.(req),
      ttl,
      presence,
      keys,
      publicOrigin,
    });
    res.json(grant);
  }
}
