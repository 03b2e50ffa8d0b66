/**
 * Profiles the measured part of `client-subscribe.ts` only (pubkit side): a subscriber resuming over a backlog of
 * BENCH_MESSAGES (default 20,000), with the V8 profiler started after the backlog is filled and stopped when the
 * last message arrived, and the raw floor of `client-subscribe.ts` (undici `Pool.request` + `JSON.parse`) the same way.
 * Writes `subscribe-<round>.cpuprofile` and `subscribe-raw-<round>.cpuprofile` to BENCH_PROFILE_DIR (default the
 * working directory): open them in Chrome DevTools (docs/performance.md §1 says what they show). BENCH_WARMUP rounds
 * (default 4) warm the JIT first, as in `client-subscribe.ts`; BENCH_PROFILE_ROUNDS (default 2) are profiled.
 *
 * With BENCH_ALLOC=1 it samples allocations instead (V8's sampling heap profiler, collected objects included) for
 * pubkit and for the raw floor of `client-subscribe.ts` (undici `Pool.request` + `JSON.parse`), and prints the bytes
 * allocated per delivered message by each and where pubkit allocates them (docs/performance.md §2). Allocation does
 * not depend on how loaded the machine is, so it compares two commits where CPU ratios only show noise.
 *
 *   node --conditions=source --import tsx bench/profile-subscribe.ts
 *   BENCH_ALLOC=1 node --conditions=source --import tsx bench/profile-subscribe.ts
 *
 * With BENCH_LISTENER=1 pubkit's messages are counted by a client-wide `message` listener (`addListener`) with a
 * subscribe without a per-call callback, as in the listener row of `client-subscribe.ts`
 * (`support/backlog-subscriber.ts`, shared by both).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { Pool } from 'undici';
import { backlogSubscriber } from './support/backlog-subscriber.js';
import { spawnResponder } from './support/spawn-responder.js';

const N = Number(process.env.BENCH_MESSAGES ?? 20_000);
const ALLOC = process.env.BENCH_ALLOC === '1';
const LISTENER = process.env.BENCH_LISTENER === '1';
const WARMUP = Number(process.env.BENCH_WARMUP ?? 16);
const PROFILED = Number(process.env.BENCH_PROFILE_ROUNDS ?? 2);
const server = await spawnResponder('subscribe-server.ts', { BENCH_QUEUE: String(N + 100) });
const pool = new Pool(server.url, { connections: 32 });
const session = new Session();
// One client for every round, as in `client-subscribe.ts` (`support/backlog-subscriber.ts` says why).
const subscriber = backlogSubscriber(server.url, N, LISTENER);
session.connect();

interface SamplingNode {
  callFrame: { functionName: string; url: string };
  selfSize: number;
  children: SamplingNode[];
}

/** Runs `measured` under the CPU profiler (or the allocation sampler) and reports it as `label`. */
async function profiled(label: string, measured: () => Promise<void>): Promise<void> {
  if (!ALLOC) {
    await session.post('Profiler.start');
    const cpu = process.cpuUsage();
    await measured();
    const used = process.cpuUsage(cpu);
    const { profile } = await session.post('Profiler.stop');
    const file = join(process.env.BENCH_PROFILE_DIR ?? '.', `subscribe-${label}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`${label}: ${((used.user + used.system) / N).toFixed(2)} µs CPU/message, profile ${file}`);
    return;
  }
  // Every 64 bytes, objects already collected included: the total is what was allocated, not what survived.
  const sampling = {
    samplingInterval: 64,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  };
  await session.post('HeapProfiler.startSampling', sampling);
  await measured();
  const { profile } = await session.post('HeapProfiler.getSamplingProfile');
  await session.post('HeapProfiler.stopSampling');
  const bySite = new Map<string, number>();
  const walk = (node: SamplingNode): void => {
    const site = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-1)[0]}`;
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(profile.head as unknown as SamplingNode);
  const total = [...bySite.values()].reduce((a, b) => a + b, 0);
  console.log(`${label}: ${(total / N).toFixed(0)} bytes allocated per message`);
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    console.log(`  ${(bytes / N).toFixed(0).padStart(5)}  ${site}`);
  }
}

async function fill(channel: string): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < N) {
        const json = encodeURIComponent(JSON.stringify({ text: 'hello from the bench', n: next++, tags: ['a'] }));
        await (await pool.request({ path: `/publish/pub/sub/0/${channel}/0/${json}`, method: 'GET' })).body.text();
      }
    }),
  );
}

/** The floor of `client-subscribe.ts`: the same long-polls with undici and `JSON.parse`. */
async function rawRound(round: number): Promise<void> {
  const channel = `raw-${round}`;
  const get = async (path: string): Promise<string> => (await pool.request({ path, method: 'GET' })).body.text();
  let cursor = (JSON.parse(await get(`/v2/subscribe/sub/${channel}/0?uuid=bench`)) as { t: { t: string; r: number } })
    .t;
  await fill(channel);
  const measured = async (): Promise<void> => {
    for (let received = 0; received < N; ) {
      const text = await get(`/v2/subscribe/sub/${channel}/0?tt=${cursor.t}&tr=${cursor.r}&uuid=bench`);
      const body = JSON.parse(text) as { t: { t: string; r: number }; m: unknown[] };
      received += body.m.length;
      cursor = body.t;
    }
  };
  if (round < WARMUP) await measured();
  else await profiled(`raw-${round}`, measured);
}

try {
  if (!ALLOC) {
    await session.post('Profiler.enable');
    // 1 ms (the default) is too coarse for a 100 ms measured part.
    await session.post('Profiler.setSamplingInterval', { interval: 25 });
  }
  for (let round = 0; round < WARMUP + PROFILED; round++) {
    const channel = `profile-${round}`;
    await subscriber.prepare(channel);
    await fill(channel);
    const measured = (): Promise<void> => subscriber.resume();
    // The first WARMUP rounds warm the JIT (docs/performance.md §2); the rest are profiled.
    if (round < WARMUP) await measured();
    else await profiled(String(round), measured);
    await rawRound(round);
  }
} finally {
  await subscriber.client.close();
  session.disconnect();
  await pool.destroy();
  server.stop();
}
