/** Child processes for the client benchmarks (their CPU is not counted), and the CPU/wall measurement. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts `responder.ts`, or another script of this folder that prints its URL first, in a child process; resolves
 * with its URL and a stop function.
 * @default script `'responder.ts'`
 */
export async function spawnResponder(
  script = 'responder.ts',
  env: Record<string, string> = {},
): Promise<{ url: string; stop: () => void }> {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`responder exited with ${code}`)));
  });
  return { url, stop: () => child.kill() };
}

/** CPU (user + system) in µs spent by this process while `fn` runs, and the wall time in ms. */
export async function measure(fn: () => Promise<void>): Promise<{ cpuUs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { cpuUs: used.user + used.system, wallMs };
}

/**
 * CPU of `floor` and `ours`, each run `n` times in `slices` alternating slices (floor first in even slices, ours
 * first in odd ones), summed per side. A burst of load from elsewhere on the machine then lands on both sides of the
 * round instead of deciding it: the round's ratio compares the two over the same stretch of time.
 * @default slices 10
 */
export async function measureInterleaved(
  floor: () => Promise<void>,
  ours: () => Promise<void>,
  n: number,
  slices = 10,
): Promise<{ floorCpuUs: number; oursCpuUs: number }> {
  const per = Math.max(1, Math.floor(n / slices));
  let floorCpuUs = 0;
  let oursCpuUs = 0;
  const run = async (once: () => Promise<void>): Promise<number> => {
    const { cpuUs } = await measure(async () => {
      for (let i = 0; i < per; i++) await once();
    });
    return cpuUs;
  };
  for (let s = 0; s < slices; s++) {
    if (s % 2 === 0) {
      floorCpuUs += await run(floor);
      oursCpuUs += await run(ours);
    } else {
      oursCpuUs += await run(ours);
      floorCpuUs += await run(floor);
    }
  }
  return { floorCpuUs, oursCpuUs };
}
