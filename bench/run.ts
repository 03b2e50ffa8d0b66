/**
 * `npm run bench`: every row of issue 18's table, pubkit against the floor measured in the same run, each in ≥ 5
 * rounds (`support/rounds.ts`), then one summary line per row: median ratio, range over the rounds, goal, met or
 * not. `npm run bench -- --quick` (or `BENCH_QUICK=1`) runs smaller rounds so the whole run stays bounded. Also: the
 * p-queue lanes decision, RSS after import (needs `npm run build`: it loads dist), the App Context page and the
 * RSS of sending and downloading a 5 MiB file, client side and server side (`server-files.ts`).
 * With `--readme` the run also rewrites the README's performance table from its summary (`support/readme-table.ts`).
 *
 *   npm run bench [-- --quick] [-- --readme]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { benchCrypto } from './client-crypto.js';
import { benchFiles } from './client-files.js';
import { benchPublish } from './client-publish.js';
import { benchRss } from './client-rss.js';
import { benchSubscribe } from './client-subscribe.js';
import { benchPublishLanes } from './publish-lanes.js';
import { benchFanout } from './server-fanout.js';
import { benchServerFiles } from './server-files.js';
import { benchObjects } from './server-objects.js';
import { benchParked } from './server-parked.js';
import { benchServerPublish } from './server-publish.js';
import { benchSocketio } from './socketio-fanout.js';
import { type ExtraLine, renderTable, replaceTable } from './support/readme-table.js';
import { formatRow, QUICK, ROUNDS, type Row } from './support/rounds.js';

const loadAtStart = loadavg()[0] ?? 0;

const rows: Row[] = [];
const step = async (name: string, bench: () => Promise<Row[]>): Promise<void> => {
  const started = performance.now();
  const got = await bench();
  rows.push(...got);
  console.log(`${name} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  for (const row of got) console.log(`  ${formatRow(row)}`);
};

console.log(`pubkit bench: ${ROUNDS} rounds per row${QUICK ? ', quick mode' : ''}; ratios are pubkit / floor`);
await step('subscriber', benchSubscribe);
await step('client publish', benchPublish);
await step('crypto', benchCrypto);
await step('server publish ingest', benchServerPublish);
await step('server parked long-polls', benchParked);
await step('server fan-out', benchFanout);
await step('socket.io bridge', benchSocketio);
// Past decisions' measurements, not rows of the table: skipped in quick mode.
const lanes = QUICK ? undefined : await benchPublishLanes();
const rss = benchRss();
const objects = QUICK ? undefined : await benchObjects();
const files = await benchFiles();
// Server side of the same 5 MiB transfer (server process RSS at steady idle): skipped in quick mode (warm-up rounds).
const serverFiles = QUICK ? undefined : await benchServerFiles();

console.log(
  `\nsummary (pubkit / floor, same run; median (range over rounds); ${ROUNDS} rounds${QUICK ? ', quick' : ''})`,
);
for (const row of rows) console.log(formatRow(row));
if (lanes) {
  console.log(
    `p-queue lanes vs hand-written ${lanes.serialRatio.toFixed(2)}×   decision threshold 1.05× (docs/decisions.md)`,
  );
}
console.log(
  `RSS after import, over bare node +${rss.deltaMiB.toFixed(1)} MiB (over empty ESM +${rss.overEmptyMiB.toFixed(1)} MiB)  goal ≤ 8 MiB`,
);
if (objects) {
  console.log(
    `App Context filtered page, 10k ${objects.coldFilteredMs.toFixed(1)} ms first, ${objects.warmFilteredMs.toFixed(2)} ms next (server time per page)`,
  );
}
console.log(
  `RSS sending+downloading 5 MiB +${files.worstGrowthMiB.toFixed(1)} MiB over idle (plain undici floor +${files.floorGrowthMiB.toFixed(1)} MiB)  goal ≤ 2 MiB`,
);
for (const f of serverFiles ?? []) {
  console.log(
    `server RSS, 5 MiB file up+down (${f.store}) +${f.overIdleMiB.toFixed(2)} MiB over steady idle  goal ≤ ${f.store === 'memory' ? '5 + 2' : '2'} MiB`,
  );
}

if (process.argv.includes('--readme')) {
  const extras: ExtraLine[] = [
    {
      measure: "RSS after `import '@pubkit/node'`",
      floor: 'bare node',
      result: `+${rss.deltaMiB.toFixed(1)} MiB`,
      goal: '≤ 8 MiB',
      met: rss.deltaMiB <= 8,
    },
    {
      measure: 'client RSS sending + downloading 5 MiB, over idle',
      floor: `plain undici to and from disk: +${files.floorGrowthMiB.toFixed(1)} MiB`,
      result: `+${files.worstGrowthMiB.toFixed(1)} MiB`,
      goal: '≤ 2 MiB (docs/performance.md §7)',
      met: files.worstGrowthMiB <= 2,
    },
    ...(serverFiles ?? []).map((f) => ({
      measure: `server RSS, 5 MiB file up + down (${f.store} store), over steady idle`,
      floor: 'steady idle',
      result: `+${f.overIdleMiB.toFixed(2)} MiB`,
      goal: f.store === 'memory' ? '≤ 5 + 2 MiB' : '≤ 2 MiB',
      met: f.overIdleMiB <= (f.store === 'memory' ? 7 : 2),
    })),
  ];
  const readme = new URL('../README.md', import.meta.url);
  const block = renderTable(rows, extras, {
    date: new Date().toISOString().slice(0, 10),
    rounds: ROUNDS,
    quick: QUICK,
    loadAverage: loadAtStart,
    cores: availableParallelism(),
  });
  writeFileSync(readme, replaceTable(readFileSync(readme, 'utf8'), block));
  console.log('README.md performance table rewritten');
}
