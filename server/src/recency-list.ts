/**
 * Least-recently-used order for the server's per-channel buffers (the channel table's catch-up queues, the memory
 * store's histories): a doubly linked list threaded through the entries themselves.
 *
 * Why not the insertion order of the lookup `Map` (delete and re-insert on every use, as before): with publishes
 * spread over several channels every publish moved its channel, in both structures, and each move left a deleted
 * slot in the `Map`'s hash table that a rehash later swept up. In the server's ingest profile that churn was a good
 * part of the catch-up append and the store append (docs/performance.md §3, publish ingest). Moving an entry here
 * rewrites four links; the `Map` keeps its entries in place and only looks them up.
 */

/** The links an entry carries; managed by its list only. */
export interface RecencyLinks<T> {
  older: T | undefined;
  newer: T | undefined;
}

/** Entries from least to most recently used. Each entry is in at most one list. */
export class RecencyList<T extends RecencyLinks<T>> {
  #oldest: T | undefined = undefined;
  #newest: T | undefined = undefined;

  /** The least recently used entry (first to evict). */
  get oldest(): T | undefined {
    return this.#oldest;
  }

  /** The most recently used entry. */
  get newest(): T | undefined {
    return this.#newest;
  }

  /** Adds `entry` (not in the list) as the most recently used. */
  add(entry: T): void {
    entry.older = this.#newest;
    entry.newer = undefined;
    if (this.#newest === undefined) this.#oldest = entry;
    else this.#newest.newer = entry;
    this.#newest = entry;
  }

  /** Makes `entry` (in the list) the most recently used. */
  touch(entry: T): void {
    if (entry === this.#newest) return;
    this.remove(entry);
    this.add(entry);
  }

  /** Takes `entry` (in the list) out. */
  remove(entry: T): void {
    const { older, newer } = entry;
    if (older === undefined) this.#oldest = newer;
    else older.newer = newer;
    if (newer === undefined) this.#newest = older;
    else newer.older = older;
    entry.older = undefined;
    entry.newer = undefined;
  }

  /** Forgets every entry (their links are left as they are: the entries are dropped with the list). */
  clear(): void {
    this.#oldest = undefined;
    this.#newest = undefined;
  }
}
