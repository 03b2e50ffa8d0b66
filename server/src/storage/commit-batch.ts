/**
 * Group commit for a synchronous database: writes made during one event-loop turn run in one transaction, started
 * from `setImmediate`, and each write's Promise settles only after that transaction committed. One commit per
 * turn instead of one per write is what keeps durable ingest close to memory ingest (docs/protocol.md §13.1): a
 * WAL commit costs one write() of the log however many rows it carries.
 *
 * When the transaction throws (a locked or full database), every write of the batch rejects with the mapped
 * error and nothing of the batch is kept (the transaction rolled back).
 */

interface PendingWrite {
  readonly run: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

/** Runs queued writes in one transaction per event-loop turn. */
export class CommitBatch {
  #pending: PendingWrite[] = [];
  #timer: NodeJS.Immediate | undefined;
  readonly #transaction: (writes: readonly (() => unknown)[]) => unknown[];
  readonly #mapError: (err: unknown) => unknown;

  /**
   * @param transaction runs the writes inside one transaction and returns their results (throws to roll back)
   * @param mapError turns a thrown database error into the error the writes reject with
   */
  constructor(transaction: (writes: readonly (() => unknown)[]) => unknown[], mapError: (err: unknown) => unknown) {
    this.#transaction = transaction;
    this.#mapError = mapError;
  }

  /** Queues a write; resolves with its result once its transaction committed. */
  write<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ run, resolve: resolve as (value: unknown) => void, reject });
      this.#timer ??= setImmediate(() => this.flush());
    });
  }

  /** Commits what is queued now (also called by `close`). */
  flush(): void {
    if (this.#timer !== undefined) clearImmediate(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    let results: unknown[];
    try {
      results = this.#transaction(batch.map((w) => w.run));
    } catch (err) {
      const mapped = this.#mapError(err);
      for (const w of batch) w.reject(mapped);
      return;
    }
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]);
  }
}
