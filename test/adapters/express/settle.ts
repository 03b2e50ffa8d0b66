/**
 * Waits, in a suite's `afterEach`, until the timers and sockets a test created are gone, before the root
 * leak-check hook looks.
 *
 * Why: once the root hook has to poll, it also sees the timeout timer mocha arms for that hook itself, so a
 * resource still winding down when it starts (undici's 500 ms timer wheel outlives the last request by up to a
 * second; a closed socket's handle goes a tick after 'close') fails the test. A resource that never goes still
 * fails it: this only waits, at most `timeoutMs`, and then lets the root hook judge.
 */
import { createHook } from 'node:async_hooks';

const WATCHED = new Set(['Timeout', 'TCPWRAP', 'TCPSERVERWRAP']);
const live = new Set<number>();
createHook({
  init(asyncId, type, _trigger, resource) {
    // Mocha's own timeout timer for the running hook is alive while we wait: it is not the test's.
    if (type === 'Timeout' && String((resource as { _onTimeout?: unknown })._onTimeout).includes('_timeoutError'))
      return;
    if (WATCHED.has(type)) live.add(asyncId);
  },
  destroy(asyncId) {
    live.delete(asyncId);
  },
}).enable();

let base = new Set<number>();

/** Call first in `beforeEach`: what exists now is not this test's. */
export function markTestStart(): void {
  base = new Set(live);
}

/** Call last in `afterEach`: resolves when what this test created is gone, or after `timeoutMs`. */
export async function settleResources(timeoutMs = 3000): Promise<void> {
  const targets = [...live].filter((id) => !base.has(id));
  const deadline = Date.now() + timeoutMs;
  while (targets.some((id) => live.has(id)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
