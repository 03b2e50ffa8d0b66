/**
 * Starting an example as a program (`npm run demo`, `node … examples/express-app/main.ts`): on `PORT` (default
 * 3000), with a port that is taken reported as one line and exit code 1 instead of an unhandled 'error' event and
 * a stack trace.
 */
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';

/** Anything with Express's / Koa's `listen(port, host, callback)`. Express 5 passes a listen error to the callback. */
export interface Listenable {
  listen(port: number, host: string, listening: (error?: Error) => void): Server;
}

/** Listens on `port` and `host`; rejects with Node's listen error (`EADDRINUSE`, …) rather than emitting it. */
export function listenOn(app: Listenable, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error) => {
      server.off('error', reject);
      if (error) reject(error);
      else resolve(server);
    });
    server.once('error', reject);
  });
}

/** Whether the module at `moduleUrl` is the program node was started with. */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/**
 * Runs `start` on `PORT` (default 3000). A port in use prints one line naming it and the fix, and sets exit code 1;
 * `start` must have closed what it opened before rejecting. Other errors propagate.
 * @returns the running example, or `undefined` when the port was taken.
 */
export async function startOnPort<T>(start: (port: number) => Promise<T>): Promise<T | undefined> {
  const port = Number(process.env.PORT ?? 3000);
  try {
    return await start(port);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    process.stderr.write(`port ${port} is already in use: stop what holds it, or set PORT (PORT=3001 npm run demo)\n`);
    process.exitCode = 1;
    return undefined;
  }
}
