import type { PubnubView } from '@pubkit/node/http';

/**
 * Types `ctx.pubnub` for every Koa app that imports `@pubkit/koa`: the package's entry re-exports this module, so
 * the augmentation is in scope as soon as the package is imported.
 */

declare module 'koa' {
  interface DefaultContext {
    /** The shared client (`attach`), or this request's view of it (`pubnubMiddleware`). */
    pubnub: PubnubView;
  }
}
