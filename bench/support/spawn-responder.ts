/** Starts `responder.ts` in a child process; resolves with its URL and a stop function. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export async function spawnResponder(): Promise<{ url: string; stop: () => void }> {
  const script = fileURLToPath(new URL('./responder.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'inherit'] });
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
