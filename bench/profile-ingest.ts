/**
 * Profiles the server side of `server-publish.ts` only: pubkit-server (and the plain floor handler) run in a child
 * process, the 64 keep-alive connections in this one, so the child's CPU profile and `process.cpuUsage` are the
 * server's alone. Prints the server CPU per request of each side (less sensitive to a loaded machine than
 * throughput) and writes `ingest-<round>.cpuprofile` (pubkit side) to BENCH_PROFILE_DIR (default the working
 * directory) with 100 µs sampling, and `plain-<round>.cpuprofile` for the floor; open it in Chrome DevTools (docs/performance.md §3).
 *
 *   node --conditions=source --import tsx bench/profile-ingest.ts
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { startServer } from '@pubkit/server';
import { publishPath } from './server-publish.js';
import { keepAliveLoad } from './support/keep-alive-load.js';
import { captureAnswer, startPublishFloor } from './support/publish-floor.js';
import { median, ROUNDS } from './support/rounds.js';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 20_000);
/** Rounds profiled (the first ones; the CPU figures of those rounds include the profiler's own cost). */
const PROFILED = Number(process.env.BENCH_PROFILED_ROUNDS ?? 2);

type Command = { op: 'start' | 'stop'; profile: string | undefined; round: number };

if (process.argv[2] === 'child') {
  // The server process: both servers, CPU accounting and the profiler, driven by the parent's commands.
  const server = await startServer({ port: 0 });
  const plain = await startPublishFloor(await captureAnswer(server.url, publishPath(0)));
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  let cpu = process.cpuUsage();
  process.on('message', async (cmd: Command) => {
    if (cmd.op === 'start') {
      if (cmd.profile) await session.post('Profiler.start');
      cpu = process.cpuUsage();
      process.send?.({ ok: true });
      return;
    }
    const used = process.cpuUsage(cpu);
    if (cmd.profile) {
      const { profile } = await session.post('Profiler.stop');
      const file = `${cmd.profile}-${cmd.round}.cpuprofile`;
      writeFileSync(join(process.env.BENCH_PROFILE_DIR ?? '.', file), JSON.stringify(profile));
    }
    process.send?.({ cpuUs: used.user + used.system });
  });
  process.on('disconnect', async () => {
    session.disconnect();
    await server.close();
    plain.server.close();
  });
  process.send?.({ plain: plain.url, pubkit: server.url });
} else {
  const child = fork(new URL(import.meta.url).pathname, ['child'], {
    execArgv: ['--conditions=source', '--import', 'tsx'],
  });
  const answer = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
  const urls = await answer<{ plain: string; pubkit: string }>();
  const run = async (url: string, profile: string | undefined, round: number) => {
    const started = answer<{ ok: true }>();
    child.send({ op: 'start', profile, round } satisfies Command);
    await started;
    const client = process.cpuUsage();
    const rate = await keepAliveLoad(url, publishPath, TOTAL, 64);
    const used = process.cpuUsage(client);
    const stopped = answer<{ cpuUs: number }>();
    child.send({ op: 'stop', profile, round } satisfies Command);
    return { rate, cpuUs: (await stopped).cpuUs / TOTAL, clientUs: (used.user + used.system) / TOTAL };
  };
  await run(urls.plain, undefined, 0); // warm-up
  await run(urls.pubkit, undefined, 0);
  const cpuRatios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const base = await run(urls.plain, round <= PROFILED ? 'plain' : undefined, round);
    const ours = await run(urls.pubkit, round <= PROFILED ? 'ingest' : undefined, round);
    cpuRatios.push(ours.cpuUs / base.cpuUs);
    console.log(
      `round ${round}: server CPU/request plain ${base.cpuUs.toFixed(1)} µs, pubkit ${ours.cpuUs.toFixed(1)} µs ` +
        `(${(ours.cpuUs / base.cpuUs).toFixed(2)}×); req/s plain ${base.rate.toFixed(0)}, pubkit ${ours.rate.toFixed(0)}; ` +
        `client CPU/request ${base.clientUs.toFixed(1)} / ${ours.clientUs.toFixed(1)} µs`,
    );
  }
  console.log(`server CPU per request, pubkit / plain: median ${median(cpuRatios).toFixed(2)}×`);
  child.disconnect();
}
