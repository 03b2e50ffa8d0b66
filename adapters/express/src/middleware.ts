/**
 * `pubnubMiddleware()`: gives every request `req.pubnub`, a view of one shared client carrying this request's
 * auth key and uuid (docs/architecture.md §6). A view opens no socket and starts no timer, so this costs an object per request;
 * the alternative users write by hand, a client per request, leaks sockets and timers.
 */
import type { PubnubView, ViewFactory } from '@pubkit/node/http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import './request-augmentation.js';

/** Options of `pubnubMiddleware`. */
export interface PubnubMiddlewareOptions {
  /** The one shared client of the app. */
  readonly client: ViewFactory<PubnubView>;
  /** This request's auth key (e.g. from the session). @default the client's own auth key */
  readonly authKey?: ((req: Request) => string | undefined) | undefined;
  /** This request's uuid (e.g. the signed-in user's id). @default the client's own uuid */
  readonly uuid?: ((req: Request) => string | undefined) | undefined;
}

/**
 * Creates the middleware that sets `req.pubnub`.
 * @throws nothing itself; an error thrown by `authKey`/`uuid` or by `view()` (a bad uuid) goes to `next(err)`,
 *   where `pubnubErrorHandler()` maps it
 */
export function pubnubMiddleware(options: PubnubMiddlewareOptions): RequestHandler {
  const { client, authKey, uuid } = options;
  return function pubnubMiddleware(req: Request, _res: Response, next: NextFunction): void {
    try {
      req.pubnub = client.view({ authKey: authKey?.(req), uuid: uuid?.(req) });
    } catch (err) {
      next(err);
      return;
    }
    next();
  };
}
