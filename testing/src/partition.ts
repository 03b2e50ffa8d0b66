/**
 * Scripted network partitions of a `TestNetwork` (docs/testing.md §2.4): for a span of virtual time, the requests of
 * some operations (all by default) fail the way a broken network fails them.
 *
 * - `refuse`: every request is refused at once with `PubnubNetworkError` (a refused connection, an unreachable
 *   host): the client backs off and retries on its virtual timers.
 * - `blackhole`: requests are sent and never answered (a dropped route): the client's own request timeout fires.
 *
 * A partition also cuts the requests already under way that it covers: a parked subscribe long-poll is refused
 * (`refuse`) or goes silent (`blackhole`), as a connection would through a real outage.
 */
import { type Operation, PubnubNetworkError } from '@pubkit/core';

/** How a partition fails a request. */
export type PartitionMode = 'refuse' | 'blackhole';

/** What `TestNetwork.partition` takes. */
export interface PartitionOptions {
  /** The operations cut off (`subscribe`, `publish`, `heartbeat` …). @default every operation */
  readonly operations?: readonly Operation[] | undefined;
  /** How long (virtual ms) before it heals by itself. @default until `heal()` */
  readonly forMs?: number | undefined;
  /** @default "refuse" */
  readonly mode?: PartitionMode | undefined;
}

/** A partition in force. */
export interface Partition {
  readonly mode: PartitionMode;
  /** True until it heals. */
  readonly active: boolean;
  /** Ends it now (idempotent). */
  heal(): void;
}

/** One partition's rules, held by the network. */
export class PartitionRule implements Partition {
  readonly mode: PartitionMode;
  readonly #operations: ReadonlySet<Operation> | undefined;
  readonly #onHeal: (rule: PartitionRule) => void;
  #active = true;

  /** @throws RangeError for an unknown mode */
  constructor(options: PartitionOptions, onHeal: (rule: PartitionRule) => void) {
    const mode = options.mode ?? 'refuse';
    if (mode !== 'refuse' && mode !== 'blackhole') throw new RangeError(`partition: unknown mode ${String(mode)}`);
    this.mode = mode;
    this.#operations = options.operations === undefined ? undefined : new Set(options.operations);
    this.#onHeal = onHeal;
  }

  get active(): boolean {
    return this.#active;
  }

  heal(): void {
    if (!this.#active) return;
    this.#active = false;
    this.#onHeal(this);
  }

  /** True when this partition cuts requests of `operation`. */
  covers(operation: Operation): boolean {
    return this.#active && (this.#operations === undefined || this.#operations.has(operation));
  }

  /** The error a refused request rejects with. */
  refusal(operation: Operation): PubnubNetworkError {
    return new PubnubNetworkError(`connection refused (a @pubkit/testing partition cuts ${operation})`, {
      operation,
      maybeDelivered: false,
    });
  }
}
