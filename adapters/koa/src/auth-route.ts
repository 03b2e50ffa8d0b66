/**
 * `authRoute()`: the endpoint a signed-in browser calls to get its auth key, as Koa middleware. The app decides
 * which channels the user may read and write (`channels(ctx)`); the route grants them on the PAM keyset with the
 * server's secret key and answers `{ authKey, channels, ttl, origin, subscribeKey[, publishKey] }`.
 */
import {
  type BrowserKeys,
  type ChannelAccess,
  checkBrowserKeys,
  FORBIDDEN,
  type GrantingClient,
  grantAccess,
} from '@pubkit/node/http';
import type Koa from 'koa';

/** Options of `authRoute`. */
export interface AuthRouteOptions {
  /** The shared client; it must hold the keyset's `secretKey`. */
  readonly client: GrantingClient;
  /** The channels this request's user may use, or `null` to answer 403. May be async. */
  readonly channels: (ctx: Koa.Context) => ChannelAccess | null | Promise<ChannelAccess | null>;
  /** Answer only this path (any other request goes on to `next`); without it, answer every request. */
  readonly path?: string | undefined;
  /** Grant lifetime in minutes (0 = until revoked). @default 60 */
  readonly ttl?: number | undefined;
  /** A stable auth key for this user (e.g. from the session). @default a fresh random key per call */
  readonly authKey?: ((ctx: Koa.Context) => string | undefined) | undefined;
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
 * Creates the auth route middleware. Failures (a bad channel name, a grant the service refused) are thrown, for
 * `pubnubErrors()` to map.
 * @throws TypeError at app setup when neither the client nor `keys` has a subscribe key to tell the browser
 */
export function authRoute(options: AuthRouteOptions): Koa.Middleware {
  const { client, path, ttl, presence, keys, publicOrigin } = options;
  checkBrowserKeys(client, keys);
  return async function pubnubAuthRoute(ctx, next) {
    if (path !== undefined && ctx.path !== path) return next();
    const access = await options.channels(ctx);
    ctx.set('Cache-Control', 'no-store');
    if (access === null) {
      ctx.status = FORBIDDEN.status;
      ctx.body = FORBIDDEN.body;
      return;
    }
    ctx.body = await grantAccess(client, access, {
      authKey: options.authKey?.(ctx),
      ttl,
      presence,
      keys,
      publicOrigin,
    });
  };
}
