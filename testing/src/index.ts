/**
 * @pubkit/testing: deterministic tests for apps built on pubkit (docs/testing.md §2). `createTestNetwork()` gives
 * real `Pubnub` clients over an in-memory PubNub service and a virtual clock; `startTestServer()` starts the real
 * `@pubkit/server` on port 0, with faults when asked.
 *
 * @module @pubkit/testing
 */

export { DEFAULT_PRESENCE_TIMEOUT_SEC, MemoryPresence, type MemoryPresenceEvent } from './memory-presence.js';
export type { PendingAnswer, ServiceMessage, ServicePublishOptions } from './memory-service.js';
export { MemoryService, type MemoryServiceOptions } from './memory-service.js';
export { MemoryTransport, type MemoryTransportOptions, type NetworkLink } from './memory-transport.js';
export type { Partition, PartitionMode, PartitionOptions } from './partition.js';
export { seededRandom } from './seeded-random.js';
export {
  createTestNetwork,
  type SeenRequest,
  TestClient,
  TestNetwork,
  type TestNetworkOptions,
} from './test-network.js';
export { startTestServer, type TestServer } from './test-server.js';
export { VirtualClock, type VirtualClockOptions } from './virtual-clock.js';
