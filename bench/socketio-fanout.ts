/**
 * Socket.IO fan-out: one upstream message to BENCH_CLIENTS (default 1,000) socket.io clients in one room, time
 * until the last one has it, p50 over 50 messages, against a raw `io.to(room).emit` of the same payload, measured
 * in the same run (rounds interleaved, so drift hits both). The upstream is an in-process stub that calls the
 * bridge's subscribe callback directly: what is compared is the bridge against socket.io, not the network.
 * Also: server heap per connection, raw socket.io vs the same socket bridged and subscribed to one channel.
 * Loopback only; the clients run in a child process (`socketio-clients.ts`). Each of the rounds of
 * `support/rounds.ts` starts a fresh server and clients child and reports its own ratios (issue 18: memory ≤ 1.1×).
 *
 *   node --expose-gc --conditions=source --import tsx bench/socketio-fanout.ts
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type BridgeClient, createBridge, type UpstreamListeners } from '@pubkit/socketio';
import { Server } from 'socket.io';
import { median, printRows, ROUNDS, type Row, size } from './support/rounds.js';

const CLIENTS = size('BENCH_CLIENTS', 1_000, 300);
const MESSAGES = size('BENCH_SOCKETIO_MESSAGES', 20, 10);
const WARMUP = 3;
const PAYLOAD = { text: 'x'.repeat(200), user: 'bench' };

const heap = (): number => {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};

/** One round: a fresh server and clients; heap per socket raw and bridged, p50 fan-out time of each. */
async function round(): Promise<{ perRaw: number; perBridged: number; rawMs: number; bridgedMs: number }> {
  /** The stub upstream: `send` delivers one message to every subscription of the channel, synchronously. */
  const listeners = new Map<string, UpstreamListeners>();
  let tt = 17_000_000_000_000_000n;
  const upstream: BridgeClient = {
    subscribe(channels, l) {
      for (const c of channels) listeners.set(c, l);
      setImmediate(() => l.connect?.());
      return {
        unsubscribe: () => {
          for (const c of channels) listeners.delete(c);
        },
      };
    },
    publish: async () => [1, 'Sent', '0'],
    async *iterateHistory() {}, // a bench upstream with no stored messages
  };
  const send = (channel: string, message: unknown) => {
    tt += 1n;
    listeners.get(channel)?.callback(message, channel, { timetoken: tt.toString(), publisher: 'bench' });
  };
  const http = createServer();
  const io = new Server(http, { pingInterval: 60_000 });
  io.on('connection', (socket) => void socket.join('raw'));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const heapEmpty = heap();

  const child = fork(fileURLToPath(new URL('./socketio-clients.ts', import.meta.url)), [url, String(CLIENTS)], {
    execArgv: ['--conditions=source', '--import', 'tsx'],
  });
  const waiters = new Map<string, () => void>();
  child.on('message', (m: Record<string, number>) => {
    const key = Object.entries(m).map(([k, v]) => `${k}:${v}`)[0]!;
    waiters.get(key)?.();
  });
  const reply = (key: string, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench: no ${key} within ${timeoutMs} ms`)), timeoutMs);
      waiters.set(key, () => {
        clearTimeout(timer);
        waiters.delete(key);
        resolve();
      });
    });

  await reply(`connected:${CLIENTS}`);
  const heapRaw = heap();
  const bridge = createBridge(io, upstream, { authorize: () => true });
  child.send({ subscribe: 'bench' });
  await reply(`subscribed:${CLIENTS}`);
  const heapBridged = heap();

  let id = 0;
  const time = async (emit: (payload: unknown) => void) => {
    const n = ++id;
    const done = reply(`done:${n}`, 30_000);
    const started = performance.now();
    emit({ ...PAYLOAD, id: n });
    await done;
    return performance.now() - started;
  };
  const raw: number[] = [];
  const bridged: number[] = [];
  for (let i = 0; i < WARMUP + MESSAGES; i++) {
    const r = await time((payload) => io.to('raw').emit('raw', payload));
    const b = await time((payload) => send('bench', payload));
    if (i >= WARMUP) {
      raw.push(r);
      bridged.push(b);
    }
  }
  bridge.close();
  child.send({ close: true });
  await new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve) => io.close(() => resolve()));
  return {
    perRaw: (heapRaw - heapEmpty) / CLIENTS,
    perBridged: (heapBridged - heapEmpty) / CLIENTS,
    rawMs: median(raw),
    bridgedMs: median(bridged),
  };
}

/** The Socket.IO rows: heap per bridged socket over a raw one, and fan-out p50 over `io.to(room).emit`. */
export async function benchSocketio(): Promise<Row[]> {
  const memory: number[] = [];
  const fanout: number[] = [];
  const perBridged: number[] = [];
  const perRaw: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const one = await round();
    memory.push(one.perBridged / one.perRaw);
    fanout.push(one.bridgedMs / one.rawMs);
    perBridged.push(one.perBridged);
    perRaw.push(one.perRaw);
  }
  const kib = (b: number) => (b / 1024).toFixed(1);
  return [
    {
      measure: 'Socket.IO bridge memory per socket',
      floor: 'raw socket.io connection',
      ratios: memory,
      goal: { op: '<=', value: 1.1 },
      detail: `(${kib(median(perBridged))} vs ${kib(median(perRaw))} KiB heap, ${CLIENTS} sockets${globalThis.gc ? '' : ', no --expose-gc: noisy'})`,
    },
    {
      measure: `  Socket.IO fan-out to ${CLIENTS} clients, p50`,
      floor: 'raw io.to(room).emit',
      ratios: fanout,
      goal: { op: '<=', value: 1.15 },
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) printRows(await benchSocketio());
