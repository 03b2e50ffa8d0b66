/**
 * Bridge sockets that never read (issue 9 item 4): BENCH_SLOW (default 600) socket.io clients subscribe to one
 * channel and stop reading; BENCH_MESSAGES (100) messages of BENCH_KB (20) KiB are published through the real
 * `@pubkit/server` and `@pubkit/node` client; a few healthy clients keep reading. Reports the server process's RSS
 * growth against the bridge's documented bound (`queue.maxBytes` per socket), what `stats()` says, event-loop lag
 * (p99 and max), and healthy-client latency per message. The clients run in a child process.
 *
 *   node --expose-gc --conditions=source --import tsx bench/bridge-slow-readers.ts
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Pubnub } from '@pubkit/node';
import { startServer } from '@pubkit/server';
import { createBridge } from '@pubkit/socketio';
import { Server } from 'socket.io';

const SLOW = Number(process.env.BENCH_SLOW ?? 600);
const HEALTHY = Number(process.env.BENCH_HEALTHY ?? 5);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100);
const KB = Number(process.env.BENCH_KB ?? 20);
const MAX_BYTES = 1024 * 1024;
const MiB = 1024 * 1024;

const rss = (): number => {
  globalThis.gc?.();
  return process.memoryUsage().rss;
};

const upstream = await startServer({ port: 0 });
const client = new Pubnub({ publishKey: 'demo', subscribeKey: 'demo', origin: upstream.url, ssl: false });
const http = createServer();
const io = new Server(http);
const bridge = createBridge(io, client, { authorize: () => true, identify: (s) => String(s.handshake.auth.user) });
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

const child = fork(fileURLToPath(new URL('./bridge-slow-clients.ts', import.meta.url)), [url], {
  execArgv: ['--conditions=source', '--import', 'tsx'],
});
const waiters = new Map<string, () => void>();
child.on('message', (m: Record<string, unknown>) => {
  const [k, v] = Object.entries(m)[0]!;
  waiters.get(`${k}:${v}`)?.();
});
const reply = (key: string, timeoutMs = 120_000) =>
  new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const timer = setTimeout(() => reject(new Error(`bench: no ${key} within ${timeoutMs} ms`)), timeoutMs);
    waiters.set(key, () => {
      clearTimeout(timer);
      waiters.delete(key);
      resolve(performance.now() - started);
    });
  });

const lag = monitorEventLoopDelay({ resolution: 10 });
const rssBefore = rss();
lag.enable();
const joinStarted = performance.now();
child.send({ open: { slow: SLOW, healthy: HEALTHY, channel: 'room' } });
await reply('ready:true');
const joinMs = performance.now() - joinStarted;
const joinLagMax = lag.max / 1e6;
lag.reset();

const body = 'x'.repeat(KB * 1024);
const latencies: number[] = [];
let peakRss = 0;
let peakStats = bridge.stats();
for (let id = 0; id < MESSAGES; id++) {
  const got = reply(`got:${id}`, 60_000);
  const started = performance.now();
  await client.publish('room', { id, body });
  await got;
  latencies.push(performance.now() - started);
  const now = process.memoryUsage().rss;
  if (now > peakRss) {
    peakRss = now;
    peakStats = bridge.stats();
  }
}
await new Promise((resolve) => setTimeout(resolve, 1000));
const rssAfter = rss();
lag.disable();
const sorted = [...latencies].sort((a, b) => a - b);
const stats = bridge.stats();
console.log(`${SLOW} never-reading sockets + ${HEALTHY} healthy, ${MESSAGES} messages of ${KB} KiB`);
console.log(`  join: ${joinMs.toFixed(0)} ms, event-loop lag max during joins ${joinLagMax.toFixed(0)} ms`);
console.log(
  `  RSS ${(rssBefore / MiB).toFixed(0)} -> peak ${(peakRss / MiB).toFixed(0)} -> after ${(rssAfter / MiB).toFixed(0)} MiB; ` +
    `growth per slow socket ${((peakRss - rssBefore) / SLOW / 1024).toFixed(0)} KiB (bound ${MAX_BYTES / 1024} KiB)`,
);
console.log(`  stats at peak: queued ${peakStats.queued}, queuedBytes ${(peakStats.queuedBytes / MiB).toFixed(1)} MiB`);
console.log(`  stats after: ${JSON.stringify(stats)}`);
console.log(
  `  healthy latency p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms; ` +
    `event-loop lag p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms, max ${(lag.max / 1e6).toFixed(0)} ms`,
);

child.send({ close: true });
await new Promise((resolve) => child.once('exit', resolve));
bridge.close();
await client.close();
await new Promise<void>((resolve) => io.close(() => resolve()));
await upstream.close();
