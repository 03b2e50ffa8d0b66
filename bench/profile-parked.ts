/**
 * Where an idle parked long-poll's memory goes (docs/performance.md §3): heap snapshots of a pubkit-server child and
 * of a plain node:http child, each before and after parking BENCH_PARKED polls (default 2,000) over BENCH_CHANNELS
 * channels (default 100), exactly as `server-parked.ts` parks them. Prints the heap each grew by per poll and, per
 * V8 constructor (strings, numbers and code merged into one line each), how many objects and bytes pubkit added per
 * poll beyond plain node:http. The snapshots stay in BENCH_PROFILE_DIR (default the system temp directory) for
 * Chrome DevTools' comparison view.
 *
 *   node --conditions=source --import tsx bench/profile-parked.ts
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parkAndSample, serverChild } from './server-parked.js';

const COUNT = Number(process.env.BENCH_PARKED ?? 2_000);
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 100);
const DIR = process.env.BENCH_PROFILE_DIR ?? tmpdir();

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size and count per constructor (`type:name`) of a heap snapshot file. */
function byConstructor(file: string): Map<string, { count: number; bytes: number }> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [width, type, name, size] = [
    fields.length,
    fields.indexOf('type'),
    fields.indexOf('name'),
    fields.indexOf('self_size'),
  ];
  const out = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const t = types[snap.nodes[i + type]!]!;
    // Strings, numbers and code are named by their content: one line each.
    const merged = t.includes('string') || t === 'number' || t === 'code' || t === 'bigint';
    const key = merged ? t : `${t}:${snap.strings[snap.nodes[i + name]!]!.slice(0, 60)}`;
    const entry = out.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snap.nodes[i + size]!;
    out.set(key, entry);
  }
  return out;
}

/** Per constructor: objects and bytes per poll between the two snapshots. */
function growth(before: string, after: string, polls: number): Map<string, { count: number; bytes: number }> {
  const a = byConstructor(before);
  const out = new Map<string, { count: number; bytes: number }>();
  for (const [key, b] of byConstructor(after)) {
    const old = a.get(key) ?? { count: 0, bytes: 0 };
    out.set(key, { count: (b.count - old.count) / polls, bytes: (b.bytes - old.bytes) / polls });
  }
  return out;
}

const grown: Record<'plain' | 'pubkit', Map<string, { count: number; bytes: number }>> = {
  plain: new Map(),
  pubkit: new Map(),
};
for (const kind of ['plain', 'pubkit'] as const) {
  const server = await serverChild(kind);
  const files = {
    before: join(DIR, `parked-${kind}-before.heapsnapshot`),
    after: join(DIR, `parked-${kind}-after.heapsnapshot`),
  };
  const { parked, sockets } = await parkAndSample(server, kind, COUNT, CHANNELS, files);
  for (const s of sockets) s.destroy();
  await server.close();
  grown[kind] = growth(files.before, files.after, parked);
  let total = 0;
  for (const g of grown[kind].values()) total += g.bytes;
  console.log(`${kind}: ${parked} polls parked, heap +${total.toFixed(0)} B per poll (${files.after})`);
}
const rows = [...grown.pubkit].map(([key, g]) => {
  const p = grown.plain.get(key) ?? { count: 0, bytes: 0 };
  return { key, count: g.count - p.count, bytes: g.bytes - p.bytes };
});
for (const [key, p] of grown.plain) if (!grown.pubkit.has(key)) rows.push({ key, count: -p.count, bytes: -p.bytes });
rows.sort((x, y) => Math.abs(y.bytes) - Math.abs(x.bytes));
console.log('pubkit beyond plain node:http, per poll (bytes, objects, constructor):');
for (const r of rows.filter((r) => Math.abs(r.bytes) >= 4)) {
  console.log(`${r.bytes.toFixed(0).padStart(7)} ${r.count.toFixed(2).padStart(7)}  ${r.key}`);
}
