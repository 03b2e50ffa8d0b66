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
 * `conn.writeBuffer` holds what engine.io could not write yet, and the websocket's `bufferedAmount` what `ws` has
 * not handed to the kernel: both are this socket's memory and count against its bound. The transport's `ready`
 * event (websocket: the last write completed; polling: a poll arrived) comes right after engine.io flushed its own
 * buffer, so at that moment the next part of the queue can be handed over.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import { type BridgeOptions, resolveOptions } from './options.js';
import { EVENTS } from './protocol.js';
import { Relay } from './relay.js';
import type { BridgeStats, Drainable, Frame, Transport } from './relay-types.js';
import { toBridgeError } from './requests.js';
import type { Session } from './session.js';
import type { BridgeClient } from './upstream.js';

/** A running bridge. */
export interface Bridge {
  /** Stops relaying: releases every upstream subscription and detaches from every socket (it does not close them). */
  close(): void;
  /** Counters: sockets, upstream channels and subscribes, delivered, queued, dropped, denied… */
  stats(): BridgeStats;
  /**
   * Asks `authorize` again about every socket's channels and takes sockets out of those they may no longer read
   * (each gets a `status` `{ category: 'access-denied', channel }`); resolves to how many memberships ended.
   */
  reauthorize(): Promise<number>;
}

type EngineConnection = Socket['conn'];
type EngineTransport = EngineConnection['transport'];
type Serve = (session: Session<Socket>, request: unknown) => Promise<unknown>;

/** What engine.io keeps unwritten, and the `ws` socket under a websocket transport (not in its public types). */
interface EngineInternals {
  readonly writeBuffer?: ReadonlyArray<{ data?: unknown; options?: { wsPreEncodedFrame?: readonly Buffer[] } }>;
  readonly transport: { readonly socket?: { readonly bufferedAmount?: number; readonly constructor: unknown } };
}

/** `ws`'s frame builder, taken from the live socket's class so this package needs no `ws` import of its own. */
type FrameBuilder = (data: Buffer, options: Record<string, boolean | number>) => Buffer[];

function congested(conn: EngineConnection): boolean {
  const buffered = (conn as unknown as EngineInternals).writeBuffer?.length ?? 0;
  return !conn.transport.writable || buffered > 0;
}

/** Bytes engine.io and `ws` hold unwritten for this connection (the kernel's buffers are not ours to count). */
function buffered(conn: EngineConnection): number {
  const internals = conn as unknown as EngineInternals;
  let bytes = internals.transport.socket?.bufferedAmount ?? 0;
  for (const packet of internals.writeBuffer ?? []) {
    const frame = packet.options?.wsPreEncodedFrame;
    if (frame !== undefined) for (const part of frame) bytes += part.length;
    else if (typeof packet.data === 'string') bytes += packet.data.length;
    else if (Buffer.isBuffer(packet.data)) bytes += packet.data.length;
  }
  return bytes;
}

/**
 * Calls `session.drained()` whenever the connection's transport can write again, following the connection across
 * upgrades. Made only for a socket with a queue (`Transport.watch`), and as bound methods rather than named
 * closures: a named closure made per socket carries a property dictionary of its own under `keepNames`
 * (docs/performance.md §8).
 */
