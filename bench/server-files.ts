/**
 * Issue 16 server benchmark: upload and download a 5 MiB file through the files endpoints (docs/protocol.md §15),
 * and the server's RSS while it does. The server runs as its own process (the built CLI, `server/bin`), so its
 * RSS is its own; the parent reads it from `/proc/{pid}/status` every 2 ms. Per store:
 *
 *   - disk (`--data`): bodies stream from the socket to a file and back; goal: peak RSS within 2 MiB of idle;
 *   - memory (the default): the server holds the file by design while it exists; goal: peak within the file's
 *     5 MiB plus 2 MiB of idle.
 *
 * Each round generates a form, posts 5 MiB, follows the download redirect and reads the 5 MiB back, then deletes
 * the file. Idle is measured at steady state: after warm-up rounds until idle RSS stops rising. Why: every
 * transfer leaves its socket and file read buffers (5 MiB each way) as garbage that V8 collects only once
 * external memory has grown by tens of MiB, and malloc keeps the freed pages for the next transfer, so the
 * first rounds raise idle RSS (reported as "over the first") until the level at which garbage is collected as
 * fast as it is made (six rounds in a row without a rise). From there, ROUNDS more rounds must stay within 2 MiB of that idle figure: no transfer
 * holds the file (disk) or more than the file (memory). Reported: steady peak over idle, the warm-up's rise, and
 * milliseconds per upload and download. Linux only (it reads `/proc`). Needs `npm run build` first.
 *
 *   node --conditions=source --import tsx bench/server-files.ts
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FILE_BYTES = 5 * 1024 * 1024;
const SUB = 'bench-files';
const MiB = 1024 * 1024;
const MAX_WARM = 40;
/** Warm-up ends after this many rounds in a row that did not raise idle RSS by a quarter MiB. */
const QUIET_ROUNDS = 6;

/** What one store measured. */
export interface FilesBenchResult {
  readonly store: 'disk' | 'memory';
  /** Warm-up rounds until idle RSS stopped rising. */
  readonly warmRounds: number;
  /** How much idle RSS rose over those rounds (garbage of the transfers not yet collected, then kept by malloc). */
  readonly coldMiB: number;
  readonly idleMiB: number;
  /** Peak RSS over idle during the rounds (memory store: the file itself is held while it exists). */
  readonly overIdleMiB: number;
  readonly uploadMs: number;
  readonly downloadMs: number;
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) * 1024;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function call(url: string, method: string, body?: Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent: false, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One upload and download of `data`; returns the milliseconds of each. */
async function round(base: string, data: Buffer, name: string): Promise<{ up: number; down: number }> {
  const gen = await call(
    `${base}/v1/files/${SUB}/channels/bench/generate-upload-url`,
    'POST',
    Buffer.from(JSON.stringify({ name })),
  );
  const form = JSON.parse(gen.body.toString()) as {
    data: { id: string };
    file_upload_request: { url: string; form_fields: { key: string; value: string }[] };
  };
  const boundary = '----pubkit-bench-boundary';
  let head = '';
  for (const f of form.file_upload_request.form_fields) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${f.key}"\r\n\r\n${f.value}\r\n`;
  }
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  let started = performance.now();
  const up = await call(form.file_upload_request.url, 'POST', body, {
    'content-type': `multipart/form-data; boundary=${boundary}`,
  });
  if (up.status !== 204) throw new Error(`upload answered ${up.status}: ${up.body.toString()}`);
  const upMs = performance.now() - started;
  const path = `${base}/v1/files/${SUB}/channels/bench/files/${form.data.id}/${name}`;
  started = performance.now();
  const redirect = await call(path, 'GET');
  const got = await call(String(redirect.headers.location), 'GET');
  if (!got.body.equals(data)) throw new Error('downloaded bytes differ');
  const downMs = performance.now() - started;
  await call(path, 'DELETE');
  return { up: upMs, down: downMs };
}

function startChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'server/bin/pubkit-server.js'), '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the rounds against one store. */
async function benchStore(store: 'disk' | 'memory'): Promise<FilesBenchResult> {
  const dir = store === 'disk' ? mkdtempSync(join(tmpdir(), 'pubkit-bench-files-')) : undefined;
  const { child, url } = await startChild(dir ? ['--data', dir] : []);
  const pid = child.pid!;
  try {
    const data = Buffer.alloc(FILE_BYTES);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
    await round(url, data.subarray(0, 256 * 1024), 'warm.bin');
    await sleep(200);
    const fresh = rssOf(pid);
    // Warm-up: rounds until idle RSS stops rising (the garbage of socket and file reads reached the level at which
    // V8 collects it), at most MAX_WARM rounds. The cold figure is the highest idle seen over the fresh one.
    let idle = fresh;
    let warm = 0;
    let quiet = 0;
    for (; warm < MAX_WARM && quiet < QUIET_ROUNDS; warm++) {
      await round(url, data, 'warm-full.bin');
      await sleep(100);
      const now = rssOf(pid);
      quiet = now - idle < 0.25 * MiB ? quiet + 1 : 0;
      idle = Math.max(idle, now);
    }
    let peak = idle;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(pid));
    }, 2);
    const ups: number[] = [];
    const downs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const { up, down } = await round(url, data, `file-${i}.bin`);
      ups.push(up);
      downs.push(down);
    }
    clearInterval(sampler);
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    return {
      store,
      warmRounds: warm,
      coldMiB: (idle - fresh) / MiB,
      idleMiB: idle / MiB,
      overIdleMiB: (peak - idle) / MiB,
      uploadMs: median(ups),
      downloadMs: median(downs),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Both stores, printed. */
export async function benchServerFiles(): Promise<FilesBenchResult[]> {
  const results = [await benchStore('disk'), await benchStore('memory')];
  console.log(`\nserver files: ${ROUNDS} rounds of a 5 MiB upload and download (server process RSS)`);
  for (const r of results) {
    console.log(
      `  ${r.store.padEnd(6)} steady: peak over idle ${r.overIdleMiB.toFixed(2)} MiB` +
        ` (goal <= ${r.store === 'memory' ? '5 MiB held + 2' : '2'} MiB); idle ${r.idleMiB.toFixed(1)} MiB after` +
        ` ${r.warmRounds} warm-up rounds (+${r.coldMiB.toFixed(1)} MiB over the first);` +
        ` upload ${r.uploadMs.toFixed(1)} ms, download ${r.downloadMs.toFixed(1)} ms`,
    );
  }
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchServerFiles();
