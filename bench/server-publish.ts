/**
 * Publish ingest: 64 concurrent keep-alive connections firing GET publishes at pubkit-server, against a plain
 * node:http handler answering the same bytes, alternating in each round (`support/rounds.ts`). Reports requests/s
 * and the ratio per round (issue 18 goal ≥ 0.85×). Loopback only, bounded by BENCH_REQUESTS (default 20,000 per
 * target and round).
 *
 *   node --conditions=source --import tsx bench/server-publish.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer } from '@pubkit/server';
import { keepAliveLoad } from './support/keep-alive-load.js';
import { printRows, ROUNDS, type Row, size } from './support/rounds.js';

const TOTAL = size('BENCH_REQUESTS', 20_000, 4_000);
const CONCURRENCY = 64;

/** The server ingest row: pubkit-server's requests/s over the plain handler's, per round. */
export async function benchServerPublish(): Promise<Row[]> {
  const drive = (base: string, path: (i: number) => string) => keepAliveLoad(base, path, TOTAL, CONCURRENCY);
  const plain = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset="UTF-8"', 'Access-Control-Allow-Origin': '*' });
    res.end('[1,"Sent","17000000000000000"]');
  });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  const server = await startServer({ port: 0 });
  try {
    const msg = encodeURIComponent(JSON.stringify({ text: 'hello', n: 1 }));
    const path = (i: number) => `/publish/pub/sub/0/bench-${i % 16}/0/${msg}?uuid=bench&pnsdk=bench`;
    await drive(plainUrl, path); // warm-up
    await drive(server.url, path);
    const ratios: number[] = [];
    let oursRate = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const base = await drive(plainUrl, path);
      const ours = await drive(server.url, path);
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
    plain.closeAllConnections();
    await new Promise<void>((resolve) => plain.close(() => resolve()));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printRows(await benchServerPublish());
