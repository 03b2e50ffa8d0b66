/**
 * @pubkit/express: a client view on every request (`req.pubnub`), an auth route that grants a browser its channels,
 * an SSE relay, and an error handler that maps pubkit errors to HTTP on purpose (DESIGN §6).
 *
 * Importing this package also brings the `Express.Request` augmentation that types `req.pubnub`.
 */
import './request-augmentation.js';

export {
  type AuthGrant,
  type ChannelAccess,
  DEFAULT_AUTH_TTL,
  type GrantAccessOptions,
  grantAccess,
} from './auth-grant.js';
export { type AuthRouteOptions, authRoute } from './auth-route.js';
export type { ChannelFeed, FeedEvent, FeedListener } from './channel-feed.js';
export type { FeedClient, GrantingClient, PubnubView, ViewFactory, ViewOptions } from './client.js';
export { pubnubErrorHandler } from './error-handler.js';
export { FORBIDDEN, type HttpErrorAnswer, type HttpErrorBody, toHttpError } from './error-mapping.js';
export { type PubnubMiddlewareOptions, pubnubMiddleware } from './middleware.js';
export { type PubnubFeedOptions, pubnubFeed } from './pubnub-feed.js';
export { sseComment, sseEvent } from './sse-frame.js';
export { type SseRelay, type SseRelayOptions, type SseSink, startSseRelay } from './sse-relay.js';
export { type SseRouteOptions, sseRoute } from './sse-route.js';
