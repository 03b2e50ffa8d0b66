/**
 * `npm run bench`: every client benchmark in one run, each printing its ratio against the floor measured in the
 * same run (raw undici Pool loop, raw undici long-poll loop, raw node:crypto, bare node), then the App Context
 * listing benchmark of the server (`server-objects.ts`, server time per page). Loopback only, bounded.
 *
 *   node --conditions=source --import tsx bench/run.ts      (RSS needs `npm run build` first: it loads dist)
 */
import { benchCrypto } from './client-crypto.js';
import { benchFiles } from './client-files.js';
import { benchPublish } from './client-publish.js';
import { benchRss } from './client-rss.js';
import { benchSubscribe } from './client-subscribe.js';
import { benchPublishLanes } from './publish-lanes.js';
import { benchObjects } from './server-objects.js';

const publish = await benchPublish();
const lanes = await benchPublishLanes();
const subscribe = await benchSubscribe();
const crypto = await benchCrypto();
const rss = benchRss();
const objects = await benchObjects();
const files = await benchFiles();
console.log('\nsummary (pubkit vs floor, same run)');
console.log(`  CPU per publish, 1 in flight     ${publish.cpuRatio.toFixed(2)}x   goal <= 1.25x`);
console.log(`  throughput, 64 in flight         ${publish.throughputRatio.toFixed(2)}x   goal >= 0.8x`);
console.log(
  `  p-queue lanes vs hand-written    ${lanes.serialRatio.toFixed(2)}x   decision threshold 1.05x (docs/decisions.md)`,
);
console.log(`  subscriber CPU per message        ${subscribe.cpuRatio.toFixed(2)}x   goal <= 1.5x`);
console.log(`  AES encrypt+decrypt 1 KiB JSON   ${crypto.ratio.toFixed(2)}x   goal >= 0.85x`);
console.log(`  RSS after import, over bare node +${rss.deltaMiB.toFixed(1)} MiB  goal <= 8 MiB`);
console.log(`  RSS after import, over empty ESM +${rss.overEmptyMiB.toFixed(1)} MiB`);
console.log(
  `  App Context filtered page, 10k    ${objects.coldFilteredMs.toFixed(1)} ms first, ${objects.warmFilteredMs.toFixed(2)} ms next (server time per page)`,
);
console.log(`  RSS sending+downloading 5 MiB   +${files.worstGrowthMiB.toFixed(1)} MiB over idle  goal <= 2 MiB`);
