/**
 * The server process of `server-fanout.ts`: pubkit-server, or the floor (a plain `node:http` handler that holds
 * every request and, when a trigger request arrives, answers all of them in a raw loop), alone in its own process
 * so the clients' work is never counted. It measures its own fan-out time: from the moment node hands it the
 * trigger request (the publish, or `/trigger`) to the `finish` of the last poll's response — node emits `finish`
 * once the response's last bytes were handed to the kernel. Both kinds are observed the same way, through node's
 * own `diagnostics_channel` events for HTTP server requests, so the observation costs both sides alike.
 *
 * IPC with the parent (run by `server-fanout.ts`, never alone):
 *   → `{ port }` once listening;
 *   ← `{ op: 'floor', headers, body }` (plain only): the exact headers and body pubkit answered with → `{ floor: true }`;
 *   ← `{ op: 'parked' }` → `{ parked }`: polls waiting now;
 *   ← `{ op: 'arm', polls }` → `{ armed: true }`; then, after the trigger, `{ ms, cpuUs }`;
 *   ← `{ op: 'sockets' }` → `{ sockets }`: open TCP handles (the parent waits for a round's sockets to go).
 */
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Session } from 'node:inspector';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startServer } from '@pubkit/server';

type Message =
  | { op: 'floor'; headers: string[]; body: string }
  | { op: 'parked' }
  | { op: 'arm'; polls: number }
  | { op: 'sockets' };

const kind = process.argv[2];
const send = (m: object) => process.send?.(m);
const isTrigger = (url: string | undefined) => url?.startsWith('/publish/') || url === '/trigger';

let port: number;
let parked: () => number;
if (kind === 'pubkit') {
  const server = await startServer({ port: 0, pollTimeoutMs: 600_000 });
  port = server.port;
  parked = () => server.stats().parked;
} else {
  const held: ServerResponse[] = [];
  let headers: string[] = [];
  let body = '';
  const plain = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    if (req.url !== '/trigger') {
      held.push(res);
      return;
    }
    // The floor: the same header fields and body bytes pubkit sent, one prebuilt header array, one write each.
    for (const r of held) {
      r.sendDate = false;
      r.writeHead(200, headers);
      r.end(body);
    }
    held.length = 0;
    res.end('ok');
  });
  process.on('message', (m: Message) => {
    if (m.op !== 'floor') return;
    ({ headers, body } = m);
    send({ floor: true });
  });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  port = (plain.address() as AddressInfo).port;
  parked = () => held.length;
}

// BENCH_FANOUT_PROFILE=dir: a CPU profile of each measured fan-out only (from arm to the last finish), 50 µs sampling.
const profileDir = process.env.BENCH_FANOUT_PROFILE;
const inspector = profileDir ? new Session() : undefined;
inspector?.connect();
inspector?.post('Profiler.enable');
inspector?.post('Profiler.setSamplingInterval', { interval: 50 });
let profiles = 0;
const post = (method: string) =>
  new Promise<unknown>((resolve, reject) =>
    inspector?.post(method, (err, result) => (err ? reject(err) : resolve(result))),
  );

// The measurement: armed before each round's trigger; reports once the last poll's response has finished.
let expected = 0;
let done = 0;
let started = 0;
let cpu: NodeJS.CpuUsage | undefined;
subscribe('http.server.request.start', (m) => {
  if (expected > 0 && isTrigger((m as { request: IncomingMessage }).request.url)) {
    started = performance.now();
    cpu = process.cpuUsage();
  }
});
subscribe('http.server.response.finish', (m) => {
  if (expected === 0 || isTrigger((m as { request: IncomingMessage }).request.url)) return;
  if (++done < expected) return;
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  expected = 0;
  if (!inspector) send({ ms, cpuUs: used.user + used.system });
  else {
    void post('Profiler.stop').then((r) => {
      const file = join(profileDir!, `fanout-${kind}-${++profiles}.cpuprofile`);
      writeFileSync(file, JSON.stringify((r as { profile: unknown }).profile));
      send({ ms, cpuUs: used.user + used.system });
    });
  }
});

process.on('message', (m: Message) => {
  if (m.op === 'parked') send({ parked: parked() });
  else if (m.op === 'sockets') {
    send({ sockets: process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length });
  } else if (m.op === 'arm') {
    // No forced full GC here. One right before the trigger deoptimised node's response path in both servers each
    // round (`--trace-deopt`: "weak objects", the maps that code embeds died with the previous round's responses),
    // so every round measured re-optimisation on V8's helper threads instead of the answer (docs/performance.md §3).
    expected = m.polls;
    done = 0;
    if (!inspector) send({ armed: true });
    else void post('Profiler.start').then(() => send({ armed: true }));
  }
});
process.on('disconnect', () => process.exit(0)); // never outlive the bench, even when it failed
send({ port });
