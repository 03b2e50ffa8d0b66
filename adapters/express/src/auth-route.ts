/**
 * `authRoute()`: the endpoint a signed-in browser calls to get its auth key. The route logic is `authHandler`
 * (`@pubkit/node/http`); this file binds it to Express: the answer becomes `res.status().set().json()`, a thrown
 * error goes to `next(err)` for `pubnubErrorHandler()`.
 */
import { authHandler, type AuthRouteOptions as HttpAuthRouteOptions } from '@pubkit/node/http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Options of `authRoute`: the shared route options with Express's `Request`. */
export type AuthRouteOptions = HttpAuthRouteOptions<Request>;

/**
 * Creates the auth route handler; mount it with `app.post('/pubnub/auth', authRoute({...}))`. It answers
 * `{ authKey, channels, ttl, origin, subscribeKey[, publishKey] }`, 403 when `channels(req)` is `null`, and 500
 * `SERVER_MISCONFIGURED` when the client has no secret key (warned once on the server's log).
 * @throws TypeError at app setup when neither the client nor `keys` has a subscribe key to tell the browser
 */
export function authRoute(options: AuthRouteOptions): RequestHandler {
  const handle = authHandler(options);
  return function pubnubAuthRoute(req: Request, res: Response, next: NextFunction): void {
    // The explicit catch(next) is what lets this handler run under Express 4, which ignores returned promises.
    handle(req).then((answer) => {
      res.status(answer.status).set(answer.headers).json(answer.body);
    }, next);
  };
}
