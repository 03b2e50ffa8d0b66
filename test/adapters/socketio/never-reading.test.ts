/**
 * Issue 9 item 4: sockets that never read, on the real stack (`@pubkit/server`, `@pubkit/node`, socket.io and
 * `ws` servers). The slow clients are raw TCP sockets that speak just enough WebSocket to subscribe and then never
 * read again, so the kernel's buffers fill, then the transport's, then the bridge's queue. Checked: what the
 * process holds for each of them stays within `queue.maxBytes` (measured in the transport, not taken from the
 * bridge's word), `stats()` reports it, the process's memory grows by less than the sum of the bounds, and a
 * healthy socket on the same channel gets every message in order and promptly.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { type AddressInfo, connect, type Socket as NetSocket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Pubnub } from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';
import { type Bridge, createBridge, createWsBridge } from '@pubkit/socketio';
import { expect } from 'chai';
import { Server as IoServer } from 'socket.io';
import { type Socket as ClientSocket, io as ioClient } from 'socket.io-client';
import { WebSocketServer } from 'ws';
import { rawSocketIo, rawWebSocket } from '../../support/raw-socketio.js';
import { until } from '../../support/until.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SLOW = 40;
const MAX_BYTES = 1024 * 1024;
const MESSAGES = 300;
const BODY = 'x'.repeat(20 * 1024);
// Transport framing around one payload (`42["pubnub:message",` … or `{"type":"message",` …, the frame header).
const FRAMING = 64;

function memory(): number {
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

interface Stack {
  readonly bridge: Bridge;
  readonly port: number;
  /** Bytes the transport holds unsent for each slow connection, measured from the transport itself. */
  transportBytes(): number[];
  openSlow(socket: NetSocket): Promise<void>;
  openHealthy(onMessage: (n: number) => void): Promise<() => void>;
  close(): Promise<void>;
}

async function listen(http: HttpServer): Promise<number> {
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return (http.address() as AddressInfo).port;
}

