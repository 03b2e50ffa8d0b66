/**
 * Socket.IO fan-out: one upstream message to BENCH_CLIENTS (default 1,000) socket.io clients in one room, time
 * until the last one has it, p50 over 50 messages, against a raw `io.to(room).emit` of the same payload, measured
 * in the same run (rounds interleaved, so drift hits both). The upstream is an in-process stub that calls the
 * bridge's subscribe callback directly: what is compared is the bridge against socket.io, not the network.
 * Also: server heap per connection, a raw socket.io socket that asked to join a room against the same socket
 * bridged and subscribed to one channel, each in one room when sampled (`support/socketio-rig.ts` says why the
 * floor joins on a request). Loopback only; the clients run in a child process (`socketio-clients.ts`). Each of the
 * rounds of `support/rounds.ts` starts a fresh server and clients child and reports its own ratios (issue 18:
 * memory ≤ 1.1×).
 *
 *   node --expose-gc --conditions=source --import tsx bench/socketio-fanout.ts
 */
import { type BridgeClient, createBridge, type UpstreamListeners } from '@pubkit/socketio';
import { median, printRows, ROUNDS, type Row, size } from './support/rounds.js';
import { heapUsed, RAW_ROOM, startSocketioRig } from './support/socketio-rig.js';

const CLIENTS = size('BENCH_CLIENTS', 1_000, 300);
const MESSAGES = size('BENCH_SOCKETIO_MESSAGES', 20, 10);
const WARMUP = 3;
const PAYLOAD = { text: 'x'.repeat(200), user: 'bench' };

/** One round: a fresh server and clients; heap per socket raw and bridged, p50 fan-out time of each. */
async function round(): Promise<{ perRaw: number; perBridged: number; rawMs: number; bridgedMs: number }> {
  /** The stub upstream: `send` delivers one message to every subscription of the channel, synchronously. */
  const listeners = new Map<string, UpstreamListeners>();
  let tt = 17_000_000_000_000_000n;
  const upstream: BridgeClient = {
    subscribe(channels, l) {
      for (const c of channels) listeners.set(c, l);
      setImmediate(() => l.connect?.());
      return {
        unsubscribe: () => {
          for (const c of channels) listeners.delete(c);
        },
      };
    },
    publish: async () => [1, 'Sent', '0'],
    async *iterateHistory() {}, // a bench upstream with no stored messages
  };
  const send = (channel: string, message: unknown) => {
    tt += 1n;
    listeners.get(channel)?.callback(message, channel, { timetoken: tt.toString(), publisher: 'bench' });
  };
  let heapEmpty = 0;
  const rig = await startSocketioRig(CLIENTS, () => {
    heapEmpty = heapUsed();
  });
  await rig.command({ join: RAW_ROOM }, `joined:${CLIENTS}`);
  const heapRaw = heapUsed();
  const bridge = createBridge(rig.io, upstream, { authorize: () => true });
  await rig.command({ subscribe: 'bench' }, `subscribed:${CLIENTS}`);
  // One room each on both sides: while the heap is sampled the bridged sockets are in the bridge's room only.
  for (const socket of rig.nsp.sockets.values()) void socket.leave(RAW_ROOM);
  const heapBridged = heapUsed();
  for (const socket of rig.nsp.sockets.values()) void socket.join(RAW_ROOM);

  let id = 0;
  const time = async (emit: (payload: unknown) => void) => {
    const n = ++id;
    const done = rig.answer(`done:${n}`, 30_000);
    const started = performance.now();
    emit({ ...PAYLOAD, id: n });
    await done;
    return performance.now() - started;
  };
  const raw: number[] = [];
  const bridged: number[] = [];
  for (let i = 0; i < WARMUP + MESSAGES; i++) {
    const r = await time((payload) => rig.io.to(RAW_ROOM).emit('raw', payload));
    const b = await time((payload) => send('bench', payload));
    if (i >= WARMUP) {
      raw.push(r);
      bridged.push(b);
    }
  }
  bridge.close();
  await rig.close();
  return {
    perRaw: (heapRaw - heapEmpty) / CLIENTS,
    perBridged: (heapBridged - heapEmpty) / CLIENTS,
    rawMs: median(raw),
    bridgedMs: median(bridged),
  };
}

/** The Socket.IO rows: heap per bridged socket over a raw one, and fan-out p50 over `io.to(room).emit`. */
export async function benchSocketio(): Promise<Row[]> {
  const memory: number[] = [];
  const fanout: number[] = [];
  const perBridged: number[] = [];
  const perRaw: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const one = await round();
    memory.push(one.perBridged / one.perRaw);
    fanout.push(one.bridgedMs / one.rawMs);
    perBridged.push(one.perBridged);
    perRaw.push(one.perRaw);
  }
  const kib = (b: number) => (b / 1024).toFixed(1);
  return [
    {
      measure: 'Socket.IO bridge memory per socket',
      floor: 'raw socket.io connection',
      ratios: memory,
      goal: { op: '<=', value: 1.1 },
      detail: `(${kib(median(perBridged))} vs ${kib(median(perRaw))} KiB heap, ${CLIENTS} sockets${globalThis.gc ? '' : ', no --expose-gc: noisy'})`,
    },
    {
      measure: `  Socket.IO fan-out to ${CLIENTS} clients, p50`,
      floor: 'raw io.to(room).emit',
      ratios: fanout,
      goal: { op: '<=', value: 1.15 },
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) printRows(await benchSocketio());
