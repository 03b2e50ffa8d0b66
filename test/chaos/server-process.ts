/**
 * The chaos suite's server: `pubkit-server` as a child process on a fixed port and a data directory, so it can be
 * killed with SIGKILL and started again where clients reconnect to it (docs/testing.md §1). Every start is awaited
 * until it answers; every kill is awaited until the child has exited and its pipes closed (the leak check).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHILD_ENV } from '../support/child-process.js';

const CLI = new URL('../../server/src/cli.ts', import.meta.url).pathname;

/** A free TCP port on 127.0.0.1 (bound once and released: the server then takes it for every restart). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** GET `path`; resolves with the status, or 0 when the request failed. */
export function probe(url: string, path: string, method = 'GET', body?: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { method, agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2_000, () => req.destroy());
    req.end(body);
  });
}

/** A `pubkit-server` child on `port` with `dataDir` and a faults file. */
export class ServerProcess {
  readonly url: string;
  #child: ChildProcess | undefined;
  #exited: Promise<void> | undefined;
  #stderr = '';
  /** Starts (initial ones and restarts). */
  starts = 0;

  constructor(
    readonly port: number,
    readonly dataDir: string,
    readonly faultsFile: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Process id of the running child (for its RSS). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Starts the child and waits until it answers `/time/0` (not faulted by the chaos rules). */
  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        CLI,
        '--port',
        String(this.port),
        '--data',
        this.dataDir,
        '--faults',
        this.faultsFile,
        '--poll-timeout',
        '10000',
        '--presence-timeout',
        '20',
        '--log',
        'silent',
      ],
      { env: CHILD_ENV, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.#child = child;
    this.starts++;
    child.stderr?.on('data', (c: Buffer) => {
      this.#stderr = (this.#stderr + c.toString()).slice(-4000);
    });
    this.#exited = new Promise((resolve) => child.once('close', () => resolve()));
    const deadline = Date.now() + 30_000;
    while ((await probe(this.url, '/time/0')) !== 200) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`pubkit-server did not start (exit ${child.exitCode}): ${this.#stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGKILL, awaited until the child is gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = undefined;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await this.#exited;
  }

  /** Resident memory of the child in bytes (Linux `/proc`), or undefined. */
  async rss(): Promise<number | undefined> {
    const pid = this.pid;
    if (pid === undefined) return undefined;
    try {
      const { readFile } = await import('node:fs/promises');
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
      return kb === undefined ? undefined : Number(kb) * 1024;
    } catch {
      return undefined;
    }
  }
}

/** A started chaos server in a fresh temporary directory, and how to remove both. */
export interface ChaosServer {
  readonly server: ServerProcess;
  dispose(): Promise<void>;
}

/** Starts a `pubkit-server` child with the chaos faults of `seed` (`faults.ts`) on a free port and a new data dir. */
export async function startChaosServer(seed: number, faults: unknown): Promise<ChaosServer> {
  const dir = mkdtempSync(join(tmpdir(), `pubkit-chaos-${seed}-`));
  const file = join(dir, 'faults.json');
  writeFileSync(file, JSON.stringify(faults));
  const server = new ServerProcess(await freePort(), join(dir, 'data'), file);
  const dispose = async () => {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await server.start();
  } catch (err) {
    await dispose();
    throw err;
  }
  return { server, dispose };
}
