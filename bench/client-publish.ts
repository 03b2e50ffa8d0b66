/**
 * Client publish cost against the floor, in the same run (issue 4 goals):
 * - CPU per publish at 1 in flight: `Pubnub.publish` vs a raw undici Pool loop sending the same GET (issue 18 goal
 *   ≤ 1.1×, every round);
 * - throughput with 64 in flight to one channel vs the raw Pool with 64 concurrent requests (goal ≥ 0.95×).
 * The responder runs in a child process so only client CPU is counted. Loopback, bounded by BENCH_PUBLISHES;
 * floor and pubkit alternate in each of the rounds (`support/rounds.ts`), each round's ratio is reported. The CPU
 * row alternates in ten slices within each round (`measureInterleaved`): its goal holds for every round, and a
 * round measured as one block per side was decided by whichever side a burst of outside load happened to hit.
 *
 *   node --conditions=source --import tsx bench/client-publish.ts
 */
import { Pubnub } from '@pubkit/node';
import { Pool } from 'undici';
import { printRows, ROUNDS, type Row, size } from './support/rounds.js';
import { measure, measureInterleaved, spawnResponder } from './support/spawn-responder.js';

const N = size('BENCH_PUBLISHES', 5_000, 1_500);
const message = { text: 'hello', n: 1 };

/** The two publish rows: CPU per publish at 1 in flight, throughput at 64 in flight. */
export async function benchPublish(): Promise<Row[]> {
  const responder = await spawnResponder();
  const pool = new Pool(responder.url, { pipelining: 1, connections: 128 });
  const client = new Pubnub({ publishKey: 'pub', subscribeKey: 'sub', origin: responder.url, uuid: 'bench' });
  // The same request the client sends (docs/protocol.md §2.2), built once per call like a hand-rolled loop would.
  const rawOnce = async (): Promise<void> => {
    const path = `/publish/pub/sub/0/bench/0/${encodeURIComponent(JSON.stringify(message))}?uuid=bench&pnsdk=raw`;
    const res = await pool.request({ path, method: 'GET' });
    JSON.parse(await res.body.text());
  };
  const clientOnce = async (): Promise<void> => {
    await client.publish('bench', message);
  };
  const serial = async (once: () => Promise<void>, n: number) => {
    for (let i = 0; i < n; i++) await once();
  };
  const parallel = async (once: () => Promise<void>, n: number, width: number) => {
    let left = n;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (left-- > 0) await once();
      }),
    );
  };
  try {
    await serial(rawOnce, Math.min(N, 2000));
    await serial(clientOnce, Math.min(N, 2000));
    const cpu: number[] = [];
    const throughput: number[] = [];
    let rawCpu = 0;
    let oursCpu = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const one = await measureInterleaved(rawOnce, clientOnce, N);
      const raw64 = await measure(() => parallel(rawOnce, N, 64));
      const ours64 = await measure(() => parallel(clientOnce, N, 64));
      cpu.push(one.oursCpuUs / one.floorCpuUs);
      throughput.push(raw64.wallMs / ours64.wallMs);
      rawCpu += one.floorCpuUs / N / ROUNDS;
      oursCpu += one.oursCpuUs / N / ROUNDS;
    }
    return [
      {
        measure: 'client CPU per publish, 1 in flight',
        floor: 'raw undici Pool loop',
        ratios: cpu,
        goal: { op: '<=', value: 1.1, everyRound: true },
        detail: `(${oursCpu.toFixed(1)} vs ${rawCpu.toFixed(1)} µs, ${N} per round)`,
      },
      {
        measure: 'publish throughput, 64 in flight, one channel',
        floor: 'raw undici Pool loop',
        ratios: throughput,
        goal: { op: '>=', value: 0.95 },
      },
    ];
  } finally {
    await client.close();
    await pool.destroy();
    responder.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printRows(await benchPublish());
