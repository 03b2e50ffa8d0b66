/**
 * @pubkit/socketio: relays PubNub channels to browser sockets (docs/architecture.md §6). One upstream subscription per channel
 * however many sockets want it, `authorize` on every subscribe and publish, and a bounded queue per socket.
 */

export { BROWSER_HELPER_DIR } from './browser-helper.js';
export type {
  Authorize,
  BridgeFileUrl,
  BridgeOptions,
  OverflowPolicy,
  Permission,
  PresenceOptions,
  PublishOptions,
  QueueOptions,
} from './options.js';
export type * from './protocol.js';
export { EVENTS } from './protocol.js';
export type { BridgeStats } from './relay-types.js';
export { type Bridge, createBridge } from './socketio-bridge.js';
export {
  type Reauthorizable,
  type TokenAuthorizer,
  type TokenAuthorizerOptions,
  tokenAuthorizer,
} from './token-authorize.js';
export type {
  BridgeClient,
  UpstreamEnvelope,
  UpstreamFileEvent,
  UpstreamListeners,
  UpstreamPresenceEvent,
  UpstreamStatus,
  UpstreamSubscription,
} from './upstream.js';
export { createWsBridge, type WsClient } from './ws-bridge.js';
