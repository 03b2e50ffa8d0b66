/**
 * @pubkit/server: a local PubNub-compatible server (docs/architecture.md §7). `startServer` is the programmatic entry; the
 * `pubkit-server` CLI wraps it.
 */
export type { Keyset, ServerOptions } from './options.js';
export { type RunningServer, type ServerStats, startServer } from './start-server.js';
