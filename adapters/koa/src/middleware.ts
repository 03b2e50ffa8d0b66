/**
 * `attach()` and `pubnubMiddleware()`: the shared client on `app.context.pubnub`, and per request a view of it on
 * `ctx.pubnub` carrying that request's auth key and uuid (docs/architecture.md §6). A view opens no socket and starts no timer;
 * a client per request, which users otherwise write by hand, leaks both.
 */
import type { PubnubView, ViewFactory } from '@pubkit/node/http';
import type Koa from 'koa';
import './context-augmentation.js';

/**
 * Puts the shared client on `app.context.pubnub`, so every `ctx.pubnub` is the client unless `pubnubMiddleware()`
 * replaces it with a view. Returns the app, for chaining.
 */
export function attach<App extends Koa>(app: App, client: PubnubView): App {
  app.context.pubnub = client;
  return app;
}

/** Options of `pubnubMiddleware`. */
export interface PubnubMiddlewareOptions {
  /** The one shared client of the app. */
  readonly client: ViewFactory<PubnubView>;
  /** This request's auth key (e.g. from the session). @default the client's own auth key */
  readonly authKey?: ((ctx: Koa.Context) => string | undefined) | undefined;
  /** This request's uuid (e.g. the signed-in user's id). @default the client's own uuid */
  readonly uuid?: ((ctx: Koa.Context) => string | undefined) | undefined;
}

/**
 * Creates the middleware that sets `ctx.pubnub` to a view.
 * @throws whatever `authKey`/`uuid` or `view()` throw (a bad uuid: `PubnubValidationError`), for `pubnubErrors()`
 */
export function pubnubMiddleware(options: PubnubMiddlewareOptions): Koa.Middleware {
  const { client, authKey, uuid } = options;
  return function pubnubMiddleware(ctx, next) {
    ctx.pubnub = client.view({ authKey: authKey?.(ctx), uuid: uuid?.(ctx) });
    return next();
  };
}
