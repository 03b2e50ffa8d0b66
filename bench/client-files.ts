/**
 * Files (docs/protocol.md §15): sending and downloading a 5 MiB file, plain and with a cipher key, against the local
 * server in another process. The goal is memory: the client streams both ways, so its RSS during the transfers
 * stays within 2 MiB of its idle figure (taken after a warm-up round trip, in the same process). Each case runs
 * in a fresh client process (`support/files-client-probe.ts`); the median of 5 is printed, with the spread,
 * because RSS on a shared machine moves with the garbage collector's timing (the buffers a transfer has already
 * released are counted until a scavenge frees them). The client processes run with `--expose-gc`, so idle is taken
 * after a full collection. The same measurement is applied, in the same run, to a floor: the same file POSTed and
 * downloaded with plain undici (no pubkit) against a sink/source in this process; pubkit is reported against it.
 *
 *   node --conditions=source --import tsx bench/client-files.ts
 *   FILES_BENCH_FLAGS='--max-semi-space-size=1' …   (node flags for the client processes, e.g. a smaller young
 *                                                     generation, to see how much of the growth is uncollected garbage)
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
    '--expose-gc',
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

/** The floor's peer: POST drains the body, GET streams the file from disk. Stores nothing. */
async function startRawPeer(path: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.method === 'POST') {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    } else {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      createReadStream(path).pipe(res);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Runs the files benchmark; returns the worst median RSS growth over idle, in MiB. */
export async function benchFiles(): Promise<{ worstGrowthMiB: number; floorGrowthMiB: number }> {
  const server = await spawnResponder('files-server.ts');
  const dir = await mkdtemp(join(tmpdir(), 'pubkit-bench-files-'));
  const path = join(dir, 'five.bin');
  await writeFile(path, randomBytes(5 * MIB));
  const raw = await startRawPeer(path);
  let worst = 0;
  let floor = 0;
  try {
    console.log('\nfiles: send + download a 5 MiB file (streamed from and to disk), client process RSS');
    for (const cipherKey of ['raw', undefined, 'bench-key']) {
      const runs: Probe[] = [];
      for (let i = 0; i < RUNS; i++)
        runs.push(await probe(cipherKey === 'raw' ? raw.url : server.url, path, cipherKey));
      const growths = runs.map((r) => (r.peak - r.idle) / MIB);
      const growth = median(growths);
      if (cipherKey === 'raw') floor = growth;
      else worst = Math.max(worst, growth);
      const spread = `${Math.min(...growths).toFixed(1)}..${Math.max(...growths).toFixed(1)}`;
      const label = cipherKey === 'raw' ? 'undici   ' : cipherKey === undefined ? 'plain    ' : 'encrypted';
      const vsFloor =
        cipherKey === 'raw'
          ? ' (floor)'
          : ` (${growth - floor >= 0 ? '+' : ''}${(growth - floor).toFixed(2)} vs floor)`;
      console.log(
        `  ${label} idle ${(median(runs.map((r) => r.idle)) / MIB).toFixed(1)} MiB, peak +${growth.toFixed(2)} MiB${vsFloor} (${spread}),` +
          ` buffers +${(median(runs.map((r) => r.buffers)) / MIB).toFixed(1)} MiB;` +
          `  send ${median(runs.map((r) => r.sendMs)).toFixed(0)} ms, download ${median(runs.map((r) => r.downloadMs)).toFixed(0)} ms` +
          `  (${runs[0]!.size === 5 * MIB ? 'bytes ok' : `got ${runs[0]!.size} bytes`})`,
      );
    }
  } finally {
    server.stop();
    await new Promise((resolve) => raw.server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
  return { worstGrowthMiB: worst, floorGrowthMiB: floor };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchFiles();
