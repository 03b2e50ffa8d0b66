/**
 * Storage benchmarks (docs/protocol.md §13), ratios in one run:
 *   1. publish ingest at 64 keep-alive connections with the SQLite store (`dataDir`: WAL, one commit per event-loop
 *      turn, every publish acknowledged after its commit) against the memory store (goal ≥ 0.5×), runs interleaved;
 *   2. `fetchMessages` of 25 messages from each of 100 channels in one request, against 100 one-channel history
 *      requests of 25 (server time per answer, sequential, loopback), for both stores.
 * Bounded by BENCH_REQUESTS (default 20,000 publishes per ingest run).
 *
 *   node --conditions=source --import tsx bench/server-storage.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '@pubkit/server';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 20_000);
const CONCURRENCY = 64;
const msg = encodeURIComponent(JSON.stringify({ text: 'hello', n: 1 }));

function get(agent: Agent, base: URL, path: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, path, agent }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode} for ${path.slice(0, 80)}`));
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Publishes/s at 64 connections. */
async function ingest(server: RunningServer, total: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const base = new URL(server.url);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        await get(agent, base, `/publish/pub/sub/0/bench-${i % 16}/0/${msg}?uuid=bench&pnsdk=bench`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return total / seconds;
}

/** Mean milliseconds of `rounds` sequential calls of `round`. */
async function timeRounds(rounds: number, round: () => Promise<void>): Promise<number> {
  await round();
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await round();
  return (performance.now() - started) / rounds;
}

async function fetchVsHistory(server: RunningServer): Promise<{ fetchMs: number; historyMs: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const base = new URL(server.url);
  const channels = Array.from({ length: 100 }, (_, i) => `f-${i}`);
  await Promise.all(
    channels.map(async (ch) => {
      for (let i = 0; i < 30; i++) await get(agent, base, `/publish/pub/sub/0/${ch}/0/${msg}?uuid=bench`);
    }),
  );
  const fetchMs = await timeRounds(20, () =>
    get(
      agent,
      base,
      `/v3/history/sub-key/sub/channel/${channels.join(',')}?max=25&include_uuid=true&include_meta=true`,
    ),
  );
  const historyMs = await timeRounds(20, async () => {
    for (const ch of channels)
      await get(agent, base, `/v2/history/sub-key/sub/channel/${ch}?count=25&include_token=true`);
  });
  agent.destroy();
  return { fetchMs, historyMs };
}

/** Runs the benchmarks; returns the ratios. */
export async function benchStorage(): Promise<{ ingestRatio: number; fetchRatio: number }> {
  const dirs: string[] = [];
  const open = async (durable: boolean) => {
    if (!durable) return startServer({ port: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'pubkit-bench-'));
    dirs.push(dir);
    return startServer({ port: 0, dataDir: dir });
  };
  const memory = await open(false);
  const sqlite = await open(true);
  try {
    await ingest(memory, TOTAL / 4); // warm-up
    await ingest(sqlite, TOTAL / 4);
    const rates = { memory: [] as number[], sqlite: [] as number[] };
    for (let round = 0; round < 2; round++) {
      rates.memory.push(await ingest(memory, TOTAL));
      rates.sqlite.push(await ingest(sqlite, TOTAL));
    }
    const best = (list: number[]) => Math.max(...list);
    const ingestRatio = best(rates.sqlite) / best(rates.memory);
    console.log(`publish ingest, ${CONCURRENCY} keep-alive connections, ${TOTAL} publishes a run (best of 2)`);
    console.log(`  memory store      ${best(rates.memory).toFixed(0)} req/s`);
    console.log(`  SQLite store      ${best(rates.sqlite).toFixed(0)} req/s (acknowledged after commit)`);
    console.log(`  ratio             ${ingestRatio.toFixed(2)}x (goal >= 0.5x)`);

    const measure = async (durable: boolean) => {
      const server = await open(durable);
      try {
        return await fetchVsHistory(server);
      } finally {
        await server.close();
      }
    };
    const fm = await measure(false);
    const fs = await measure(true);
    console.log('fetchMessages, 25 messages from each of 100 channels: one request vs 100 one-channel histories');
    for (const [name, r] of [['memory', fm] as const, ['SQLite', fs] as const]) {
      console.log(
        `  ${name.padEnd(7)} one fetch ${r.fetchMs.toFixed(2)} ms, 100 histories ${r.historyMs.toFixed(2)} ms, ratio ${(r.fetchMs / r.historyMs).toFixed(2)}x`,
      );
    }
    return { ingestRatio, fetchRatio: fs.fetchMs / fs.historyMs };
  } finally {
    await Promise.all([memory.close(), sqlite.close()]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchStorage();
