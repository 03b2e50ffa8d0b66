/**
 * `Feed`: what a callback delivered, in order, and a way to wait until it holds what a test expects. Waiting is
 * driven by arrivals (no polling); the only timer is the deadline, cleared as soon as the wait ends.
 */

/** Items pushed by a callback, with `until` to wait for a condition on them. */
export class Feed<T> {
  readonly items: T[] = [];
  readonly #waiters = new Set<() => void>();

  /** Records one item and wakes the waiters. */
  push(item: T): void {
    this.items.push(item);
    for (const wake of [...this.#waiters]) wake();
  }

  /**
   * Resolves once `done(items)` holds; rejects after `ms` with `what` and the items so far.
   * @throws Error on the deadline
   */
  until(done: (items: readonly T[]) => boolean, what: string, ms = 5_000): Promise<readonly T[]> {
    if (done(this.items)) return Promise.resolve(this.items);
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      const check = () => {
        if (!done(this.items)) return;
        finish();
        resolve(this.items);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; got ${JSON.stringify(this.items)}`));
      }, ms);
      this.#waiters.add(check);
    });
  }

  /** Waits until at least `n` items arrived. */
  count(n: number, what: string, ms?: number): Promise<readonly T[]> {
    return this.until((items) => items.length >= n, `${n} × ${what}`, ms);
  }
}

/** Waits `ms` of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
