/**
 * `startServer`: a local PubNub-compatible server on `node:http` (docs/architecture.md §7, issue 3).
 *
 * Theory of operation
 * -------------------
 * One process-local object graph, built here and passed to every handler as `Services`:
 *
 *   TimetokenSource ──► MessageBus ──► ChannelTable (per-channel catch-up queue, memory-bounded)
 *                          │      └──► Storage (history, actions, records: memory, or SQLite with `dataDir`)
 *                          │  ▲
 *                          ▼  │ presence events ({ch}-pnpres)
 *                SubscribeRegistry ◄── PresenceRegistry (join/leave/timeout/state, unref'd sweep timer)
 *                   ▲ which parked requests a publish wakes: its channel, matching patterns, groups holding it
 *                ChannelGroupRegistry (group → channels per subscribe key, memory-bounded)
 *
 *   AccessControl: keysets (dev mode or listed), PAM grants, signature verification (core's verifySignature).
 *
 * Requests enter through the router (`router.ts`), which matches `routes.ts`. A publish appends to the table and
 * wakes the long-polls parked on that channel; a subscribe either answers at once (handshake or catch-up) or
 * parks. Without `dataDir` everything is in memory and nothing survives `close()`; with it the store keeps history,
 * actions and records on disk and the timetokens continue above the last one it committed.
 *
 * `close()` stops accepting connections, answers every parked long-poll (empty batch, current cursor), stops the presence sweep, waits briefly for those answers to flush, then destroys every
 * remaining socket (keep-alive ones included) and resolves when the listening socket is closed. No timer, socket
 * or handle of the server outlives it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessControl } from './access-control.js';
import { restoreCatchUp } from './catch-up-restore.js';
import { ChannelGroupRegistry } from './channel-groups.js';
import { ChannelTable } from './channel-table.js';
import { answerClientError } from './client-errors.js';
import type { Services } from './exchange.js';
import { type FaultController, FaultInjector } from './faults/fault-injector.js';
import { withFaultsAdmin } from './faults/faults-admin.js';
import { openFileService } from './files/open-file-service.js';
import { loadGrants } from './grant-records.js';
import { MessageBus } from './message-bus.js';
import { MAX_OBJECTS_BYTES } from './objects/objects-limits.js';
import { resolveOptions, type ServerOptions } from './options.js';
import { PresenceMessage } from './presence-message.js';
import { PresenceRegistry } from './presence-registry.js';
import { createRouter } from './router.js';
import { routes } from './routes.js';
import { ObjectsStore } from './storage/objects-store.js';
import { openStorage } from './storage/open-storage.js';
import { SubscribeRegistry } from './subscribe-registry.js';
import { keysWokenBy } from './subscription.js';
import { TimetokenSource } from './timetoken-source.js';

/** A running server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8090`. */
  readonly url: string;
  /** The bound port (useful with `port: 0`). */
  readonly port: number;
  /** Fault injection at run time: add, list and clear rules, restart (server/README.md "Faults"). */
  readonly faults: FaultController;
  /** Counters for monitoring and tests: parked long-polls, buffered channels and bytes. */
  stats(): ServerStats;
  /** Answers parked long-polls, closes every connection and timer; resolves when the server is fully closed. */
  close(): Promise<void>;
}

/** What `stats()` reports. */
export interface ServerStats {
  /** Subscribe long-polls currently parked. */
  readonly parked: number;
  /** Distinct subscriptions those long-polls share (one per subscribe key, channel list and group list). */
  readonly subscriptions: number;
  /** Channels holding buffered messages (bounded by `maxChannels`). */
  readonly channels: number;
  /** Message bytes buffered across channels (bounded by `maxBufferedBytes`). */
  readonly bufferedBytes: number;
  /** Approximate bytes of presence memberships and state (bounded by `maxPresenceBytes`). */
  readonly presenceBytes: number;
  /** Approximate bytes of Access Manager grants (bounded by `maxGrantBytes`). */
  readonly grantBytes: number;
  /** Uploaded files stored (docs/protocol.md §15.6). */
  readonly files: number;
  /** File bytes held in memory: stored bodies and uploads in progress (0 on disk; bounded by `maxFileStoreBytes`). */
  readonly fileMemoryBytes: number;
}

/** Room for a 32 KiB URI plus headers, so an over-long URI reaches the router and gets its 414 (docs/protocol.md §8.6). */
const MAX_HEADER_BYTES = 96 * 1024;
/** How long `close()` lets final answers flush before destroying sockets. */
const CLOSE_FLUSH_MS = 500;

