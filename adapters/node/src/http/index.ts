/**
 * `@pubkit/node/http`: the framework-free half of pubkit's HTTP adapters (docs/architecture.md §6). `@pubkit/express` and
 * `@pubkit/koa` fit these pieces to their frameworks; they live here, beside the client they drive, so both
 * adapters share one copy without depending on each other, and an adapter for another framework can reuse them.
 *
 * - `toHttpError`: which HTTP status and JSON body a failed request gets.
 * - `authHandler` / `sseHandler` with one options type each (`AuthRouteOptions`, `SseRouteOptions`): the routes'
 *   whole logic (refuse, validate, grant or stream, answer), so a framework binding only maps request and answer
 *   (`@pubkit/express` and `@pubkit/koa` are such bindings; a Fastify or Hono one would be as small).
 * - `grantAccess`: the auth route's work (grant a browser its channels, describe the grant).
 * - `fileHandler`: the files route (download for a browser without keys, optional upload), `streamTo`.
 * - `startSseRelay` + `pubnubFeed`: one browser event stream fed by one upstream subscription, with resume.
 * - `sseEvent` / `sseComment`: Server-Sent Events framing.
 *
 * @module @pubkit/node/http
 */
export {
  type AuthGrant,
  type BrowserFields,
  type BrowserKeys,
  browserFields,
  type ChannelAccess,
  checkBrowserKeys,
  DEFAULT_AUTH_TTL,
  type GrantAccessOptions,
  grantAccess,
} from './auth-grant.js';
export { authHandler, type HttpAnswer, MISCONFIGURED, NO_SECRET_WARNING } from './auth-handler.js';
export {
  type AuthToken,
  checkTokenClient,
  type GrantTokenAccessOptions,
  grantTokenAccess,
} from './auth-token.js';
export type { ChannelFeed, FeedEvent, FeedListener, StoredEvents } from './channel-feed.js';
export type { FeedClient, GrantingClient, PubnubView, ViewFactory, ViewOptions } from './client.js';
export { FORBIDDEN, type HttpErrorAnswer, type HttpErrorBody, toHttpError } from './error-mapping.js';
export {
  type FileExchange,
  type FileRouteOptions,
  type FilesClient,
  fileHandler,
  streamTo,
} from './file-route.js';
export { type BrowserFileUrl, pubnubFeed } from './pubnub-feed.js';
export type { AuthRouteOptions, SseRouteOptions } from './route-options.js';
export { sseComment, sseEvent } from './sse-frame.js';
export { type NodeExchangeParts, nodeExchange, SSE_HEADERS, type SseExchange, sseHandler } from './sse-handler.js';
export {
  DEFAULT_MAX_RESUME,
  DEFAULT_MAX_RESUME_BYTES,
  type SseRelay,
  type SseRelayOptions,
  type SseSink,
  startSseRelay,
} from './sse-relay.js';
