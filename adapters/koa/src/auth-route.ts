/**
 * `authRoute()`: the endpoint a signed-in browser calls to get its auth key, as Koa middleware. The route logic is
 * `authHandler` (`@pubkit/node/http`); this file binds it to Koa: `path`, the answer on `ctx`, thrown errors for
 * `pubnubErrors()`.
 */
import { authHandler, type AuthRouteOptions as HttpAuthRouteOptions } from '@pubkit/node/http';
import type Koa from 'koa';

/** Options of `authRoute`: the shared route options with Koa's `Context`, and `path`. */
export interface AuthRouteOptions extends HttpAuthRouteOptions<Koa.Context> {
  /** Answer only this path (any other request goes on to `next`); without it, answer every request. */
  readonly path?: string | undefined;
}

/**
 * Creates the auth route middleware. It answers `{ authKey, channels, ttl, origin, subscribeKey[, publishKey] }`,
 * 403 when `channels(ctx)` is `null`, and 500 `SERVER_MISCONFIGURED` when the client has no secret key (warned
 * once on the server's log). Other failures (a bad channel name, a refused grant) are thrown for `pubnubErrors()`.
 * @throws TypeError at app setup when neither the client nor `keys` has a subscribe key to tell the browser
 */
export function authRoute(options: AuthRouteOptions): Koa.Middleware {
  const handle = authHandler(options);
  return async function pubnubAuthRoute(ctx, next) {
    if (options.path !== undefined && ctx.path !== options.path) return next();
    const answer = await handle(ctx);
    ctx.status = answer.status;
    ctx.set(answer.headers);
    ctx.body = answer.body;
  };
}
