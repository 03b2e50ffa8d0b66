/**
 * Idle parked long-polls: RSS per parked subscribe in a server child process, pubkit-server vs a plain node:http
 * handler that simply never answers (goal ≤ 8 KiB each). The clients are raw sockets in this process; each server
 * runs in its own child so its RSS is measured alone. Bounded by BENCH_PARKED (default 10,000, capped by the fd
 * limit), loopback only.
 *
 *   node --conditions=source --import tsx bench/server-parked.ts
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import { startServer } from '@pubkit/server';

const COUNT = Number(process.env.BENCH_PARKED ?? 10_000);

if (process.argv[2] === 'child') {
  const kind = process.argv[3];
  let port: number;
  if (kind === 'pubkit') {
    const server = await startServer({ port: 0, pollTimeoutMs: 600_000 });
    port = server.port;
  } else {
    const held: unknown[] = [];
    const plain = createServer((_req, res) => held.push(res));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    port = (plain.address() as { port: number }).port;
  }
  process.on('message', () => {
    globalThis.gc?.();
    process.send?.({ rss: process.memoryUsage().rss });
  });
  process.send?.({ port });
} else {
  const measure = async (kind: string) => {
    const child = fork(new URL(import.meta.url).pathname, ['child', kind], {
      execArgv: ['--conditions=source', '--import', 'tsx', '--expose-gc'],
    });
    const next = () => new Promise<{ port?: number; rss?: number }>((resolve) => child.once('message', resolve));
    const { port } = await next();
    const sample = async () => {
      child.send('rss');
      return (await next()).rss!;
    };
    await new Promise((r) => setTimeout(r, 300));
    const before = await sample();
    const sockets: Socket[] = [];
    for (let i = 0; i < COUNT; i++) {
      const s = connect(port!, '127.0.0.1');
      s.on('error', () => {});
      s.write(`GET /v2/subscribe/sub/idle-${i % 100}/0?tt=17000000000000000&uuid=u${i} HTTP/1.1\r\nHost: x\r\n\r\n`);
      sockets.push(s);
      if (i % 500 === 499) await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 1500));
    const after = await sample();
    for (const s of sockets) s.destroy();
    child.kill();
    return (after - before) / COUNT;
  };
  const plain = await measure('plain');
  const ours = await measure('pubkit');
  console.log(`idle parked long-polls: ${COUNT}`);
  console.log(`  plain node:http   ${(plain / 1024).toFixed(2)} KiB RSS each`);
  console.log(`  pubkit-server     ${(ours / 1024).toFixed(2)} KiB RSS each (goal <= 8 KiB)`);
  console.log(`  ratio             ${(ours / plain).toFixed(2)}x`);
}
