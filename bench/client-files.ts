/**
 * Files (docs/protocol.md §15): sending and downloading a 5 MiB file, plain and with a cipher key, against the local
 * server in another process. The goal is memory: the client streams both ways, so its RSS during the transfers
 * stays within 2 MiB of its idle figure (taken after a warm-up round trip, in the same process). Each case runs
 * in a fresh client process (`support/files-client-probe.ts`); the median of 5 is printed, with the spread,
 * because RSS on a shared machine moves with the garbage collector's timing (the buffers a transfer has already
 * released are counted until a scavenge frees them).
 *
 *   node --conditions=source --import tsx bench/client-files.ts
 *   FILES_BENCH_FLAGS='--max-semi-space-size=1' …   (node flags for the client processes, e.g. a smaller young
 *                                                     generation, to see how much of the growth is uncollected garbage)
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { spawnResponder } from './support/spawn-responder.js';

const RUNS = 5;
const FLAGS = (process.env.FILES_BENCH_FLAGS ?? '').split(' ').filter(Boolean);
const MIB = 1024 * 1024;
const PROBE = fileURLToPath(new URL('./support/files-client-probe.ts', import.meta.url));

interface Probe {
  idle: number;
  peak: number;
  buffers: number;
  sendMs: number;
  downloadMs: number;
  size: number;
}

/** One fresh client process. */
async function probe(url: string, path: string, cipherKey: string | undefined): Promise<Probe> {
  const args = [
    ...FLAGS,
    '--conditions=source',
    '--import',
    'tsx',
    PROBE,
    url,
    path,
    ...(cipherKey ? [cipherKey] : []),
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, { encoding: 'utf8' });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Probe;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/** Runs the files benchmark; returns the worst median RSS growth over idle, in MiB. */
export async function benchFiles(): Promise<{ worstGrowthMiB: number }> {
  const server = await spawnResponder('files-server.ts');
  const dir = await mkdtemp(join(tmpdir(), 'pubkit-bench-files-'));
  const path = join(dir, 'five.bin');
  await writeFile(path, randomBytes(5 * MIB));
  let worst = 0;
  try {
    console.log('\nfiles: send + download a 5 MiB file (streamed from and to disk), client process RSS');
    for (const cipherKey of [undefined, 'bench-key']) {
      const runs: Probe[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await probe(server.url, path, cipherKey));
      const growths = runs.map((r) => (r.peak - r.idle) / MIB);
      const growth = median(growths);
      worst = Math.max(worst, growth);
      const spread = `${Math.min(...growths).toFixed(1)}..${Math.max(...growths).toFixed(1)}`;
      const label = cipherKey === undefined ? 'plain    ' : 'encrypted';
      console.log(
        `  ${label} idle ${(median(runs.map((r) => r.idle)) / MIB).toFixed(1)} MiB, peak +${growth.toFixed(2)} MiB (${spread}),` +
          ` buffers +${(median(runs.map((r) => r.buffers)) / MIB).toFixed(1)} MiB;` +
          `  send ${median(runs.map((r) => r.sendMs)).toFixed(0)} ms, download ${median(runs.map((r) => r.downloadMs)).toFixed(0)} ms` +
          `  (${runs[0]!.size === 5 * MIB ? 'bytes ok' : `got ${runs[0]!.size} bytes`})`,
      );
    }
  } finally {
    server.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return { worstGrowthMiB: worst };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchFiles();
