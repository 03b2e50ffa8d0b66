/**
 * Profiles the measured part of `client-subscribe.ts` only (pubkit side): a subscriber resuming over a backlog of
 * BENCH_MESSAGES (default 20,000), with the V8 profiler started after the backlog is filled and stopped when the
 * last message arrived. Writes `subscribe.cpuprofile` to BENCH_PROFILE_DIR (default the working directory): open it
 * in Chrome DevTools (docs/performance.md §1 says what it shows).
 *
 *   node --conditions=source --import tsx bench/profile-subscribe.ts
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { Pubnub } from '@pubkit/node';
import { Pool } from 'undici';
import { spawnResponder } from './support/spawn-responder.js';

const N = Number(process.env.BENCH_MESSAGES ?? 20_000);
const server = await spawnResponder('subscribe-server.ts', { BENCH_QUEUE: String(N + 100) });
const pool = new Pool(server.url, { connections: 32 });
const session = new Session();
session.connect();
await session.post('Profiler.enable');
// 1 ms (the default) is too coarse for a 100 ms measured part.
await session.post('Profiler.setSamplingInterval', { interval: 25 });
try {
  for (let round = 0; round < 3; round++) {
    const channel = `profile-${round}`;
    const client = new Pubnub({ publishKey: 'pub', subscribeKey: 'sub', origin: server.url, uuid: 'bench' });
    let received = 0;
    let done: () => void = () => {};
    const all = new Promise<void>((resolve) => {
      done = resolve;
    });
    let connected: () => void = () => {};
    const isConnected = new Promise<void>((resolve) => {
      connected = resolve;
    });
    client.subscribe(channel, { callback: () => void (++received === N && done()), connect: () => connected() });
    await isConnected;
    client.disconnect();
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < N) {
          const json = encodeURIComponent(JSON.stringify({ text: 'hello from the bench', n: next++, tags: ['a'] }));
          await (await pool.request({ path: `/publish/pub/sub/0/${channel}/0/${json}`, method: 'GET' })).body.text();
        }
      }),
    );
    // Round 0 warms the JIT; rounds 1 and 2 are profiled.
    if (round > 0) await session.post('Profiler.start');
    const cpu = process.cpuUsage();
    client.reconnect();
    await all;
    const used = process.cpuUsage(cpu);
    if (round > 0) {
      const { profile } = await session.post('Profiler.stop');
      const file = join(process.env.BENCH_PROFILE_DIR ?? '.', `subscribe-${round}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      console.log(`round ${round}: ${((used.user + used.system) / N).toFixed(2)} µs CPU/message, profile ${file}`);
    }
    await client.close();
  }
} finally {
  session.disconnect();
  await pool.destroy();
  server.stop();
}
