/**
 * Publish ingest: 64 concurrent keep-alive connections firing GET publishes at pubkit-server, against a plain
 * node:http handler answering the bytes pubkit answered (same status, headers and body length, captured once:
 * `support/publish-floor.ts`), alternating in each round (`support/rounds.ts`). Reports requests/s and the ratio per
 * round (issue 18 goal ≥ 0.85×). Loopback only, bounded by BENCH_REQUESTS (default 20,000 per target and round).
 * The clients run in this process; `profile-ingest.ts` runs the servers in a process of their own.
 *
 *   node --conditions=source --import tsx bench/server-publish.ts
 */
import { startServer } from '@pubkit/server';
import { keepAliveLoad } from './support/keep-alive-load.js';
import { captureAnswer, startPublishFloor } from './support/publish-floor.js';
import { printRows, ROUNDS, type Row, size } from './support/rounds.js';

const TOTAL = size('BENCH_REQUESTS', 20_000, 4_000);
const CONCURRENCY = 64;

/** The publish path of the benchmark: 16 channels, one small JSON message. */
export const publishPath = (i: number): string =>
  `/publish/pub/sub/0/bench-${i % 16}/0/${encodeURIComponent(JSON.stringify({ text: 'hello', n: 1 }))}?uuid=bench&pnsdk=bench`;

/** The server ingest row: pubkit-server's requests/s over the plain handler's, per round. */
export async function benchServerPublish(): Promise<Row[]> {
  const drive = (base: string) => keepAliveLoad(base, publishPath, TOTAL, CONCURRENCY);
  const server = await startServer({ port: 0 });
  const plain = await startPublishFloor(await captureAnswer(server.url, publishPath(0)));
  try {
    await drive(plain.url); // warm-up
    await drive(server.url);
    const ratios: number[] = [];
    let oursRate = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const base = await drive(plain.url);
      const ours = await drive(server.url);
      ratios.push(ours / base);
      oursRate += ours / ROUNDS;
    }
    return [
      {
        measure: 'server publish ingest, 64 keep-alive conns',
        floor: 'plain node:http handler',
        ratios,
        goal: { op: '>=', value: 0.85 },
        detail: `(pubkit ${oursRate.toFixed(0)} req/s, ${TOTAL} per round)`,
      },
    ];
  } finally {
    await server.close();
    plain.server.closeAllConnections();
    await new Promise<void>((resolve) => plain.server.close(() => resolve()));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printRows(await benchServerPublish());
