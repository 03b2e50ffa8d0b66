/**
 * `TestNetwork`: real `Pubnub` clients, an in-memory PubNub service and a virtual clock in one object
 * (docs/testing.md §2). Each client is `@pubkit/node`'s `Pubnub` with its I/O swapped through the client's `host`
 * seam: its requests are built, signed and parsed by `@pubkit/core` and its subscribe and heartbeat machines run as
 * in production, but requests travel to `MemoryService` in memory and every timer is on `VirtualClock`. No socket
 * is opened and no real timer is started, so a test that spans minutes of backoff runs in milliseconds.
 *
 * Idle detection: the network counts what happens on it (requests, answers, publishes). `idle()` lets macrotask
 * turns pass until two in a row see nothing new and no virtual timer is due, i.e. every reaction to what already
 * happened has run; only parked long-polls, blackholed requests and future timers remain.
 */
import type { Operation, PnRequest, PnResponse, Random } from '@pubkit/core';
import { type ClientHost, nodeEnv, Pubnub, type PubnubOptions } from '@pubkit/node';
import {
  MemoryService,
  type PendingAnswer,
  type ServiceMessage,
  type ServicePublishOptions,
} from './memory-service.js';
import { MemoryTransport, type NetworkLink } from './memory-transport.js';
import { type Partition, type PartitionOptions, PartitionRule } from './partition.js';
import { seededRandom } from './seeded-random.js';
import { VirtualClock } from './virtual-clock.js';

/** Options of `createTestNetwork`. */
export interface TestNetworkOptions {
  /** The virtual clock's start, ms since the Unix epoch. @default 1767225600000 (2026-01-01T00:00:00Z) */
  readonly startMs?: number | undefined;
  /** Seed of the clients' randomness (uuids, IVs, backoff jitter): the same seed, the same run. @default 1 */
  readonly seed?: number | undefined;
  /** How long a subscribe long-poll parks before an empty answer (virtual ms). @default 280000 */
  readonly longPollMs?: number | undefined;
  /** Messages the service keeps per channel for catch-up. @default 10000 */
  readonly maxMessagesPerChannel?: number | undefined;
}

/** One request as the service saw it (for assertions on what a client sent). */
export interface SeenRequest {
  readonly operation: Operation;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Virtual time it arrived, ms since the epoch. */
  readonly atMs: number;
}

/** A `Pubnub` client on a `TestNetwork`, with `idle()`. */
export class TestClient extends Pubnub {
  /** The network this client lives on. */
  readonly network: TestNetwork;

  /** Use `network.client(options)`. */
  constructor(network: TestNetwork, options: PubnubOptions, random: Random, host: ClientHost) {
    super(options, { ...nodeEnv({ logger: options.logger }), clock: network.clock, random }, host);
    this.network = network;
  }

  /** Resolves when the network is idle (see `TestNetwork.idle`). */
  idle(): Promise<void> {
    return this.network.idle();
  }
}

/** Most turns `idle()` waits for the network to settle before it reports a loop. */
const MAX_IDLE_TURNS = 100_000;
/** Requests remembered in `requests` (the oldest go first). */
const MAX_SEEN = 10_000;

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Live {
  readonly operation: Operation;
  readonly pending: PendingAnswer;
  /** Stops the answer: a partition's refusal rejects it, a blackhole or a client's abort leaves it unsettled. */
  cut(rule: PartitionRule | undefined): void;
}

/** Clients, service, partitions and virtual time of one test. */
export class TestNetwork implements AsyncDisposable {
  /** The virtual clock every client and the service run on. */
  readonly clock: VirtualClock;
  /** The in-memory service. */
  readonly service: MemoryService;
  readonly #partitions = new Set<PartitionRule>();
  readonly #live = new Set<Live>();
  readonly #clients = new Set<TestClient>();
  readonly #seen: SeenRequest[] = [];
  readonly #seed: number;
  readonly #link: NetworkLink;
  #activity = 0;
  #closed = false;

