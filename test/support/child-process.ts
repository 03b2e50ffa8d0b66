/**
 * Running a child process in a test: its output collected, awaited until it has exited and its pipes are closed
 * (the leak check watches this process), killed with SIGKILL when it hangs.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** How a child ended, and what it printed. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A child's env: no NODE_OPTIONS, so nothing of this process's tsx / conditions setup reaches it. */
export const CHILD_ENV: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };

/**
 * Collects a child's output into `output` as it comes; resolves on 'close' (exited and stdio closed). Kills it with
 * SIGKILL after `ms`.
 */
export function finished(child: ChildProcess, ms: number, output = { stdout: '', stderr: '' }): Promise<Exit> {
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ...output });
    });
  });
}

/** Runs `command` to its end (stdin closed), with `CHILD_ENV` plus `env`. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Exit> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...CHILD_ENV, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return finished(child, options.timeoutMs);
}
