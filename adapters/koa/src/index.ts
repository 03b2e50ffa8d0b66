/**
 * @pubkit/koa: the shared client on `app.context.pubnub` (`attach`), a view of it per request on `ctx.pubnub`
 * (`pubnubMiddleware`), an auth route, an SSE relay, and error mapping to HTTP on purpose (docs/architecture.md §6).
 *
 * Importing this package also brings the `koa` `DefaultContext` augmentation that types `ctx.pubnub`.
 */
import './context-augmentation.js';

// The framework-free pieces (error mapping, auth grant, SSE relay and framing, the client shapes) live once in
// `@pubkit/node/http`, shared with the other HTTP adapter; re-exported whole so this package's API is what it was.
export * from '@pubkit/node/http';
export { type AuthRouteOptions, authRoute } from './auth-route.js';
export { pubnubErrors } from './error-middleware.js';
export { type FileRouteOptions, fileRoute } from './file-route.js';
export { attach, type PubnubMiddlewareOptions, pubnubMiddleware } from './middleware.js';
export { type SseRouteOptions, sseRoute } from './sse-route.js';
