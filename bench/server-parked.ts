/**
 * Idle parked long-polls: RSS per parked subscribe in a server child process, pubkit-server vs a plain node:http
 * handler that simply never answers (issue 18 goal: ≤ 9.5 KiB each, ≤ 0.5 KiB over plain). The clients are raw
 * sockets in this process; each server runs in its own child (a fresh one per round) so its RSS is measured alone.
 * Bounded by BENCH_PARKED (default 10,000, 2,000 in quick mode, capped by the fd limit), spread over BENCH_CHANNELS
 * channels (default 100); loopback only. `parkedRss` is also what docs/performance.md's scale figures come from.
 *
 *   node --conditions=source --import tsx bench/server-parked.ts
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import { writeHeapSnapshot } from 'node:v8';
import { startServer } from '@pubkit/server';
import { median, printRows, ROUNDS, type Row, size } from './support/rounds.js';

const COUNT = size('BENCH_PARKED', 10_000, 2_000);
const CHANNELS = size('BENCH_CHANNELS', 100, 100);

if (process.argv[2] === 'child') {
  const kind = process.argv[3];
  let port: number;
  let parked = () => held.length;
  const held: unknown[] = [];
  if (kind === 'pubkit') {
    const server = await startServer({ port: 0, pollTimeoutMs: 600_000 });
    port = server.port;
    parked = () => server.stats().parked;
  } else {
    const plain = createServer((_req, res) => held.push(res));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    port = (plain.address() as { port: number }).port;
  }
  // A message is a sample request: after a full GC, the RSS and the polls parked, and a heap snapshot when the
  // message names a file (`bench/profile-parked.ts`).
  process.on('message', (m: { snapshot?: string }) => {
    globalThis.gc?.();
    if (m.snapshot !== undefined) writeHeapSnapshot(m.snapshot);
    process.send?.({ rss: process.memoryUsage().rss, parked: parked() });
  });
  process.on('disconnect', () => process.exit(0)); // never outlive the bench, even when it failed
  process.send?.({ port });
}

/** A server child (a fresh process): its port, samples after a full GC, and the end of it. */
export interface ServerChild {
  readonly port: number;
  /** RSS and parked polls; with `snapshot`, a heap snapshot is written there first. */
  sample(snapshot?: string): Promise<{ rss: number; parked: number }>;
  close(): Promise<void>;
}

/** Starts a pubkit-server or a plain node:http server that never answers, in a child process of its own. */
export async function serverChild(kind: 'plain' | 'pubkit'): Promise<ServerChild> {
  const child = fork(new URL(import.meta.url).pathname, ['child', kind], {
    execArgv: ['--conditions=source', '--import', 'tsx', '--expose-gc'],
  });
  const next = () =>
    new Promise<{ port?: number; rss?: number; parked?: number }>((resolve) => child.once('message', resolve));
  const { port } = await next();
  return {
    port: port!,
    async sample(snapshot) {
      child.send(snapshot === undefined ? {} : { snapshot });
      const got = await next();
      return { rss: got.rss!, parked: got.parked! };
    },
    async close() {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** Opens raw sockets `from`..`to` to `port`, each with one idle v2 subscribe (its own uuid) on one of `channels`. */
export async function parkPolls(port: number, from: number, to: number, channels: number, into: Socket[]) {
  for (let i = from; i < to; i++) {
    const s = connect(port, '127.0.0.1');
    s.on('error', () => {});
    s.write(`GET /v2/subscribe/sub/idle-${i % channels}/0?tt=17000000000000000&uuid=u${i} HTTP/1.1\r\nHost: x\r\n\r\n`);
    into.push(s);
    if (i % 500 === 499) await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Warms a server child up (the first requests load and compile the route code, a fixed cost that is not per poll),
 * takes the "before" sample, parks `count` polls and waits until they are all parked (up to 90 s: on a loaded
 * machine the server takes seconds to accept and park 10,000, and a connection still in the kernel's accept queue
 * costs the process nothing yet), then takes the "after" sample. Returns the samples and the polls really parked.
 */
export async function parkAndSample(
  server: ServerChild,
  kind: 'plain' | 'pubkit',
  count: number,
  channels: number,
  snapshots?: { before: string; after: string },
): Promise<{ before: number; after: number; parked: number; sockets: Socket[] }> {
  const warm: Socket[] = [];
  await parkPolls(server.port, 0, 200, channels, warm);
  await new Promise((r) => setTimeout(r, 300));
  for (const s of warm) s.destroy();
  await new Promise((r) => setTimeout(r, 300));
  const before = (await server.sample(snapshots?.before)).rss;
  const sockets: Socket[] = [];
  await parkPolls(server.port, 0, count, channels, sockets);
  // The plain handler keeps the warm-up responses too.
  const extra = kind === 'pubkit' ? 0 : warm.length;
  const until = performance.now() + 90_000;
  let parked = (await server.sample()).parked - extra;
  while (parked < count && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    parked = (await server.sample()).parked - extra;
  }
  await new Promise((r) => setTimeout(r, 500));
  const sampled = await server.sample(snapshots?.after);
  return { before, after: sampled.rss, parked: sampled.parked - extra, sockets };
}

/** RSS (bytes) one server child grows by per idle parked long-poll: `count` polls over `channels` channels. */
export async function parkedRss(kind: 'plain' | 'pubkit', count: number, channels: number): Promise<number> {
  const server = await serverChild(kind);
  const { before, after, parked, sockets } = await parkAndSample(server, kind, count, channels);
  // Under 90 % parked is not a measurement.
  if (parked < count * 0.9) throw new Error(`bench: only ${parked} of ${count} polls parked (${kind})`);
  for (const s of sockets) s.destroy();
  await server.close();
  return (after - before) / parked;
}

/** The parked-poll row: pubkit's RSS per parked poll over plain node:http's, per round (fresh children each). */
export async function benchParked(): Promise<Row[]> {
  const ratios: number[] = [];
  const plain: number[] = [];
  const ours: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    plain.push(await parkedRss('plain', COUNT, CHANNELS));
    ours.push(await parkedRss('pubkit', COUNT, CHANNELS));
    ratios.push(ours[round]! / plain[round]!);
  }
  const kib = (b: number) => (b / 1024).toFixed(2);
  const own = median(ours) - median(plain);
  return [
    {
      measure: `server RSS per idle parked long-poll (${COUNT})`,
      floor: 'plain node:http',
      ratios,
      // The goal is absolute (≤ 9.5 KiB when plain costs 9.0): as a ratio, 9.5 / 9.0.
      goal: { op: '<=', value: 1.06 },
      detail: `(pubkit ${kib(median(ours))} KiB, plain ${kib(median(plain))} KiB, pubkit's own ${kib(own)} KiB; goal ≤ 0.5 KiB own)`,
    },
  ];
}

if (process.argv[2] !== 'child' && import.meta.url === `file://${process.argv[1]}`) printRows(await benchParked());
