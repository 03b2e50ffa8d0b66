/**
 * The socket.io transport of the relay: `pubnub:*` events with acks, channels as rooms, backpressure from the
 * engine.io connection's own buffer.
 *
 * Why rooms: a live socket joins `namespace + channel`, so one upstream message reaches every socket that can take
 * it now with one `to(room).except(slow).emit(...)`, encoded once (the same cost as a hand-written broadcast). The
 * sockets that cannot (their transport is busy, or they already have a queue) are excluded and queued instead.
 * `local` keeps the broadcast on this process when a cluster adapter is installed: every process holds its own
 * upstream subscription, so relaying to other processes would deliver twice.
 *
 * Why engine.io internals: socket.io has no public "this socket is slow" signal. `conn.transport.writable` is false
 * while a write is on its way to the kernel (websocket) or while no poll is pending (polling), and
 * `conn.writeBuffer` holds what engine.io could not write yet. The transport's `ready` event (websocket: the last
 * write completed; polling: a poll arrived) comes right after engine.io flushed its own buffer, so at that moment
 * "not congested" means nothing of this socket's is in flight, and the queue can be handed over.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import { type BridgeOptions, resolveOptions } from './options.js';
import { EVENTS } from './protocol.js';
import { Relay } from './relay.js';
import type { BridgeStats, Frame, Peer } from './relay-types.js';
import { toBridgeError } from './requests.js';
import type { Session } from './session.js';
import type { BridgeClient } from './upstream.js';

/** A running bridge. */
export interface Bridge {
  /** Stops relaying: releases every upstream subscription and detaches from every socket (it does not close them). */
  close(): void;
  /** Counters: sockets, upstream channels and subscribes, delivered, queued, dropped, denied… */
  stats(): BridgeStats;
}

type EngineConnection = Socket['conn'];
type EngineTransport = EngineConnection['transport'];
type Serve = (session: Session<Socket>, request: unknown) => Promise<unknown>;

function congested(conn: EngineConnection): boolean {
  const buffered = (conn as unknown as { writeBuffer?: readonly unknown[] }).writeBuffer?.length ?? 0;
  return !conn.transport.writable || buffered > 0;
}

/** Calls `onReady` whenever the transport can write again, following the connection across upgrades. */
function watchReady(conn: EngineConnection, onReady: () => void): () => void {
  let current: EngineTransport = conn.transport;
  const attach = (transport: EngineTransport): void => {
    current.off('ready', onReady);
    current = transport;
    transport.on('ready', onReady);
    onReady();
  };
  current.on('ready', onReady);
  conn.on('upgrade', attach);
  return () => {
    conn.off('upgrade', attach);
    current.off('ready', onReady);
  };
}

/** A socket.io socket as the relay sees it; methods on the prototype, not closures per socket. */
class SocketPeer implements Peer<Socket> {
  readonly socket: Socket;
  readonly #prefix: string;
  constructor(socket: Socket, prefix: string) {
    this.socket = socket;
    this.#prefix = prefix;
  }
  get id(): string {
    return this.socket.id;
  }
  congested(): boolean {
    return congested(this.socket.conn);
  }
  write(frame: Frame): void {
    this.socket.emit(EVENTS[frame.kind], frame.payload);
  }
  disconnect(): void {
    this.socket.disconnect(true);
  }
  joined(channel: string): void {
    void this.socket.join(this.#prefix + channel);
  }
  left(channel: string): void {
    void this.socket.leave(this.#prefix + channel);
  }
}

/**
 * Bridges PubNub channels to the sockets of `ioOrNamespace` (a `Server` means its main namespace `/`).
 * Sockets already connected are bridged too.
 * @throws PubnubValidationError when `authorize` is missing or an option is out of range
 */
export function createBridge(
  ioOrNamespace: Server | Namespace,
  client: BridgeClient,
  options: BridgeOptions<Socket>,
): Bridge {
  const resolved = resolveOptions(options);
  const nsp: Namespace = 'of' in ioOrNamespace ? ioOrNamespace.of('/') : ioOrNamespace;
  const room = (channel: string): string => resolved.namespace + channel;
  const relay = new Relay<Socket>(client, resolved, (channel, frame, except) => {
    nsp.local
      .to(room(channel))
      .except([...except])
      .emit(EVENTS[frame.kind], frame.payload);
  });
  const sessions = new Map<Socket, { session: Session<Socket>; stopWatching: () => void }>();

  // Listeners are shared by every socket (socket.io calls them with `this` = the socket) rather than closures
  // made per connection: with thousands of sockets, per-socket closures are most of the bridge's memory.
  const serve = (socket: Socket, run: Serve, args: unknown[]): void => {
    const entry = sessions.get(socket);
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as (...reply: unknown[]) => void) : undefined;
    if (entry === undefined) return;
    const request = args.length > (ack === undefined ? 0 : 1) ? args[0] : undefined;
    run(entry.session, request).then(
      (result) => ack?.(null, result),
      (error: unknown) => ack?.(toBridgeError(error)),
    );
  };
  const handlers: Record<string, (this: Socket, ...args: unknown[]) => void> = {
    [EVENTS.subscribe](...args) {
      serve(this, (s, r) => relay.subscribe(s, r), args);
    },
    [EVENTS.unsubscribe](...args) {
      serve(this, (s, r) => relay.unsubscribe(s, r), args);
    },
    [EVENTS.publish](...args) {
      serve(this, (s, r) => relay.publish(s, r), args);
    },
  };
  const detach = (socket: Socket): void => {
    const entry = sessions.get(socket);
    if (entry === undefined) return;
    sessions.delete(socket);
    entry.stopWatching();
    for (const [event, listener] of Object.entries(handlers)) socket.off(event, listener);
    socket.off('disconnect', onDisconnect);
    relay.disconnect(entry.session);
  };
  function onDisconnect(this: Socket): void {
    detach(this);
  }

  const onConnection = (socket: Socket): void => {
    const session = relay.connect(new SocketPeer(socket, resolved.namespace));
    sessions.set(socket, { session, stopWatching: watchReady(socket.conn, () => session.drained()) });
    for (const [event, listener] of Object.entries(handlers)) socket.on(event, listener);
    socket.on('disconnect', onDisconnect);
  };

  nsp.on('connection', onConnection);
  for (const socket of nsp.sockets.values()) onConnection(socket);
  return {
    close() {
      nsp.off('connection', onConnection);
      for (const socket of [...sessions.keys()]) detach(socket);
      relay.close();
    },
    stats: () => relay.stats(),
  };
}
