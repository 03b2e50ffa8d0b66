/**
 * A `Scheduler` that only moves when the test says so. `advance(ms)` fires due timers in time order and moves the
 * fixed clock along, so outage lengths (the `gap` rule) are exact. No real timer is ever created.
 */
import type { Scheduler, TimerHandle } from '@pubkit/core';

/** A clock the scheduler keeps in step (the `FixedClock` of `fixedEnv`). */
interface Advanceable {
  advance(ms: number): void;
}

interface Entry {
  readonly handle: TimerHandle;
  readonly due: number;
  readonly delayMs: number;
  readonly fire: () => void;
}

/** The manual scheduler. */
export class ManualScheduler implements Scheduler {
  #now = 0;
  #timers: Entry[] = [];
  /** Every delay ever requested, in order (to check backoff steps). */
  readonly delays: number[] = [];

  constructor(private readonly clock?: Advanceable) {}

  setTimer(delayMs: number, fire: () => void): TimerHandle {
    const handle = {};
    this.delays.push(delayMs);
    this.#timers.push({ handle, due: this.#now + delayMs, delayMs, fire });
    return handle;
  }

  clearTimer(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.handle !== handle);
  }

  /** Timers not yet fired nor cleared. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that comes due, earliest first. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const next = [...this.#timers].sort((a, b) => a.due - b.due)[0];
      if (next === undefined || next.due > end) break;
      this.clock?.advance(next.due - this.#now);
      this.#now = next.due;
      this.#timers = this.#timers.filter((t) => t !== next);
      next.fire();
    }
    this.clock?.advance(end - this.#now);
    this.#now = end;
  }
}
