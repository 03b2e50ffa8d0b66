/**
 * @pubkit/express: a client view on every request (`req.pubnub`), an auth route that grants a browser its channels,
 * an SSE relay, and an error handler that maps pubkit errors to HTTP on purpose (docs/architecture.md §6).
 *
 * Importing this package also brings the `Express.Request` augmentation that types `req.pubnub`.
 */
import './request-augmentation.js';

// The framework-free pieces (error mapping, auth grant, SSE relay and framing, the client shapes) live once in
// `@pubkit/node/http`, shared with the other HTTP adapter; re-exported whole so this package's API is what it was.
export * from '@pubkit/node/http';
export { type AuthRouteOptions, authRoute } from './auth-route.js';
export { pubnubErrorHandler } from './error-handler.js';
export { type FileRouteOptions, fileRoute } from './file-route.js';
export { type PubnubMiddlewareOptions, pubnubMiddleware } from './middleware.js';
export { type SseRouteOptions, sseRoute } from './sse-route.js';
