/**
 * Socket.IO fan-out: one upstream message to BENCH_CLIENTS (default 1,000) socket.io clients in one room, time
 * until the last one has it, p50 over 50 messages, against a raw `io.to(room).emit` of the same payload, measured
 * in the same run (rounds interleaved, so drift hits both). The upstream is an in-process stub that calls the
 * bridge's subscribe callback directly: what is compared is the bridge against socket.io, not the network.
 * Also: server heap per connection, raw socket.io vs the same socket bridged and subscribed to one channel.
 * Loopback only; the clients run in a child process (`socketio-clients.ts`).
 *
 *   node --expose-gc --conditions=source --import tsx bench/socketio-fanout.ts
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type BridgeClient, createBridge, type UpstreamListeners } from '@pubkit/socketio';
import { Server } from 'socket.io';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1_000);
const ROUNDS = 50;
const WARMUP = 5;
const PAYLOAD = { text: 'x'.repeat(200), user: 'bench' };

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

const heap = (): number => {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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
for (let round = 0; round < WARMUP + ROUNDS; round++) {
  const r = await time((payload) => io.to('raw').emit('raw', payload));
  const b = await time((payload) => send('bench', payload));
  if (round >= WARMUP) {
    raw.push(r);
    bridged.push(b);
  }
}

const perRaw = (heapRaw - heapEmpty) / CLIENTS;
const perBridged = (heapBridged - heapEmpty) / CLIENTS;
console.log(`socket.io fan-out to ${CLIENTS} clients, p50 of ${ROUNDS} messages (${JSON.stringify(PAYLOAD).length} B)`);
console.log(`  raw io.to(room).emit   ${p50(raw).toFixed(2)} ms`);
console.log(
  `  bridge (upstream stub) ${p50(bridged).toFixed(2)} ms   ratio ${(p50(bridged) / p50(raw)).toFixed(2)}x  goal <= 1.15x`,
);
console.log(`server heap per connection${globalThis.gc ? '' : ' (no --expose-gc: noisy)'}`);
console.log(`  raw socket.io          ${(perRaw / 1024).toFixed(1)} KiB`);
console.log(
  `  bridged + subscribed   ${(perBridged / 1024).toFixed(1)} KiB   ratio ${(perBridged / perRaw).toFixed(2)}x  goal <= 1.2x`,
);
console.log(`  bridge stats: ${JSON.stringify(bridge.stats())}`);

bridge.close();
child.send({ close: true });
await new Promise((resolve) => child.once('exit', resolve));
await new Promise<void>((resolve) => io.close(() => resolve()));
