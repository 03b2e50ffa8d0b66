/**
 * Fan-out: BENCH_SUBSCRIBERS (default 1,000) parked v2 subscribes on one channel, one publish; time from the
 * publish until the last subscriber has its answer. Baseline: a plain node:http handler holding the same number of
 * requests and, when a trigger request arrives, a raw loop writing every one of them the same body bytes pubkit
 * answered with (captured in a warm-up round). Server and clients share this process, so both sides pay the same
 * client cost; the difference is the server's. Loopback only; floor and pubkit alternate in each round
 * (`support/rounds.ts`), issue 18 goal ≤ 1.0×.
 *
 *   node --conditions=source --import tsx bench/server-fanout.ts
 */
import { Agent, createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer } from '@pubkit/server';
import { get } from './support/http-get.js';
import { printRows, ROUNDS, type Row, size } from './support/rounds.js';

const SUBSCRIBERS = size('BENCH_SUBSCRIBERS', 1_000, 1_000);

async function round(base: string, pollPath: string, triggerPath: string, agent: Agent, ready: () => number) {
  const polls = Array.from({ length: SUBSCRIBERS }, () => get(base, pollPath, agent));
  while (ready() < SUBSCRIBERS) await new Promise((r) => setTimeout(r, 10));
  const started = performance.now();
  await get(base, triggerPath, agent);
  const bodies = await Promise.all(polls);
  return { ms: performance.now() - started, body: bodies[0]! };
}

/** The fan-out row: pubkit's time to the last answer over the raw loop's, per round. */
export async function benchFanout(): Promise<Row[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: SUBSCRIBERS + 8 });
  const server = await startServer({ port: 0, pollTimeoutMs: 60_000 });
  const held: ServerResponse[] = [];
  let sameBytes = '';
  const plain = createServer((req, res) => {
    if (req.url?.startsWith('/trigger')) {
      for (const r of held.splice(0)) {
        r.writeHead(200, { 'Content-Type': 'text/javascript; charset="UTF-8"', 'Access-Control-Allow-Origin': '*' });
        r.end(sameBytes);
      }
      res.end('ok');
    } else held.push(res);
  });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  const ours = async () => {
    const hs = JSON.parse(await get(server.url, '/v2/subscribe/sub/fan/0', agent)) as { t: { t: string } };
    return round(
      server.url,
      `/v2/subscribe/sub/fan/0?tt=${hs.t.t}`,
      `/publish/pub/sub/0/fan/0/%22hello%22`,
      agent,
      () => server.stats().parked,
    );
  };
  try {
    sameBytes = (await ours()).body; // warm-up, and the bytes the floor writes
    await round(plainUrl, '/poll', '/trigger', agent, () => held.length);
    const ratios: number[] = [];
    let oursMs = 0;
    let plainMs = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const base = await round(plainUrl, '/poll', '/trigger', agent, () => held.length);
      const mine = await ours();
      ratios.push(mine.ms / base.ms);
      oursMs += mine.ms / ROUNDS;
      plainMs += base.ms / ROUNDS;
    }
    return [
      {
        measure: `one message to ${SUBSCRIBERS} parked subscribers`,
        floor: 'raw loop writing the same bytes',
        ratios,
        goal: { op: '<=', value: 1.0 },
        detail: `(${oursMs.toFixed(0)} vs ${plainMs.toFixed(0)} ms to the last answer, mean)`,
      },
    ];
  } finally {
    agent.destroy();
    await server.close();
    plain.closeAllConnections();
    await new Promise<void>((resolve) => plain.close(() => resolve()));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printRows(await benchFanout());
