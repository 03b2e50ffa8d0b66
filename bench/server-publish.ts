/**
 * Publish ingest: 64 concurrent keep-alive connections firing GET publishes at pubkit-server, against a plain
 * node:http handler answering the same bytes in the same run. Prints requests/s and the ratio (goal ≥ 0.6×).
 * Loopback only, bounded by BENCH_REQUESTS (default 20,000 per target).
 *
 *   node --conditions=source --import tsx bench/server-publish.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer } from '@pubkit/server';
import { keepAliveLoad } from './support/keep-alive-load.js';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 20_000);
const CONCURRENCY = 64;

const drive = (base: string, path: (i: number) => string) => keepAliveLoad(base, path, TOTAL, CONCURRENCY);

const plain = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/javascript; charset="UTF-8"', 'Access-Control-Allow-Origin': '*' });
  res.end('[1,"Sent","17000000000000000"]');
});
await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
const server = await startServer({ port: 0 });

const msg = encodeURIComponent(JSON.stringify({ text: 'hello', n: 1 }));
const path = (i: number) => `/publish/pub/sub/0/bench-${i % 16}/0/${msg}?uuid=bench&pnsdk=bench`;
await drive(plainUrl, path); // warm-up
await drive(server.url, path);
const base = await drive(plainUrl, path);
const ours = await drive(server.url, path);
console.log(`publish ingest, ${CONCURRENCY} keep-alive connections, ${TOTAL} requests each`);
console.log(`  plain node:http   ${base.toFixed(0)} req/s`);
console.log(`  pubkit-server     ${ours.toFixed(0)} req/s`);
console.log(`  ratio             ${(ours / base).toFixed(2)}x (goal >= 0.6x)`);
await server.close();
plain.closeAllConnections();
await new Promise<void>((resolve) => plain.close(() => resolve()));