class ReadyWatch {
  readonly #conn: EngineConnection;
  #current: EngineTransport;
  readonly #onReady: () => void;
  readonly #onUpgrade: (transport: EngineTransport) => void;
  constructor(conn: EngineConnection, session: Drainable) {
    this.#conn = conn;
    this.#current = conn.transport;
    this.#onReady = session.drained.bind(session);
    this.#onUpgrade = this.#upgraded.bind(this);
    this.#current.on('ready', this.#onReady);
    conn.on('upgrade', this.#onUpgrade);
  }
  stop(): void {
    this.#conn.off('upgrade', this.#onUpgrade);
    this.#current.off('ready', this.#onReady);
  }
  #upgraded(transport: EngineTransport): void {
    this.#current.off('ready', this.#onReady);
    this.#current = transport;
    transport.on('ready', this.#onReady);
    this.#onReady();
  }
}

/** One frame encoded once for a namespace, shared by every socket that is written it one by one. */
interface Encoded {
  readonly packets: string[];
  /** The finished WebSocket frame, when the connection is a plain (uncompressed) `ws` one. */
  wsFrame: Buffer[] | undefined;
}

/**
 * Encodes frames for single-socket writes once, the way a room broadcast does: the queued path (a slow socket
 * catching up) then costs a reference per socket instead of a JSON encoding and a buffer copy per socket.
 */
class FrameEncoder {
  readonly #nsp: Namespace;
  readonly #cache = new WeakMap<Frame, Encoded>();
  constructor(nsp: Namespace) {
    this.#nsp = nsp;
  }
  encode(frame: Frame, conn: EngineConnection): { packets: string[]; wsFrame: Buffer[] | undefined } {
    let encoded = this.#cache.get(frame);
    if (encoded === undefined) {
      // socket.io packet type 2 is EVENT; the encoder is the server's, as a broadcast uses.
      const packet = { type: 2, data: [EVENTS[frame.kind], frame.payload], nsp: this.#nsp.name };
      const packets = this.#nsp.server.encoder.encode(packet as never) as string[];
      encoded = { packets, wsFrame: undefined };
      this.#cache.set(frame, encoded);
    }
    if (encoded.wsFrame === undefined && encoded.packets.length === 1 && conn.transport.name === 'websocket') {
      const ws = (conn as unknown as EngineInternals).transport.socket;
      const build = (ws?.constructor as { Sender?: { frame?: FrameBuilder } } | undefined)?.Sender?.frame;
      // "4" is engine.io's message packet type; the options are those of an unmasked, final text frame.
      if (typeof build === 'function') {
        encoded.wsFrame = build(Buffer.from(`4${encoded.packets[0]}`), {
          readOnly: false,
          mask: false,
          rsv1: false,
          opcode: 1,
          fin: true,
        });
      }
    }
    return encoded;
  }
}

/** How the relay reaches socket.io sockets: one object per bridge, methods on the prototype, nothing per socket. */
class SocketTransport implements Transport<Socket> {
  readonly #prefix: string;
  readonly #encoder: FrameEncoder;
  /** Room names by channel: every socket in a room refers to one copy of its name (bounded: reset past 1,024). */
  readonly #rooms = new Map<string, string>();
  constructor(prefix: string, encoder: FrameEncoder) {
    this.#prefix = prefix;
    this.#encoder = encoder;
  }
  /** The room of `channel`. */
  room(channel: string): string {
    let room = this.#rooms.get(channel);
    if (room === undefined) {
      if (this.#rooms.size >= 1024) this.#rooms.clear();
      room = this.#prefix + channel;
      this.#rooms.set(channel, room);
    }
    return room;
  }
  id(socket: Socket): string {
    return socket.id;
  }
  congested(socket: Socket): boolean {
    return congested(socket.conn);
  }
  buffered(socket: Socket): number {
    return buffered(socket.conn);
  }
  write(socket: Socket, frame: Frame): void {
    const { packets, wsFrame } = this.#encoder.encode(frame, socket.conn);
    // `_packet` with `preEncoded` is the path socket.io's own broadcast takes: no second encoding per socket.
    socket.client._packet(
      packets as never,
      {
        preEncoded: true,
        ...(wsFrame !== undefined ? { wsPreEncodedFrame: wsFrame } : {}),
      } as never,
    );
  }
  disconnect(socket: Socket): void {
    socket.disconnect(true);
  }
  joined(socket: Socket, channel: string): void {
    void socket.join(this.room(channel));
  }
  left(socket: Socket, channel: string): void {
    void socket.leave(this.room(channel));
  }
  watch(socket: Socket, session: Drainable): { stop(): void } {
    return new ReadyWatch(socket.conn, session);
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
  const transport = new SocketTransport(resolved.namespace, new FrameEncoder(nsp));
  const relay = new Relay<Socket>(client, resolved, transport, (channel, frame, except) => {
    nsp.local
      .to(transport.room(channel))
      .except([...except])
      .emit(EVENTS[frame.kind], frame.payload);
  });

  // Listeners are shared by every socket (socket.io calls them with `this` = the socket) rather than closures
  // made per connection: with thousands of sockets, per-socket closures are most of the bridge's memory.
  const serve = (socket: Socket, run: Serve, args: unknown[]): void => {
    const session = relay.sessionOf(socket);
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as (...reply: unknown[]) => void) : undefined;
    if (session === undefined) return;
    const request = args.length > (ack === undefined ? 0 : 1) ? args[0] : undefined;
    run(session, request).then(
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
    const session = relay.sessionOf(socket);
    if (session === undefined) return;
    for (const [event, listener] of Object.entries(handlers)) socket.off(event, listener);
    socket.off('disconnect', onDisconnect);
    relay.disconnect(session);
  };
  function onDisconnect(this: Socket): void {
    detach(this);
  }

  const onConnection = (socket: Socket): void => {
    relay.connect(socket);
    for (const [event, listener] of Object.entries(handlers)) socket.on(event, listener);
    socket.on('disconnect', onDisconnect);
  };

  nsp.on('connection', onConnection);
  for (const socket of nsp.sockets.values()) onConnection(socket);
  return {
    close() {
      nsp.off('connection', onConnection);
      for (const socket of relay.sockets()) detach(socket);
      relay.close();
    },
    stats: () => relay.stats(),
    reauthorize: () => relay.reauthorize(),
  };
}
