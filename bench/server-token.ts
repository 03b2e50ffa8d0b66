/**
 * What Access Manager v3 token checks cost publish ingest (issue 14: at most 10%). One pubkit-server with an open
 * keyset (no access check at all) and a PAM keyset; 64 keep-alive connections fire GET publishes: on the open
 * keyset, on the PAM keyset with a v2 auth key grant, and on the PAM keyset with a token (a named channel and a
 * pattern, bound to the publisher's uuid). The targets alternate over `ROUNDS` rounds and each keeps its best
 * round, so a noisy neighbour on a shared machine does not decide the ratio. Two figures per target: requests per
 * second, and process CPU per request (server and load generator share the process; the generator's share is the
 * same for every target, so the CPU ratio is the cost the token check adds, and load from other processes on the
 * machine moves it far less than it moves throughput). Loopback only, bounded.
 *
 *   node --conditions=source --import tsx bench/server-token.ts
 */
import { Pubnub } from '@pubkit/node';
import { startServer } from '@pubkit/server';
import { keepAliveLoad } from './support/keep-alive-load.js';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 64;

const open = { publishKey: 'pub-open', subscribeKey: 'sub-open' };
const pam = { publishKey: 'pub-pam', subscribeKey: 'sub-pam', secretKey: 'sec-pam' };
const server = await startServer({ port: 0, keysets: [open, pam] });
const admin = new Pubnub({ ...pam, origin: server.url, uuid: 'admin' });
const token = await admin.grantToken({
  ttl: 60,
  authorizedUuid: 'bench',
  resources: { channels: { 'bench-0': { read: true, write: true } } },
  patterns: { channels: { '^bench-\\d+$': { write: true } } },
});
await admin.grant({ authKey: 'bench-key', read: true, write: true, ttl: 60 });
await admin.close();

const msg = encodeURIComponent(JSON.stringify({ text: 'hello', n: 1 }));
const publish = (keys: { publishKey: string; subscribeKey: string }, auth: string) => (i: number) =>
  `/publish/${keys.publishKey}/${keys.subscribeKey}/0/bench-${i % 16}/0/${msg}?uuid=bench&pnsdk=bench${auth}`;
const targets = {
  open: publish(open, ''),
  v2: publish(pam, '&auth=bench-key'),
  token: publish(pam, `&auth=${token}`),
};
const best = { open: 0, v2: 0, token: 0 };
const cpu = { open: Number.POSITIVE_INFINITY, v2: Number.POSITIVE_INFINITY, token: Number.POSITIVE_INFINITY };
await keepAliveLoad(server.url, targets.open, TOTAL, CONCURRENCY); // warm-up
await keepAliveLoad(server.url, targets.token, TOTAL, CONCURRENCY);
for (let round = 0; round < ROUNDS; round++) {
  for (const name of ['open', 'token', 'v2'] as const) {
    const before = process.cpuUsage();
    best[name] = Math.max(best[name], await keepAliveLoad(server.url, targets[name], TOTAL, CONCURRENCY));
    const used = process.cpuUsage(before);
    cpu[name] = Math.min(cpu[name], (used.user + used.system) / TOTAL);
  }
}
console.log(
  `publish ingest with access checks, ${CONCURRENCY} keep-alive connections, ${TOTAL} requests, best of ${ROUNDS}`,
);
for (const [name, label] of [
  ['open', 'open keyset (no check)'],
  ['v2', 'PAM, v2 auth key grant'],
  ['token', 'PAM, v3 token'],
] as const) {
  console.log(
    `  ${label.padEnd(24)} ${best[name].toFixed(0).padStart(6)} req/s  ${cpu[name].toFixed(1)} µs CPU/request`,
  );
}
console.log(`  CPU per request, token / open   ${(cpu.token / cpu.open).toFixed(3)}x (goal <= 1.10x)`);
console.log(`  throughput, token / open        ${(best.token / best.open).toFixed(3)}x (goal >= 0.91x)`);
await server.close();
