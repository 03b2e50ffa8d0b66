/**
 * The core's `Scheduler` seam on Node timers. Every timer is `unref()`ed: a subscribe backoff or a presence
 * heartbeat must never be the only thing keeping a script alive (docs/architecture.md §5). The scheduler also remembers its live
 * timers so `close()` can clear them all at once, whoever started them.
 */
import type { Scheduler, TimerHandle } from '@pubkit/core';

/** A `Scheduler` over unref'd `setTimeout` that can clear every timer it started. */
export class NodeScheduler implements Scheduler {
  readonly #live = new Set<NodeJS.Timeout>();

  /** Starts an unref'd one-shot timer. */
  setTimer(delayMs: number, fire: () => void): TimerHandle {
    const timer: NodeJS.Timeout = setTimeout(() => {
      this.#live.delete(timer);
      fire();
    }, delayMs);
    timer.unref();
    this.#live.add(timer);
    return timer;
  }

  /** Cancels a timer; a handle that already fired or was cleared is ignored. */
  clearTimer(handle: TimerHandle): void {
    const timer = handle as NodeJS.Timeout;
    if (this.#live.delete(timer)) clearTimeout(timer);
  }

  /** Number of timers not yet fired or cleared (for tests and diagnostics). */
  get size(): number {
    return this.#live.size;
  }

  /** Clears every live timer. */
  clearAll(): void {
    for (const timer of this.#live) clearTimeout(timer);
    this.#live.clear();
  }
}
