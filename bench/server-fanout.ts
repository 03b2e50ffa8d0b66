/**
 * Fan-out: BENCH_SUBSCRIBERS (default 1,000) parked v2 subscribes on one channel, one publish; time from the
 * publish until the last subscriber has its answer. Baseline: a plain node:http handler holding the same number of
 * requests and answering them all when a trigger request arrives. Loopback only; 5 rounds, median printed.
 *
 *   node --conditions=source --import tsx bench/server-fanout.ts
 */
import { Agent, createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer } from '@pubkit/server';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1_000);
const ROUNDS = 5;

function get(base: string, path: string, agent: Agent): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

async function round(base: string, pollPath: string, triggerPath: string, agent: Agent, ready: () => number) {
  const polls = Array.from({ length: SUBSCRIBERS }, () => get(base, pollPath, agent));
  while (ready() < SUBSCRIBERS) await new Promise((r) => setTimeout(r, 10));
  const started = performance.now();
  await get(base, triggerPath, agent);
  await Promise.all(polls);
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Plain baseline.
const held: ServerResponse[] = [];
const plain = createServer((req, res) => {
  if (req.url?.startsWith('/trigger')) {
    for (const r of held.splice(0)) r.end('{"t":{"t":"17000000000000001","r":1},"m":[]}');
    res.end('ok');
  } else held.push(res);
});
await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
const agent = new Agent({ keepAlive: true, maxSockets: SUBSCRIBERS + 8 });
const base: number[] = [];
for (let i = 0; i < ROUNDS; i++) base.push(await round(plainUrl, '/poll', '/trigger', agent, () => held.length));

const server = await startServer({ port: 0, pollTimeoutMs: 60_000 });
const ours: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const hs = JSON.parse(await get(server.url, '/v2/subscribe/sub/fan/0', agent)) as { t: { t: string } };
  ours.push(
    await round(
      server.url,
      `/v2/subscribe/sub/fan/0?tt=${hs.t.t}`,
      `/publish/pub/sub/0/fan/0/%22hello%22`,
      agent,
      () => server.stats().parked,
    ),
  );
}
console.log(`fan-out: one publish to ${SUBSCRIBERS} parked subscribers (median of ${ROUNDS})`);
console.log(`  plain node:http   ${median(base).toFixed(1)} ms until the last answer`);
console.log(`  pubkit-server     ${median(ours).toFixed(1)} ms until the last answer`);
console.log(`  ratio             ${(median(ours) / median(base)).toFixed(2)}x (time; lower is better)`);
agent.destroy();
await server.close();
plain.closeAllConnections();
await new Promise<void>((resolve) => plain.close(() => resolve()));
