/**
 * Subscriber CPU per delivered message (issue 18 goal: ≤ 1.2× the floor), in the same run:
 * - floor: a raw long-poll loop, undici `Pool.request` of the same `/v2/subscribe` URL + `JSON.parse`, following
 *   `t.t`/`t.r` until every message has arrived, on a connection it opens in the measured part as pubkit does;
 * - pubkit: `Pubnub.subscribe` with a `callback`, receiving the same backlog;
 * - pubkit with a client-wide `message` listener (`addListener`, issue 12) counting instead, subscribed in the
 *   official SDK's form without a per-call callback: what reading each envelope into a listener event costs. (Until
 *   round two of issue 18 this row also kept a no-op callback, so it paid both paths.)
 * Both read a backlog of BENCH_MESSAGES (default 10,000) messages pre-filled on the local `@pubkit/server` (in a
 * child process, so only client CPU is counted) after their cursor was taken, which the server answers 100 per
 * response (its MAX_BATCH). The client takes its cursor with a normal subscribe (handshake), then `disconnect()`s
 * (the cursor is kept), the backlog is published, and `reconnect()` starts the measured part: it resumes from that
 * old cursor exactly as after a network outage. Loopback only; WARMUP rounds first (not reported), then the rounds of
 * `support/rounds.ts`, each on fresh channels, each reporting its own ratio. The three sides rotate through the three
 * places of a round (until round four of issue 18 the listener side always ran last, right after the callback side).
 *
 * Each side keeps one client (pubkit) or one connection pool (the floor) and one counting function for the whole
 * run, as a long-running subscriber does: until round four of issue 18 every round made new ones, and V8's optimized
 * code, which refers weakly to the functions and objects it was specialised for, was thrown away by each major
 * collection once the last round's client was dead; the next measured part compiled the receive path again, on both
 * sides but mostly on pubkit's, which has more of its own code (docs/performance.md §2).
 *
 * Why several warm-up rounds: the per-response functions (request building, the machine's step, the response
 * handler) run only 100 times per round of 10,000 messages, so V8 takes several rounds to reach the tiers a
 * long-running subscriber runs in. One warm-up round measured pubkit mid-way (CPU per message by round on a quiet
 * machine: 5.2, 3.1, 2.8, 2.5, 2.7, 2.6, 2.4, 2.4 µs; the raw loop, one async function, is steady from its second
 * round), which is what made this row swing from run to run (docs/performance.md §2). Why so many (16): the floor's
 * per-response code is undici's `Pool.request` and `body.text()`, the very calls the backlog fills make 10,000
 * times per side and round, so it reaches its top tier in the first round; pubkit's per-response functions run only
 * in the measured parts, 100 times per side and round, and `--trace-opt` showed V8 still optimizing them (the
 * exchange's callbacks, the poll, the step, the dedupe window's append) up to the tenth round and a few until the
 * twentieth. A subscriber that runs for hours runs them optimized.
 *
 *   node --conditions=source --import tsx bench/client-subscribe.ts
 */
import { Pool } from 'undici';
import { backlogSubscriber } from './support/backlog-subscriber.js';
import { printRows, ROUNDS, type Row, size } from './support/rounds.js';
import { measure, spawnResponder } from './support/spawn-responder.js';

const N = size('BENCH_MESSAGES', 10_000, 3_000);
/** Rounds run before the reported ones, each side (see the file header). @default 16 (quick: 32 of the smaller rounds) */
const WARMUP = size('BENCH_WARMUP', 16, 32);
const SUB = 'sub';
const SIDES = ['raw', 'ours', 'listener'] as const;
const message = (i: number) => ({ text: 'hello from the bench', n: i, tags: ['a', 'b'], at: '17000000000000000' });

interface SubscribeBody {
  t: { t: string; r: number };
  m: unknown[];
}