/**
 * Starts a server.
 * @throws RangeError for invalid options; rejects when the port cannot be bound.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const opts = resolveOptions(options);
  const faults = new FaultInjector(options.faults);
  const nowMs = () => opts.clock.nowMs();
  const tokens = new TimetokenSource(opts.clock);
  // The byte budget is split between the catch-up queues and the memory store's history (options.ts).
  const table = new ChannelTable({ ...opts, maxBufferedBytes: opts.maxBufferedBytes / 2 });
  const store = openStorage(opts, nowMs);
  tokens.advanceTo(store.lastTimetoken());
  const registry = new SubscribeRegistry(table, tokens, nowMs, opts.pollTimeoutMs);
  // Written through only to a durable store: a memory store's records would be a second, unbounded copy.
  const groups = new ChannelGroupRegistry(opts.maxChannelGroupBytes, store.durable ? store : undefined);
  groups.load();
  // With no poll parked there is nobody to wake: no watch keys are built per publish (docs/performance.md §3).
  const bus = new MessageBus(tokens, table, store, nowMs, (key) => {
    if (registry.parked > 0) registry.changed(keysWokenBy(key, groups));
  });
  // After a restart on a durable store, subscribers resuming from before it still get what it committed.
  if (store.durable) restoreCatchUp(store, bus, opts, nowMs());
  const presence = new PresenceRegistry({
    nowMs,
    defaultTimeoutSec: opts.presenceTimeoutSec,
    maxMembers: opts.maxPresenceMembers,
    maxBytes: opts.maxPresenceBytes,
    sweepMs: opts.presenceSweepMs,
    emit: (subKey, channel, event) =>
      bus.publishBuilt(subKey, channel, (sk, ch, tt) => new PresenceMessage(sk, ch, event, tt)),
  });
  const access = new AccessControl(opts.keysets, nowMs, opts.maxGrantBytes);
  loadGrants(access, store, nowMs());
  const objects = new ObjectsStore(MAX_OBJECTS_BYTES, store.durable ? store : undefined);
  objects.load();
  let files: ReturnType<typeof openFileService>;
  try {
    files = openFileService(opts, store, nowMs);
  } catch (err) {
    await store.close();
    throw err;
  }
  const services: Services = {
    options: opts,
    logger: opts.logger,
    tokens,
    table,
    bus,
    store,
    groups,
    registry,
    presence,
    access,
    objects,
    files,
    nowMs,
  };

  const router = faults.wrap(createRouter(routes, services));
  const server = createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: opts.headersTimeoutMs,
      requestTimeout: opts.requestTimeoutMs,
      // How often node checks those two timers: often enough that a 408 comes close to its deadline.
      connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(opts.headersTimeoutMs / 4))),
    },
    options.faults === undefined ? router : withFaultsAdmin(faults, router),
  );
  server.on('clientError', answerClientError);
  server.on('connection', (socket) => faults.refuses(socket));
  faults.onRestart(() => {
    server.closeAllConnections();
    table.clear();
    restoreCatchUp(store, bus, opts, nowMs());
  });
  try {
    await listen(server, opts.port, opts.host);
  } catch (err) {
    await store.close();
    throw err;
  }
  presence.start();
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  opts.logger.info('pubkit-server listening', { url: `http://${host}:${port}`, devMode: access.devMode });

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    faults,
    stats: () => ({
      parked: registry.parked,
      subscriptions: registry.subscriptions.size,
      channels: table.size,
      bufferedBytes: table.bytes + store.stats().memoryBytes,
      presenceBytes: presence.bytes,
      grantBytes: access.grantBytes,
      files: files.records.fileTotals().count,
      fileMemoryBytes: files.bodies.memoryBytes,
    }),
    close() {
      closed ??= (async () => {
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        faults.close();
        registry.closeAll();
        presence.stop();
        server.closeIdleConnections();
        await flush(server);
        server.closeAllConnections();
        await done;
        table.clear();
        await store.close();
        opts.logger.info('pubkit-server closed', {});
      })();
      return closed;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Waits until no connection is busy, or `CLOSE_FLUSH_MS`, whichever comes first. */
async function flush(server: Server): Promise<void> {
  const deadline = Date.now() + CLOSE_FLUSH_MS;
  while (Date.now() < deadline) {
    const open = await new Promise<number>((resolve) => server.getConnections((_err, n) => resolve(n)));
    if (open === 0) return;
    server.closeIdleConnections();
    await new Promise<void>((resolve) => setTimeout(resolve, 10));
  }
}
