/**
 * Where the Socket.IO bridge's memory per socket goes: heap snapshots of the server process with BENCH_CLIENTS
 * (default 1,000) socket.io clients connected raw (each joined to one room on request, `socketio-fanout.ts`'s
 * floor), then bridged, then subscribed to one channel (and out of the raw room, as the bench samples it), then
 * after 20 messages relayed to every socket, diffed
 * by constructor (self sizes of the objects, closures, arrays and strings that appeared), printed per socket. The
 * rig is the bench's (`support/socketio-rig.ts`).
 * BENCH_PROFILE_DIR keeps the `.heapsnapshot` files for Chrome DevTools (docs/performance.md §8 says what it shows).
 *
 *   node --expose-gc --conditions=source --import tsx bench/profile-socketio-heap.ts
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { type BridgeClient, createBridge, type UpstreamListeners } from '@pubkit/socketio';
import { RAW_ROOM, startSocketioRig } from './support/socketio-rig.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1_000);
const DIR = process.env.BENCH_PROFILE_DIR;

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Self bytes and counts per `type:name` of every node of a snapshot file. */
function census(file: string): Map<string, { bytes: number; count: number }> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = data.snapshot.meta.node_fields;
  const types = data.snapshot.meta.node_types[0];
  const width = fields.length;
  const [t, n, s] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const out = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < data.nodes.length; i += width) {
    const type = types[data.nodes[i + t]!]!;
    // Strings and numbers are named by their content: one bucket per type is what a census wants.
    const name =
      type === 'string' || type === 'number' || type === 'concatenated string' ? '' : data.strings[data.nodes[i + n]!]!;
    const key = `${type}:${name.length > 60 ? `${name.slice(0, 57)}...` : name}`;
    const entry = out.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += data.nodes[i + s]!;
    entry.count += 1;
    out.set(key, entry);
  }
  return out;
}

function snapshot(label: string): string {
  globalThis.gc?.();
  globalThis.gc?.();
  const file = join(DIR ?? tmpdir(), `socketio-${label}-${CLIENTS}.heapsnapshot`);
  writeHeapSnapshot(file);
  return file;
}

/** Prints the buckets that grew from `before` to `after`, per socket, largest first. */
function diff(title: string, before: string, after: string): void {
  const a = census(before);
  const b = census(after);
  const rows: Array<[string, number, number]> = [];
  let total = 0;
  for (const [key, { bytes, count }] of b) {
    const old = a.get(key) ?? { bytes: 0, count: 0 };
    const grew = bytes - old.bytes;
    total += grew;
    if (Math.abs(grew) / CLIENTS >= 4) rows.push([key, grew / CLIENTS, (count - old.count) / CLIENTS]);
  }
  rows.sort((x, y) => y[1] - x[1]);
  console.log(`\n${title}: ${(total / CLIENTS).toFixed(0)} B per socket (self sizes, ${CLIENTS} sockets)`);
  for (const [key, perSocket, objects] of rows) {
    console.log(`  ${perSocket.toFixed(1).padStart(8)} B  ${objects.toFixed(2).padStart(6)} objs  ${key}`);
  }
}

let relay: UpstreamListeners | undefined;
const upstream: BridgeClient = {
  subscribe(_channels, l) {
    relay = l;
    setImmediate(() => l.connect?.());
    return { unsubscribe: () => undefined };
  },
  publish: async () => [1, 'Sent', '0'],
  async *iterateHistory() {}, // no stored messages
};
let empty = '';
const rig = await startSocketioRig(CLIENTS, () => {
  empty = snapshot('empty');
});
await rig.command({ join: RAW_ROOM }, `joined:${CLIENTS}`);
const raw = snapshot('raw');
const bridge = createBridge(rig.io, upstream, { authorize: () => true });
const attached = snapshot('attached');
await rig.command({ subscribe: 'bench' }, `subscribed:${CLIENTS}`);
for (const socket of rig.nsp.sockets.values()) void socket.leave(RAW_ROOM);
const bridged = snapshot('bridged');
// Then 20 messages to every socket, each waited for: what a socket keeps after traffic (nothing, when it kept up).
for (let id = 1; id <= 20; id++) {
  const done = rig.answer(`done:${id}`, 30_000);
  relay?.callback({ id, text: 'x'.repeat(200) }, 'bench', { timetoken: String(17e15 + id) });
  await done;
}
const traffic = snapshot('traffic');

diff('raw socket.io connection, one room (empty -> raw)', empty, raw);
diff('bridge attached, nothing subscribed (raw -> attached)', raw, attached);
diff('subscribed to one channel, out of the raw room (attached -> bridged)', attached, bridged);
diff("bridge's own, total (raw -> bridged)", raw, bridged);
diff('after 20 messages to every socket (bridged -> traffic)', bridged, traffic);

bridge.close();
await rig.close();
if (DIR === undefined) for (const file of [empty, raw, attached, bridged, traffic]) rmSync(file);
