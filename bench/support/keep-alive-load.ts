/**
 * Load for the server ingest benchmarks: `total` GET requests over `concurrency` keep-alive connections, each
 * connection sending its next request when the previous answer ended. Resolves to requests per second.
 */
import { Agent, request } from 'node:http';

/** Sends `total` requests to `base` + `path(i)`; resolves to requests per second. */
export async function keepAliveLoad(
  base: string,
  path: (i: number) => string,
  total: number,
  concurrency: number,
): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(base);
  let next = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: path(i), agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await one(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return total / seconds;
}
