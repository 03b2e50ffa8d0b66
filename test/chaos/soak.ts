/**
 * `npm run soak` (not in CI; docs/testing.md §1): the chaos run of `chaos.test.ts` for a configurable time, the
 * server killed with SIGKILL and restarted every `SOAK_KILL_EVERY` publishes, printing RSS and counts each minute.
 *
 *   SOAK_MINUTES=30 npm run soak        # default 10 minutes; SOAK_KILL_EVERY (default 20000), SOAK_SEED (17)
 *
 * Exits 1 when an acknowledged message was lost or duplicated or a channel went out of order. The checker keeps
 * one small record per message, so this process grows by a few MB per 100,000 messages; the server's RSS is the
 * figure to watch.
 */
import { chaosFaults } from './faults.js';
import { runNodeChaos } from './node-chaos.js';
import { startChaosServer } from './server-process.js';

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const killEvery = Number(process.env.SOAK_KILL_EVERY ?? 20_000);
const seed = Number(process.env.SOAK_SEED ?? 17);
if (!(minutes > 0) || !(killEvery > 0) || !Number.isInteger(seed)) {
  console.error('soak: SOAK_MINUTES and SOAK_KILL_EVERY must be positive numbers, SOAK_SEED a whole number');
  process.exit(2);
}

const chaos = await startChaosServer(seed, chaosFaults(seed));
const server = chaos.server;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
let failed = false;
try {
  console.log(`soak: ${minutes} min, server ${server.url}, kill every ${killEvery} publishes, seed ${seed}`);
  const report = await runNodeChaos({
    server,
    channels: 20,
    inFlight: 64,
    messages: Number.MAX_SAFE_INTEGER,
    durationMs: minutes * 60_000,
    killAt: (n) => n % killEvery === 0,
    settleMs: 30_000,
    tickMs: 60_000,
    onTick: (r) => {
      const min = Math.round(r.elapsedMs / 60_000);
      console.log(
        `[${min} min] rss ${mb(process.memoryUsage().rss)} MB, server rss ${r.serverRssMb.at(-1) ?? '?'} MB; ` +
          `published ${r.attempted}, acked ${r.acknowledged}, received ${r.received}, duplicated ${r.duplicated}, ` +
          `out of order ${r.outOfOrder}, restarts ${r.restarts}, reconnects ${r.reconnects}`,
      );
    },
  });
  const { heapMb, serverRssMb, ...counts } = report;
  console.log(`soak done: ${JSON.stringify(counts)}`);
  console.log(`server RSS MB by minute: ${serverRssMb.join(' ')}`);
  failed = report.lost > 0 || report.duplicated > 0 || report.outOfOrder > 0;
} finally {
  await chaos.dispose();
}
process.exit(failed ? 1 : 0);
