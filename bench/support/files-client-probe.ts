/**
 * The client half of the files benchmark, in a fresh process so its RSS is the client's alone: one warm-up round
 * trip of the same file (undici loaded, sockets open, the allocator and heap at their working size), a quiet
 * 100 ms, a full garbage collection when node runs with `--expose-gc` (so idle is not inflated by the warm-up's
 * garbage), the idle RSS; then three round trips of the 5 MiB file, sent from disk and downloaded to disk
 * (streamed both ways), sampling RSS every 2 ms. Prints one JSON line: idle RSS, the peak, live buffers at the
 * peak, and the wall times of the last round.
 *
 * With `raw` as the cipher key argument it measures the floor instead: the same file POSTed from disk and
 * downloaded to disk with plain undici (no pubkit) against `<url>`, a sink/source that stores nothing.
 *
 *   argv: <server url> <file path> [cipherKey | raw]
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Pubnub } from '@pubkit/node';
import { request } from 'undici';

const [url, path, cipherKey] = process.argv.slice(2) as [string, string, string | undefined];
const client = new Pubnub({
  publishKey: 'pub-bench',
  subscribeKey: 'sub-bench',
  origin: url,
  uuid: 'bench',
  ...(cipherKey === undefined || cipherKey === 'raw' ? {} : { cipherKey }),
});
const channel = 'bench-files';

async function rawRoundTrip(out: string): Promise<number[]> {
  const t0 = performance.now();
  const up = await request(url, { method: 'POST', body: createReadStream(path) });
  await up.body.dump();
  const t1 = performance.now();
  const down = await request(url);
  await pipeline(down.body, createWriteStream(out));
  return [t1 - t0, performance.now() - t1];
}

async function roundTrip(file: { path: string } | { data: Buffer; name: string }, out: string): Promise<number[]> {
  if (cipherKey === 'raw') return rawRoundTrip(out);
  const t0 = performance.now();
  const sent = await client.sendFile({ channel, file });
  const t1 = performance.now();
  const got = await client.downloadFile({ channel, id: sent.id, name: sent.name });
  await pipeline(got.toStream(), createWriteStream(out));
  const t2 = performance.now();
  await client.deleteFile({ channel, id: sent.id, name: sent.name });
  return [t1 - t0, t2 - t1];
}

await roundTrip({ path }, `${path}.down`);
await new Promise((resolve) => setTimeout(resolve, 100));
(globalThis as { gc?: () => void }).gc?.();
const idleUsage = process.memoryUsage();
const idle = idleUsage.rss;
let peak = idle;
let buffersAtPeak = idleUsage.arrayBuffers;
const sample = (): void => {
  const usage = process.memoryUsage();
  if (usage.rss > peak) {
    peak = usage.rss;
    buffersAtPeak = usage.arrayBuffers;
  }
};
const sampler = setInterval(sample, 2);
let sendMs = 0;
let downloadMs = 0;
for (let i = 0; i < 3; i++) [sendMs, downloadMs] = (await roundTrip({ path }, `${path}.down`)) as [number, number];
clearInterval(sampler);
sample();
const buffers = buffersAtPeak - idleUsage.arrayBuffers;
const size = (await stat(`${path}.down`)).size;
await client.close();
process.stdout.write(`${JSON.stringify({ idle, peak, buffers, sendMs, downloadMs, size })}\n`);