  /** Use `createTestNetwork(options)`. */
  constructor(options: TestNetworkOptions = {}) {
    this.clock = new VirtualClock({ startMs: options.startMs, settle: () => this.#quiet() });
    this.service = new MemoryService({
      clock: this.clock,
      scheduler: this.clock,
      longPollMs: options.longPollMs,
      maxMessagesPerChannel: options.maxMessagesPerChannel,
      onActivity: () => this.#touch(),
    });
    this.#seed = options.seed ?? 1;
    this.#link = { exchange: (request) => this.#exchange(request), scheduler: this.clock };
  }

  /** Requests the service saw, oldest first (the last 10,000). */
  get requests(): readonly SeenRequest[] {
    return this.#seen;
  }

  /**
   * A new `Pubnub` client on this network. Defaults: `publishKey` "pub-test", `subscribeKey` "sub-test", `uuid`
   * "client-N" (N counts from 1); every other option as `new Pubnub(options)`.
   * @throws PubnubValidationError for a bad option, as `new Pubnub`
   * @throws Error when the network is closed
   */
  client(options: Partial<PubnubOptions> = {}): TestClient {
    if (this.#closed) throw new Error('@pubkit/testing: the network is closed');
    const n = this.#clients.size + 1;
    const host: ClientHost = {
      createTransport: (config, prepare) =>
        new MemoryTransport(this.#link, { prepare, orderedDepth: config.publishPipelining }),
      scheduler: this.clock.scheduler(),
    };
    const full = { publishKey: 'pub-test', subscribeKey: 'sub-test', uuid: `client-${n}`, ...options };
    const client = new TestClient(this, full, seededRandom(this.#seed * 7919 + n), host);
    this.#clients.add(client);
    return client;
  }

  /** Publishes from the service side, as another publisher would; wakes subscribers. Returns the timetoken. */
  publish(channel: string, message: unknown, options?: ServicePublishOptions): string {
    return this.service.publish(channel, message, options);
  }

  /** What the service holds for a channel, oldest first. */
  messages(channel: string): readonly ServiceMessage[] {
    return this.service.messages(channel);
  }

  /**
   * Cuts requests off (all operations, or those named) until `heal()`, or for `forMs` of virtual time.
   * @throws RangeError for an unknown mode or a bad `forMs`
   */
  partition(options: PartitionOptions = {}): Partition {
    const rule = new PartitionRule(options, (healed) => this.#partitions.delete(healed));
    if (options.forMs !== undefined) {
      if (!Number.isFinite(options.forMs) || options.forMs < 0) throw new RangeError('partition: forMs must be ≥ 0');
      this.clock.setTimer(options.forMs, () => rule.heal());
    }
    this.#partitions.add(rule);
    for (const live of [...this.#live]) if (rule.covers(live.operation)) live.cut(rule);
    this.#touch();
    return rule;
  }

  /** Moves virtual time forward, firing due timers in order with the network settled between them. */
  advance(ms: number): Promise<void> {
    return this.clock.advance(ms);
  }

  /**
   * Resolves once nothing more happens without time moving: every answer delivered, every reaction run, no timer
   * due now.
   * @throws Error when the network never settles (a client loops without waiting on time)
   */
  async idle(): Promise<void> {
    for (;;) {
      await this.#quiet();
      const due = this.clock.nextDueMs;
      if (due === undefined || due > this.clock.nowMs()) return;
      await this.clock.advance(0);
    }
  }

  /** Closes every client (with their leaves) and answers every parked long-poll. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const rule of [...this.#partitions]) rule.heal();
    await Promise.all([...this.#clients].map((client) => client.close()));
    this.service.close();
    this.clock.clearAll();
  }

  /** `await using net = createTestNetwork()` closes it. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #touch(): void {
    this.#activity += 1;
  }

  async #quiet(): Promise<void> {
    let still = 0;
    for (let turn = 0; turn < MAX_IDLE_TURNS; turn++) {
      const before = this.#activity;
      await macrotask();
      still = this.#activity === before ? still + 1 : 0;
      if (still >= 2) return;
    }
    throw new Error(`@pubkit/testing: the network did not settle in ${MAX_IDLE_TURNS} turns (a loop without waits?)`);
  }

  #exchange(request: PnRequest): PendingAnswer {
    this.#touch();
    const { operation } = request;
    this.#seen.push({ operation, path: request.path, query: request.query, atMs: this.clock.nowMs() });
    if (this.#seen.length > MAX_SEEN) this.#seen.splice(0, this.#seen.length - MAX_SEEN);
    const rule = [...this.#partitions].find((r) => r.covers(operation));
    if (rule?.mode === 'refuse') return { response: rejected(rule.refusal(operation)), cancel() {} };
    if (rule?.mode === 'blackhole') return { response: new Promise<PnResponse>(() => {}), cancel() {} };
    const pending = this.service.handle(request);
    let cut: (rule: PartitionRule | undefined) => void = () => {};
    const response = new Promise<PnResponse>((resolve, reject) => {
      cut = (by) => {
        this.#live.delete(live);
        pending.cancel();
        if (by?.mode === 'refuse') reject(by.refusal(operation));
      };
      pending.response.then(resolve, reject);
    });
    const live: Live = { operation, pending, cut: (by) => cut(by) };
    this.#live.add(live);
    const forget = (): void => {
      this.#live.delete(live);
      this.#touch();
    };
    response.then(forget, forget);
    return { response, cancel: () => live.cut(undefined) };
  }
}

function rejected(err: Error): Promise<PnResponse> {
  const response = Promise.reject(err);
  response.catch(() => {});
  return response;
}

/**
 * A network of test clients over an in-memory service and a virtual clock (docs/testing.md §2).
 * @default options.seed 1, options.longPollMs 280000
 */
export function createTestNetwork(options: TestNetworkOptions = {}): TestNetwork {
  return new TestNetwork(options);
}
