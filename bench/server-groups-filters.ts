/**
 * Issue 12 server benchmarks, ratios in one run (loopback; rounds interleave the variants, each cycle starting with
 * the next one, so load drift hits all alike; median of ROUNDS, default 9):
 *
 *   1. fan-out of one publish to BENCH_SUBSCRIBERS (default 1,000) parked v2 subscribers reached through a
 *      channel group (the group holds the channel and 9 others) vs the same subscribers on the channel itself;
 *      time from the publish until the last answer. Goal ≤ 1.2×.
 *   2. cost per delivered message with a filter on every subscriber
 *      (`meta.level >= 3 && meta.region LIKE "eu*"`, which the message passes) vs no filter: the same fan-out
 *      time divided by the messages delivered. Goal ≤ 1.5×.
 *
 *   node --conditions=source --import tsx bench/server-groups-filters.ts
 */
import { Agent } from 'node:http';
import { startServer } from '@pubkit/server';
import { get } from './support/http-get.js';
import { median } from './support/rounds.js';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const FILTER = encodeURIComponent('meta.level >= 3 && meta.region LIKE "eu*"');
const META = encodeURIComponent(JSON.stringify({ level: 5, region: 'eu-west' }));

const server = await startServer({ port: 0, pollTimeoutMs: 60_000 });
const agent = new Agent({ keepAlive: true, maxSockets: SUBSCRIBERS + 8 });
const others = Array.from({ length: 9 }, (_, i) => `other-${i}`).join(',');
await get(server.url, `/v1/channel-registration/sub-key/sub/channel-group/fan-group?add=fan,${others}`, agent);

/** One round: park SUBSCRIBERS polls on `query`, publish once, wait for every answer; ms and messages delivered. */
async function round(query: string): Promise<{ ms: number; delivered: number }> {
  const hs = JSON.parse(await get(server.url, `/v2/subscribe/sub/${query}`, agent)) as { t: { t: string } };
  const polls = Array.from({ length: SUBSCRIBERS }, () =>
    get(server.url, `/v2/subscribe/sub/${query}&tt=${hs.t.t}`, agent),
  );
  while (server.stats().parked < SUBSCRIBERS) await new Promise((r) => setTimeout(r, 10));
  const started = performance.now();
  await get(server.url, `/publish/pub/sub/0/fan/0/%22hello%22?meta=${META}`, agent);
  const bodies = await Promise.all(polls);
  const ms = performance.now() - started;
  let delivered = 0;
  for (const b of bodies) delivered += (JSON.parse(b) as { m: unknown[] }).m.length;
  return { ms, delivered };
}

const variants = {
  channel: 'fan/0?x=1',
  group: ',/0?channel-group=fan-group',
  filtered: `fan/0?filter-expr=${FILTER}`,
} as const;
const times: Record<keyof typeof variants, number[]> = { channel: [], group: [], filtered: [] };
const perMessage: Record<keyof typeof variants, number[]> = { channel: [], group: [], filtered: [] };
await round(variants.channel); // warm-up
const names = Object.keys(variants) as (keyof typeof variants)[];
for (let i = 0; i < ROUNDS; i++) {
  // Each round starts with another variant, so whatever the first round of a cycle pays is shared.
  for (const name of [...names.slice(i % names.length), ...names.slice(0, i % names.length)]) {
    const r = await round(variants[name]);
    if (r.delivered !== SUBSCRIBERS) throw new Error(`${name}: delivered ${r.delivered} of ${SUBSCRIBERS}`);
    times[name].push(r.ms);
    perMessage[name].push((r.ms * 1000) / r.delivered);
  }
}

const groupRatio = median(times.group) / median(times.channel);
const filterRatio = median(perMessage.filtered) / median(perMessage.channel);
console.log(`server fan-out, one publish to ${SUBSCRIBERS} parked subscribers (median of ${ROUNDS}, same run)`);
console.log(`  through the channel               ${median(times.channel).toFixed(1)} ms until the last answer`);
console.log(`  through a group of 10 channels    ${median(times.group).toFixed(1)} ms`);
console.log(`  ratio group / channel             ${groupRatio.toFixed(2)}x   goal <= 1.2x`);
console.log(`  per delivered message, no filter  ${median(perMessage.channel).toFixed(1)} µs`);
console.log(`  per delivered message, filtered   ${median(perMessage.filtered).toFixed(1)} µs`);
console.log(`  ratio filter / none               ${filterRatio.toFixed(2)}x   goal <= 1.5x`);
agent.destroy();
await server.close();