/** The subscriber row (callback) and the same with a client-wide `message` listener. */
export async function benchSubscribe(): Promise<Row[]> {
  const server = await spawnResponder('subscribe-server.ts', { BENCH_QUEUE: String(N + 100) });
  const pool = new Pool(server.url, { pipelining: 1, connections: 64 });
  const get = async (path: string): Promise<string> => {
    const res = await pool.request({ path, method: 'GET' });
    return res.body.text();
  };
  const fill = async (channel: string): Promise<void> => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < N) {
          const json = encodeURIComponent(JSON.stringify(message(next++)));
          await get(`/publish/pub/${SUB}/0/${channel}/0/${json}?uuid=filler`);
        }
      }),
    );
  };

  // Each side keeps one client for the whole run, as a long-running subscriber does (see the file header).
  // Like pubkit's client, which resumes on a new connection (its `disconnect()` ended the poll in flight and so its
  // socket), the floor resumes on a connection opened inside the measured part: its one-connection pool's socket is
  // closed after each round by a last request that does not keep the connection alive (`reset`).
  const resumed = new Pool(server.url, { pipelining: 1, connections: 1 });
  const raw = async (channel: string): Promise<{ cpuUs: number }> => {
    const hsText = await get(`/v2/subscribe/${SUB}/${channel}/0?uuid=bench&pnsdk=raw`);
    const hs = JSON.parse(hsText) as SubscribeBody;
    if (hs.t === undefined) throw new Error(`unexpected handshake answer: ${hsText.slice(0, 200)}`);
    await fill(channel);
    let cursor = hs.t;
    let received = 0;
    const cpu = await measure(async () => {
      while (received < N) {
        const path = `/v2/subscribe/${SUB}/${channel}/0?tt=${cursor.t}&tr=${cursor.r}&uuid=bench&pnsdk=raw`;
        const text = await (await resumed.request({ path, method: 'GET' })).body.text();
        const body = JSON.parse(text) as SubscribeBody;
        if (body.t === undefined) throw new Error(`unexpected subscribe answer: ${text.slice(0, 200)}`);
        received += body.m.length;
        cursor = body.t;
      }
    });
    await (await resumed.request({ path: '/time/0', method: 'GET', reset: true })).body.text();
    return cpu;
  };

  const subscribers = {
    ours: backlogSubscriber(server.url, N, false),
    listener: backlogSubscriber(server.url, N, true),
  };
  const ours = async (channel: string, side: 'ours' | 'listener'): Promise<{ cpuUs: number }> => {
    const subscriber = subscribers[side];
    await subscriber.prepare(channel);
    await fill(channel);
    return measure(() => subscriber.resume());
  };

  try {
    // Warm-up (JIT tiers, connections): the first WARMUP rounds are not reported.
    const cpu: number[] = [];
    const listener: number[] = [];
    let rawUs = 0;
    let oursUs = 0;
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      // The three sides take turns in each place of the round (raw, callback, listener; then callback, listener,
      // raw; …), so what a place costs (the garbage the side before it left, where a burst of load tends to land)
      // falls on each side alike instead of always on the same one (docs/performance.md §2).
      const measured = { raw: { cpuUs: 0 }, ours: { cpuUs: 0 }, listener: { cpuUs: 0 } };
      for (let place = 0; place < 3; place++) {
        const side = SIDES[(place + round) % 3]!;
        measured[side] = side === 'raw' ? await raw(`raw-${round}`) : await ours(`${side}-${round}`, side);
      }
      const { raw: r, ours: o, listener: l } = measured;
      if (round < WARMUP) continue;
      cpu.push(o.cpuUs / r.cpuUs);
      listener.push(l.cpuUs / r.cpuUs);
      rawUs += r.cpuUs / N / ROUNDS;
      oursUs += o.cpuUs / N / ROUNDS;
    }
    return [
      {
        measure: 'subscriber CPU per message, 100 per response',
        floor: 'raw long-poll + JSON.parse',
        ratios: cpu,
        goal: { op: '<=', value: 1.2 },
        detail: `(${oursUs.toFixed(2)} vs ${rawUs.toFixed(2)} µs, ${N} messages per round)`,
      },
      {
        measure: '  the same through a message listener',
        floor: 'raw long-poll + JSON.parse',
        ratios: listener,
        goal: { op: '<=', value: 1.2 },
      },
    ];
  } finally {
    await Promise.all([subscribers.ours.client.close(), subscribers.listener.client.close(), resumed.destroy()]);
    await pool.destroy();
    server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printRows(await benchSubscribe());
