/**
 * Issue 10: p-queue for the per-channel publish lanes, unless it costs more than 5% CPU per publish. Both queues
 * (`PublishQueue`, hand-written, and `PublishLanes`, on p-queue) run in the same process against the same responder
 * (a child process, so only client CPU counts), over the same `UndiciTransport`, alternating for ROUNDS rounds and
 * keeping each one's best round. Reports CPU per publish at 1 and at 64 in flight on one channel.
 *
 *   node --conditions=source --import tsx bench/publish-lanes.ts
 */
import { buildPublish, type InFlight, type PnRequest, type PnResponse, parsePublish } from '@pubkit/core';
import { PublishQueue, UndiciTransport } from '@pubkit/node';
import { PublishLanes } from './support/p-queue-lanes.js';
import { measure, spawnResponder } from './support/spawn-responder.js';

const N = Number(process.env.BENCH_PUBLISHES ?? 5_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

interface Lanes {
  push<T>(channel: string, request: PnRequest, parse: (res: PnResponse) => T): Promise<T>;
}

export async function benchPublishLanes(): Promise<{ serialRatio: number; parallelRatio: number }> {
  const responder = await spawnResponder();
  const transport = new UndiciTransport({ origin: responder.url });
  const send = (request: PnRequest): InFlight => transport.sendOrdered(request);
  const queues: Record<'hand' | 'pqueue', Lanes> = {
    hand: new PublishQueue(send, { depth: transport.orderedDepth }),
    pqueue: new PublishLanes(send, { depth: transport.orderedDepth }),
  };
  const ctx = {
    publishKey: 'pub',
    subscribeKey: 'sub',
    uuid: 'bench',
    authKey: undefined,
    pnsdk: 'bench',
    requestTimeoutMs: 10_000,
    subscribeTimeoutMs: 310_000,
    cipher: undefined,
  };
  const once = (lanes: Lanes) =>
    lanes.push('bench', buildPublish({ channel: 'bench', message: { n: 1 } }, ctx), parsePublish);
  const serial = async (lanes: Lanes) => {
    for (let i = 0; i < N; i++) await once(lanes);
  };
  const parallel = async (lanes: Lanes) => {
    let left = N;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (left-- > 0) await once(lanes);
      }),
    );
  };
  type M = { cpuUs: number; wallMs: number };
  const best = (a: M | undefined, b: M): M => (a === undefined || b.cpuUs < a.cpuUs ? b : a);
  const results: Record<string, M | undefined> = {};
  try {
    await serial(queues.hand);
    await serial(queues.pqueue);
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of ['hand', 'pqueue'] as const) {
        results[`${name}1`] = best(results[`${name}1`], await measure(() => serial(queues[name])));
        results[`${name}64`] = best(results[`${name}64`], await measure(() => parallel(queues[name])));
      }
    }
    const us = (key: string) => (results[key]?.cpuUs ?? Number.NaN) / N;
    const serialRatio = us('pqueue1') / us('hand1');
    const parallelRatio = us('pqueue64') / us('hand64');
    console.log(`publish lanes, ${N} publishes x best of ${ROUNDS} rounds, one channel (responder in a child process)`);
    console.log(
      `  1 in flight   hand-written ${us('hand1').toFixed(1)} µs CPU/publish, p-queue ${us('pqueue1').toFixed(1)} µs  (${((serialRatio - 1) * 100).toFixed(1)}%)`,
    );
    console.log(
      `  64 in flight  hand-written ${us('hand64').toFixed(1)} µs CPU/publish, p-queue ${us('pqueue64').toFixed(1)} µs  (${((parallelRatio - 1) * 100).toFixed(1)}%)`,
    );
    return { serialRatio, parallelRatio };
  } finally {
    await transport.close();
    responder.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPublishLanes();
