/**
 * A virtual clock: the wall clock and the timers of every client on a `TestNetwork` (docs/testing.md §2). Time moves
 * only when a test calls `advance(ms)`; nothing here starts a real timer, so a test that "waits" 5 minutes of
 * backoff takes microseconds and leaves no handle open.
 *
 * Why timers fire one at a time, with the network settled between them: a timer's callback usually sends a request
 * whose answer is a promise chain, and that chain may start the next timer (a retry after a backoff, the next
 * heartbeat). Firing everything due at once would run those in the wrong order.
 */
import type { Clock, TimerHandle } from '@pubkit/core';
import type { ClientScheduler } from '@pubkit/node';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fire: () => void;
}

/** Options of `VirtualClock`. */
export interface VirtualClockOptions {
  /** The clock's starting time, in ms since the Unix epoch. @default 1767225600000 (2026-01-01T00:00:00Z) */
  readonly startMs?: number | undefined;
  /** Runs before each timer fires and after the last: lets promise chains finish. @default one macrotask turn */
  readonly settle?: (() => Promise<void>) | undefined;
}

/** 2026-01-01T00:00:00Z: a fixed start, so timetokens in a test's output are the same on every run. */
const DEFAULT_START_MS = Date.UTC(2026, 0, 1);

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A manual clock and scheduler: `Clock` for the core's env, `ClientScheduler` for a client's timers. */
export class VirtualClock implements Clock, ClientScheduler {
  readonly #timers = new Map<object, Timer>();
  readonly #settle: () => Promise<void>;
  #now: number;
  #seq = 0;

  /** @default options.startMs 2026-01-01T00:00:00Z, options.settle one macrotask turn */
  constructor(options: VirtualClockOptions = {}) {
    this.#now = options.startMs ?? DEFAULT_START_MS;
    this.#settle = options.settle ?? macrotask;
  }

  /** The virtual time, in ms since the Unix epoch. */
  nowMs(): number {
    return this.#now;
  }

  /** Starts a virtual timer; it fires during a later `advance` that reaches it. */
  setTimer(delayMs: number, fire: () => void): TimerHandle {
    const handle = {};
    this.#timers.set(handle, { at: this.#now + Math.max(0, delayMs), seq: this.#seq++, fire });
    return handle;
  }

  /** Cancels a timer; one that already fired or was cleared is ignored. */
  clearTimer(handle: TimerHandle): void {
    this.#timers.delete(handle);
  }

  /** Cancels every pending timer. */
  clearAll(): void {
    this.#timers.clear();
  }

  /**
   * A scheduler over this clock whose `clearAll()` cancels only the timers it started: each client gets one, so
   * closing a client leaves the service's and the other clients' timers alone.
   */
  scheduler(): ClientScheduler {
    const own = new Set<TimerHandle>();
    return {
      setTimer: (delayMs, fire) => {
        const handle = this.setTimer(delayMs, () => {
          own.delete(handle);
          fire();
        });
        own.add(handle);
        return handle;
      },
      clearTimer: (handle) => {
        own.delete(handle);
        this.clearTimer(handle);
      },
      clearAll: () => {
        for (const handle of own) this.clearTimer(handle);
        own.clear();
      },
    };
  }

  /** Timers not yet fired or cleared. */
  get pending(): number {
    return this.#timers.size;
  }

  /** When the next timer is due (ms since the epoch), or undefined when none is pending. */
  get nextDueMs(): number | undefined {
    return this.#next()?.[1].at;
  }

  /**
   * Moves time forward by `ms`, firing every timer that comes due on the way, in time order (ties in the order they
   * were set), with the network settled before each one and at the end.
   * @throws RangeError for a negative or non-finite `ms`
   */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance: ms must be a finite number ≥ 0, got ${ms}`);
    const target = this.#now + ms;
    for (;;) {
      await this.#settle();
      const next = this.#next();
      if (next === undefined || next[1].at > target) break;
      const [handle, timer] = next;
      this.#timers.delete(handle);
      this.#now = Math.max(this.#now, timer.at);
      timer.fire();
    }
    this.#now = target;
    await this.#settle();
  }

  #next(): [object, Timer] | undefined {
    let best: [object, Timer] | undefined;
    for (const entry of this.#timers) {
      const [, timer] = entry;
      if (best === undefined || timer.at < best[1].at || (timer.at === best[1].at && timer.seq < best[1].seq)) {
        best = entry;
      }
    }
    return best;
  }
}
