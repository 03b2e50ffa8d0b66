import type { PubnubView } from '@pubkit/node/http';

/**
 * Types `req.pubnub` for every Express app that imports `@pubkit/express`: the package's entry re-exports this
 * module, so the augmentation is in scope as soon as the package is imported (no triple-slash reference needed).
 */

declare global {
  namespace Express {
    interface Request {
      /** This request's view of the shared client, set by `pubnubMiddleware()`. */
      pubnub: PubnubView;
    }
  }
}
