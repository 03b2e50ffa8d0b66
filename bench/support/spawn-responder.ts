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
