/**
 * Waits for the timers and sockets a test created to be gone before the root leak-check hook looks.
 *
 * Why: the leak-check hook polls until the resources created since `beforeEach` are gone, but once it has to poll
 * it also sees the timeout timer mocha starts for the hook itself (mocha arms it after the hook function has
 * returned its promise), so anything still winding down when the hook starts fails the test. undici's shared
 * 500 ms timer wheel outlives the last request by up to a second. Settling here, in a suite `afterEach` that runs
 * before the root hook, sidesteps that; mocha's own runnable timers are recognised by their creation stack.
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
