/**
 * Waits for the timers and sockets a test created to be gone before the root leak-check hook looks.
 *
 * Why: the leak-check hook polls until the resources created since `beforeEach` are gone, but once it has to poll
 * it also sees the timeout timer mocha starts for the hook itself (mocha arms it after the hook function has
 * returned its promise), so anything still winding down when the hook starts fails the test. undici's shared
 * 500 ms timer wheel outlives the last request by up to a second. Settling here, in a suite `afterEach` that
 * runs before the root hook, and only on resources that existed when this wait began, sidesteps that.
 */
import { createHook } from 'node:async_hooks';

const WATCHED = new Set(['Timeout', 'TCPWRAP', 'TCPSERVERWRAP', 'PROCESSWRAP', 'PIPEWRAP']);
const live = new Set<number>();

createHook({
  init(asyncId, type) {
    if (WATCHED.has(type)) live.add(asyncId);
  },
  destroy(asyncId) {
    live.delete(asyncId);
  },
}).enable();

let base = new Set<number>();

/** Call in `beforeEach`: what exists now is not this test's. */
export function markTestStart(): void {
  base = new Set(live);
}

/** Resolves when every resource created since `markTestStart()` and alive now is gone (or after `timeoutMs`). */
export async function settleResources(timeoutMs = 3000): Promise<void> {
  const targets = [...live].filter((id) => !base.has(id));
  const deadline = Date.now() + timeoutMs;
  while (targets.some((id) => live.has(id)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
