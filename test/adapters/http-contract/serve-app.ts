/**
 * What the Express and Koa route tests share: an app served on 127.0.0.1 port 0, and a watch on the repeating
 * timers of one period (the SSE relay's heartbeat), to prove the relay releases its timer.
 */
import { createHook } from 'node:async_hooks';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An app `serve` can start: Express's and Koa's `listen` have this shape. */
interface Listenable {
  listen(port: number, host: string, listening: () => void): Server;
}

/** Serves `app` on a free loopback port; `close()` also ends open connections (event streams). */
export async function serve(app: Listenable): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The intervals of period `periodMs` alive now, by async id: pick a period no other timer uses. The hook stays
 * enabled for the process (one per test file).
 */
export function liveIntervals(periodMs: number): ReadonlySet<number> {
  const alive = new Set<number>();
  createHook({
    init(asyncId, type, _trigger, resource) {
      if (type === 'Timeout' && (resource as { _repeat?: unknown })._repeat === periodMs) alive.add(asyncId);
    },
    destroy(asyncId) {
      alive.delete(asyncId);
    },
  }).enable();
  return alive;
}
