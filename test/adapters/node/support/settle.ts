/**
 * Waits for the timers and sockets a test created to be gone before the root leak-check hook looks.
 *
 * No longer needed, and kept only for one importer: it was a workaround for the root hook seeing mocha's own
 * per-hook timeout timer while it polled, so anything still winding down (undici's 500 ms timer wheel outlives the
 * last request by up to a second) failed the test. The root hook now ignores mocha's timer and polls 2 s, which
 * covers the wheel, so the harness (`server.ts`) and the express/koa suites dropped it. `retry-options.test.ts`
 * (another suite's file) still imports it; it passes without it too, so once that import goes, delete this file.
 */
import { createHook } from 'node:async_hooks';

const WATCHED = new Set(['Timeout', 'TCPWRAP', 'TCPSERVERWRAP', 'PROCESSWRAP', 'PIPEWRAP']);
const live = new Map<number, string>();

function createdByMocha(): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 12;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return stack.includes('resetTimeout');
}

createHook({
  init(asyncId, type) {
    if (!WATCHED.has(type)) return;
    if (type === 'Timeout' && createdByMocha()) return;
    live.set(asyncId, type);
  },
  destroy(asyncId) {
    live.delete(asyncId);
  },
}).enable();

let base = new Set<number>();

/** Call in `beforeEach`: what exists now is not this test's. */
export function markTestStart(): void {
  base = new Set(live.keys());
}

/**
 * Resolves when every resource created since `markTestStart()` is gone; rejects after `timeoutMs` naming what is
 * left (a real leak).
 */
export async function settleResources(timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const own = new Set<number>();
  for (;;) {
    const left = [...live].filter(([id]) => !base.has(id) && !own.has(id));
    if (left.length === 0) return;
    if (Date.now() > deadline) throw new Error(`left open: ${left.map(([, type]) => type).join(', ')}`);
    await new Promise<void>((resolve) => {
      own.add(Number(setTimeout(resolve, 10)));
    });
  }
}
