/**
 * Root hook: a test that leaves a timer, socket, server or child process behind fails.
 *
 * Why async_hooks rather than process.getActiveResourcesInfo(): pubkit unref()s its timers so scripts can exit,
 * and unref'd timers are invisible to getActiveResourcesInfo. An init/destroy hook sees every one of them.
 *
 * Why per test and per run: a resource opened in a test body must be gone when that test ends (afterEach); one
 * opened in a suite's `before` must be gone when the run ends (afterAll). Closing is often a tick late (a socket's
 * handle is destroyed after 'close'), so each check polls for a short grace period before it fails.
 */
import { createHook } from 'node:async_hooks';

const WATCHED = new Set(['Timeout', 'TCPWRAP', 'TCPSERVERWRAP', 'PROCESSWRAP', 'PIPEWRAP', 'UDPWRAP']);
const GRACE_MS = 2000;

const live = new Map<number, string>();
const ignored = new Set<number>();

createHook({
  init(asyncId, type, _trigger, resource) {
    if (!WATCHED.has(type) || isMochaTimer(type, resource)) return;
    live.set(asyncId, type);
  },
  destroy(asyncId) {
    live.delete(asyncId);
    ignored.delete(asyncId);
  },
}).enable();

/**
 * Mocha arms a timeout timer for every test and hook, including the afterEach that runs this check: it is the
 * runner's, not the test's. Mocha's timer callback is the only one that raises its `_timeoutError`.
 */
function isMochaTimer(type: string, resource: unknown): boolean {
  if (type !== 'Timeout') return false;
  const callback = (resource as { _onTimeout?: unknown })._onTimeout;
  return typeof callback === 'function' && callback.toString().includes('_timeoutError');
}

function openSince(base: Set<number>): Map<string, number> {
  const extra = new Map<string, number>();
  for (const [id, type] of live) {
    if (!base.has(id) && !ignored.has(id)) extra.set(type, (extra.get(type) ?? 0) + 1);
  }
  return extra;
}

async function settle(base: Set<number>): Promise<string[]> {
  const deadline = Date.now() + GRACE_MS;
  for (;;) {
    const extra = openSince(base);
    if (extra.size === 0 || Date.now() >= deadline) return [...extra].map(([type, n]) => `${n} ${type}`);
    await new Promise<void>((resolve) => {
      // A Timeout's primitive value is its async id: the poll's own timer must not count as a leak.
      const timer = setTimeout(resolve, 20);
      const id = Number(timer);
      ignored.add(id);
    });
  }
}

let runBase = new Set<number>();
let testBase = new Set<number>();

export const mochaHooks = {
  beforeAll(): void {
    runBase = new Set(live.keys());
  },
  beforeEach(): void {
    testBase = new Set(live.keys());
  },
  async afterEach(this: Mocha.Context): Promise<void> {
    if (this.currentTest?.state === 'failed') return;
    const extra = await settle(testBase);
    if (extra.length > 0) {
      throw new Error(`test left resources open: ${extra.join(', ')} (close them before the test ends)`);
    }
  },
  async afterAll(): Promise<void> {
    const extra = await settle(runBase);
    if (extra.length > 0) {
      throw new Error(`the run left resources open: ${extra.join(', ')} (a suite's after hook must close them)`);
    }
  },
};
