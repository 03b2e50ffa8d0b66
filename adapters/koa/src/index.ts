/**
 * @pubkit/koa: the shared client on `app.context.pubnub` (`attach`), a view of it per request on `ctx.pubnub`
 * (`pubnubMiddleware`), an auth route, an SSE relay, and error mapping to HTTP on purpose (DESIGN §6).
 *
 * Importing this package also brings the `koa` `DefaultContext` augmentation that types `ctx.pubnub`.
 */
import './context-augmentation.js';

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
export { FORBIDDEN, type HttpErrorAnswer, type HttpErrorBody, toHttpError } from './error-mapping.js';
export { pubnubErrors } from './error-middleware.js';
export { attach, type PubnubMiddlewareOptions, pubnubMiddleware } from './middleware.js';
export { type PubnubFeedOptions, pubnubFeed } from './pubnub-feed.js';
export { sseComment, sseEvent } from './sse-frame.js';
export { type SseRelay, type SseRelayOptions, type SseSink, startSseRelay } from './sse-relay.js';
export { type SseRouteOptions, sseRoute } from './sse-route.js';
