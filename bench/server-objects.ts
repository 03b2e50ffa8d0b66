/**
 * Issue 15 server benchmark: `getAllChannelMetadata` with a filter over 10,000 channels (docs/protocol.md §14.3,
 * §14.4). The server is seeded with BENCH_CHANNELS (default 10,000) channels, each with a name, a status and two
 * custom fields; then every page of three listings is read with limit 100, following `next`:
 *
 *   1. no filter (default sort),
 *   2. `name LIKE 'room-1*' && custom.tier >= 2` (about 1 channel in 27 passes),
 *   3. the same filter sorted by `name:desc`,
 *
 * Each pass starts with a change (one channel set), so its first page is cold: the server filters and sorts all
 * channels (docs/protocol.md §14.3); the following pages of the pass reuse the sorted listing (a binary search and
 * a slice). Reported: median of the cold first pages and of the warm following pages over ROUNDS passes, as the
 * client saw them on loopback, next to the round trip of `/time/0` (an empty request) on the same connection pool:
 * the difference is the server's time per page.
 *
 *   node --conditions=source --import tsx bench/server-objects.ts
 */
import { Agent, request } from 'node:http';
import { startServer } from '@pubkit/server';

const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SUB = 'bench-objects';

function call(base: string, method: string, path: string, agent: Agent, body?: string): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
    const req = request({ host: url.hostname, port: url.port, path, method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)]!;

/** Runs the benchmark; returns the median client-side ms per filtered page. */
export async function benchObjects(): Promise<{ coldFilteredMs: number; warmFilteredMs: number }> {
  const server = await startServer({ port: 0 });
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  try {
    const seeded = performance.now();
    const ids = Array.from({ length: CHANNELS }, (_, i) => i);
    const workers = Array.from({ length: 32 }, async (_, w) => {
      for (let i = w; i < ids.length; i += 32) {
        const body = JSON.stringify({
          name: `room-${i}`,
          status: i % 3 === 0 ? 'archived' : 'active',
          custom: { tier: i % 3, region: i % 2 === 0 ? 'eu' : 'us' },
        });
        await call(server.url, 'PATCH', `/v2/objects/${SUB}/channels/ch-${i}?uuid=bench`, agent, body);
      }
    });
    await Promise.all(workers);
    console.log(`seeded ${CHANNELS} channels in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

    const listings: [label: string, query: string][] = [
      ['no filter', 'include=custom&limit=100'],
      ['filter', `include=custom&limit=100&filter=${encodeURIComponent("name LIKE 'room-1*' && custom.tier >= 2")}`],
      [
        'filter, sort name:desc',
        `include=custom&limit=100&sort=name:desc&filter=${encodeURIComponent("name LIKE 'room-1*' && custom.tier >= 2")}`,
      ],
    ];
    const emptyMs: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      await call(server.url, 'GET', '/time/0', agent);
      emptyMs.push(performance.now() - started);
    }
    const empty = quantile(emptyMs, 0.5);
    const result = { coldFilteredMs: 0, warmFilteredMs: 0 };
    console.log(`getAllChannelMetadata over ${CHANNELS} channels, limit 100, every page, ${ROUNDS} passes`);
    console.log(`  empty request (/time/0) round trip: median ${empty.toFixed(2)} ms`);
    for (const [label, query] of listings) {
      const cold: number[] = [];
      const warm: number[] = [];
      let pages = 0;
      let records = 0;
      for (let r = 0; r < ROUNDS; r++) {
        const touched = JSON.stringify({ name: `room-${r}`, custom: { tier: r % 3, region: 'eu' } });
        await call(server.url, 'PATCH', `/v2/objects/${SUB}/channels/ch-${r}?uuid=bench`, agent, touched);
        let next: string | undefined;
        let first = true;
        do {
          const started = performance.now();
          const path = `/v2/objects/${SUB}/channels?${query}${next ? `&start=${next}` : ''}`;
          const text = await call(server.url, 'GET', path, agent);
          (first ? cold : warm).push(performance.now() - started);
          first = false;
          const page = JSON.parse(text) as { data: unknown[]; next?: string };
          next = page.next;
          if (r === 0) {
            pages++;
            records += page.data.length;
          }
        } while (next !== undefined);
      }
      const c = quantile(cold, 0.5);
      const w = warm.length > 0 ? quantile(warm, 0.5) : Number.NaN;
      if (label === 'filter') Object.assign(result, { coldFilteredMs: c - empty, warmFilteredMs: w - empty });
      console.log(
        `  ${label.padEnd(24)} ${String(pages).padStart(4)} pages, ${String(records).padStart(6)} records: ` +
          `first page (cold) ${c.toFixed(2)} ms, next pages (warm) ${w.toFixed(2)} ms; ` +
          `server ≈ ${(c - empty).toFixed(2)} / ${(w - empty).toFixed(2)} ms per page`,
      );
    }
    return result;
  } finally {
    agent.destroy();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchObjects();