async function socketIoStack(client: Pubnub): Promise<Stack> {
  const http = createServer();
  const io = new IoServer(http);
  const bridge = createBridge(io, client, { authorize: () => true, queue: { maxBytes: MAX_BYTES } });
  const port = await listen(http);
  return {
    port,
    bridge,
    transportBytes() {
      const out: number[] = [];
      for (const socket of io.of('/').sockets.values()) {
        if (socket.handshake.auth.user !== 'slow') continue;
        const conn = socket.conn as unknown as {
          writeBuffer: Array<{ data?: unknown }>;
          transport: { socket?: { bufferedAmount: number } };
        };
        let bytes = conn.transport.socket?.bufferedAmount ?? 0;
        for (const packet of conn.writeBuffer) bytes += typeof packet.data === 'string' ? packet.data.length : 0;
        out.push(bytes);
      }
      return out;
    },
    async openSlow(socket) {
      const raw = await rawSocketIo(socket, { user: 'slow' });
      const [error] = await raw.subscribe(['room']);
      expect(error).to.equal(null);
      raw.stopReading();
    },
    async openHealthy(onMessage) {
      const socket: ClientSocket = ioClient(`http://127.0.0.1:${port}`, {
        auth: { user: 'healthy' },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      socket.on('pubnub:message', (m: { message: { n: number } }) => onMessage(m.message.n));
      await new Promise((resolve) => socket.emit('pubnub:subscribe', { channels: ['room'] }, resolve));
      return () => socket.disconnect();
    },
    async close() {
      bridge.close();
      const closed = new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
      await closed;
    },
  };
}

async function wsStack(client: Pubnub): Promise<Stack> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  const bridge = createWsBridge(wss, client, { authorize: () => true, queue: { maxBytes: MAX_BYTES } });
  const port = await listen(http);
  const slow = new Set<import('ws').WebSocket>();
  wss.on('connection', (ws, request) => {
    if (request.url?.includes('slow') === true) slow.add(ws);
  });
  const subscribe = (send: (text: string) => void) =>
    send(JSON.stringify({ type: 'subscribe', id: 1, channels: ['room'] }));
  return {
    bridge,
    port,
    transportBytes: () => [...slow].map((ws) => ws.bufferedAmount),
    async openSlow(socket) {
      let acked: () => void = () => undefined;
      const ack = new Promise<void>((resolve) => {
        acked = resolve;
      });
      const raw = await rawWebSocket(socket, '/?slow', (text) => {
        if (text.startsWith('{"type":"ack"')) acked();
      });
      subscribe(raw.send);
      await ack;
      raw.stopReading();
    },
    async openHealthy(onMessage) {
      const { WebSocket } = await import('ws');
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
      await new Promise((resolve) => ws.once('open', resolve));
      const acked = new Promise<void>((resolve) =>
        ws.on('message', (data) => {
          const frame = JSON.parse(String(data)) as { type: string; message?: { n: number } };
          if (frame.type === 'ack') resolve();
          if (frame.type === 'message' && frame.message !== undefined) onMessage(frame.message.n);
        }),
      );
      subscribe((text) => ws.send(text));
      await acked;
      return () => ws.terminate();
    },
    async close() {
      bridge.close();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

for (const [name, open] of [
  ['socket.io', socketIoStack],
  ['ws', wsStack],
] as const) {
  describe(`@pubkit/socketio over ${name}: ${SLOW} sockets that never read (real server and client)`, function () {
    this.timeout(90_000);
    let server: RunningServer;
    let client: Pubnub;
    let stack: Stack;
    const raw: NetSocket[] = [];
    let stopHealthy: (() => void) | undefined;

    beforeEach(async () => {
      server = await startServer({ port: 0, host: '127.0.0.1' });
      client = new Pubnub({ publishKey: 'demo', subscribeKey: 'demo', origin: server.url, uuid: 'bridge' });
      stack = await open(client);
    });
    afterEach(async () => {
      stopHealthy?.();
      for (const socket of raw.splice(0)) socket.destroy();
      await stack.close();
      await client.close();
      await server.close();
    });

    it('holds each within queue.maxBytes, reports it in stats(), and keeps a healthy socket prompt', async () => {
      const received: number[] = [];
      const arrived = new Map<number, number>();
      stopHealthy = await stack.openHealthy((n) => {
        received.push(n);
        arrived.set(n, performance.now());
      });
      for (let i = 0; i < SLOW; i++) {
        const socket = connect(stack.port, '127.0.0.1');
        raw.push(socket);
        await stack.openSlow(socket);
      }
      await until(() => stack.bridge.stats().sockets === SLOW + 1, 'every socket to be bridged');
      const before = memory();
      const lag = monitorEventLoopDelay({ resolution: 10 });
      lag.enable();
      const latencies: number[] = [];
      let peakHeld = 0;
      let peakMemory = 0;
      for (let n = 0; n < MESSAGES; n++) {
        const sent = performance.now();
        await client.publish('room', { n, body: BODY });
        await until(() => arrived.has(n), `the healthy socket to get message ${n}`, 10_000, 1);
        latencies.push(arrived.get(n)! - sent);
        if (n % 25 === 24) {
          const perSocket = stack.transportBytes();
          expect(perSocket).to.have.length(SLOW);
          const stats = stack.bridge.stats();
          // Every slow socket's transport buffer is within the bound on its own…
          for (const bytes of perSocket) expect(bytes).to.be.at.most(MAX_BYTES + FRAMING * 64);
          // …and stats() counts it (the queues plus the transports), within the sum of the bounds.
          const measured = perSocket.reduce((a, b) => a + b, 0);
          expect(stats.transportBytes, 'stats().transportBytes').to.be.at.least(measured * 0.9);
          expect(stats.queuedBytes).to.be.at.most((SLOW + 1) * (MAX_BYTES + FRAMING * 64));
          peakHeld = Math.max(peakHeld, stats.queuedBytes);
          // The forced collection is the test's own pause, not the bridge's: keep it out of the lag figure.
          lag.disable();
          peakMemory = Math.max(peakMemory, memory() - before);
          lag.enable();
        }
      }
      lag.disable();
      // The slow sockets really are full: the bridge holds (and drops) for them.
      expect(peakHeld, 'bytes held for the slow sockets').to.be.greaterThan((SLOW * MAX_BYTES) / 2);
      // Frames held for many sockets are shared, so the process holds far less than the sum of the bounds.

      expect(peakMemory, 'heap + external growth').to.be.below(SLOW * MAX_BYTES);
      expect(received).to.deep.equal([...Array(MESSAGES).keys()]);
      const sorted = [...latencies].sort((a, b) => a - b);
      const p90 = sorted[Math.floor(sorted.length * 0.9)]!;
      expect(p90, 'healthy socket latency p90 (ms)').to.be.below(250);
      expect(lag.max / 1e6, 'event-loop lag max (ms)').to.be.below(1000);
    });
  });
}
