/**
 * Real servers and real clients for the relay suite: a socket.io server with socket.io-client sockets, or a `ws`
 * server with `ws` clients, both on 127.0.0.1 port 0. Each harness exposes the same `TestPeer`, so one suite runs
 * against both transports (docs/architecture.md §9: one shared suite, every implementation).
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  type Bridge,
  type BridgeClient,
  type BridgeOptions,
  createBridge,
  createWsBridge,
  type WsClient,
} from '@pubkit/socketio';
import { Server as IoServer, type Socket } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { WebSocket, WebSocketServer } from 'ws';
import { EventLog, type PushKind } from './event-log.js';

/** A reply: the ack's error or its result. */
export interface Reply {
  readonly error?: { code: string; message: string } | null;
  readonly result?: Record<string, unknown>;
}

/** One browser-like connection. */
export interface TestPeer {
  readonly log: EventLog;
  request(type: 'subscribe' | 'unsubscribe' | 'publish', body: unknown): Promise<Reply>;
  /** Stops reading from the TCP socket: the server's writes pile up in the kernel, then in the bridge. */
  pause(): void;
  /** Reads again. */
  resume(): void;
  /** Resolves when the server closed this connection. */
  readonly closedByServer: Promise<void>;
  close(): Promise<void>;
}

/** Options of a harness: bridge options where `authorize` sees the user name the peer connected as. */
export type HarnessOptions = Omit<BridgeOptions<unknown>, 'authorize' | 'identify'> & {
  authorize: (user: string, channel: string, permission: 'read' | 'write') => boolean | Promise<boolean>;
};

/** A running server with its bridge. */
export interface Harness {
  readonly name: string;
  readonly bridge: Bridge;
  connect(user: string): Promise<TestPeer>;
  /** Bytes the server process holds unsent for its connections, outside the bridge's queues. */
  serverBuffered(): number;
  close(): Promise<void>;
}

interface EngineInternals {
  writeBuffer: Array<{ data?: unknown }>;
  transport: { socket?: { bufferedAmount: number } };
}

/** The TCP socket under a socket.io-client websocket transport (engine.io-client over `ws`). */
function tcpOf(socket: ReturnType<typeof ioClient>): Duplex | undefined {
  return (socket.io.engine?.transport as unknown as { ws?: { _socket?: Duplex } } | undefined)?.ws?._socket;
}

async function listen(server: HttpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** socket.io server + socket.io-client peers (websocket transport). */
export async function startSocketIo(client: BridgeClient, options: HarnessOptions): Promise<Harness> {
  const http = createServer();
  const io = new IoServer(http);
  const port = await listen(http);
  const user = (socket: Socket): string => String(socket.handshake.auth.user ?? '');
  const bridge = createBridge(io, client, {
    ...options,
    authorize: (socket, channel, permission) => options.authorize(user(socket), channel, permission),
    identify: user,
  });
  const peers = new Set<TestPeer>();
  return {
    name: 'socket.io',
    bridge,
    serverBuffered() {
      let bytes = 0;
      for (const socket of io.of('/').sockets.values()) {
        const conn = socket.conn as unknown as EngineInternals;
        for (const packet of conn.writeBuffer) bytes += typeof packet.data === 'string' ? packet.data.length : 0;
        bytes += conn.transport.socket?.bufferedAmount ?? 0;
      }
      return bytes;
    },
    async connect(name) {
      const socket = ioClient(`http://127.0.0.1:${port}`, {
        auth: { user: name },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const log = new EventLog();
      for (const kind of ['message', 'presence', 'file', 'status'] as PushKind[]) {
        socket.on(`pubnub:${kind}`, (payload: Record<string, unknown>) => log.push(kind, payload));
      }
      const closedByServer = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
      const peer: TestPeer = {
        log,
        request: (type, body) =>
          new Promise((resolve) =>
            socket.emit(`pubnub:${type}`, body, (error: Reply['error'], result?: Record<string, unknown>) =>
              resolve({ error, ...(result !== undefined ? { result } : {}) }),
            ),
          ),
        pause: () => tcpOf(socket)?.pause(),
        resume: () => tcpOf(socket)?.resume(),
        closedByServer,
        async close() {
          peers.delete(peer);
          // A paused socket would never read the close handshake, and the server would wait for it.
          tcpOf(socket)?.resume();
          socket.disconnect();
        },
      };
      peers.add(peer);
      return peer;
    },
    async close() {
      for (const peer of [...peers]) await peer.close();
      bridge.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

/** `ws` server + `ws` client peers; the user name travels in the URL. */
export async function startWs(client: BridgeClient, options: HarnessOptions): Promise<Harness> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  const port = await listen(http);
  const user = (socket: WsClient): string =>
    new URL(socket.request.url ?? '/', 'http://x').searchParams.get('user') ?? '';
  const bridge = createWsBridge(wss, client, {
    ...options,
    authorize: (socket, channel, permission) => options.authorize(user(socket), channel, permission),
    identify: user,
  });
  const peers = new Set<TestPeer>();
  return {
    name: 'ws',
    bridge,
    serverBuffered() {
      let bytes = 0;
      for (const ws of wss.clients) bytes += ws.bufferedAmount;
      return bytes;
    },
    async connect(name) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/?user=${encodeURIComponent(name)}`);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      const log = new EventLog();
      const acks = new Map<number, (reply: Reply) => void>();
      let nextId = 0;
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; id?: number; error?: Reply['error'] };
        if (frame.type === 'ack') {
          const { type: _t, id, error, ...result } = frame;
          acks.get(id ?? -1)?.(error === undefined ? { error: null, result } : { error });
          acks.delete(id ?? -1);
        } else {
          const { type, ...payload } = frame;
          log.push(type as PushKind, payload);
        }
      });
      const closedByServer = new Promise<void>((resolve) => ws.once('close', () => resolve()));
      const peer: TestPeer = {
        log,
        request: (type, body) =>
          new Promise((resolve) => {
            const id = ++nextId;
            acks.set(id, resolve);
            ws.send(JSON.stringify({ ...(body as object), type, id }));
          }),
        pause: () => (ws as unknown as { _socket: Duplex })._socket.pause(),
        resume: () => (ws as unknown as { _socket: Duplex })._socket.resume(),
        closedByServer,
        async close() {
          peers.delete(peer);
          ws.terminate();
          await closedByServer;
        },
      };
      peers.add(peer);
      return peer;
    },
    async close() {
      for (const peer of [...peers]) await peer.close();
      bridge.close();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
