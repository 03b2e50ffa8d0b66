/** Runs a TypeScript script in a child node (through tsx, sources of the workspace packages) to its end. */
import { spawn } from 'node:child_process';

/** How a child run ended. */
export interface TsxRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** `Date.now()` when the child closed. */
  readonly closedAt: number;
}

/** Runs `script` (absolute, or relative to `cwd`) and resolves when the child has closed. */
export async function runTsx(script: string, options: { cwd?: string; env: NodeJS.ProcessEnv }): Promise<TsxRun> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script], {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr, closedAt: Date.now() };
}
