/**
 * The p-queue candidate for the per-channel publish lanes (issue 10; docs/decisions.md "Publish lanes: the
 * hand-written queue, not p-queue"): the contract of `@pubkit/node`'s `PublishQueue`, with each channel's lane a
 * `PQueue` of concurrency `depth`. It lives in `bench/` because it lost the measurement of `bench/publish-lanes.ts`;
 * it is kept so the measurement can be repeated.
 */
import { setMaxListeners } from 'node:events';
import { type InFlight, type PnRequest, type PnResponse, PubnubAbortError, PubnubStateError } from '@pubkit/core';
import type { PublishQueueOptions } from '@pubkit/node';
import PQueue from 'p-queue';

interface Lane {
  readonly queue: PQueue;
  /** Publishes pushed and not yet settled (waiting + in flight): the lane is dropped at 0. */
  count: number;
}

/** An ordered, bounded publish queue in front of a send function, one p-queue per channel. */
export class PublishLanes {
  readonly #send: (request: PnRequest) => InFlight;
  readonly #depth: number;
  readonly #maxQueued: number;
  readonly #lanes = new Map<string, Lane>();
  /** Aborted by `close()`: p-queue drops and rejects every waiting task that carries it. */
  readonly #closer = new AbortController();

  /**
   * @param send dispatches a request on the ordered path (`UndiciTransport.sendOrdered`)
   * @default options.depth 1, options.maxQueued 1000
   */
  constructor(send: (request: PnRequest) => InFlight, options: PublishQueueOptions = {}) {
    this.#send = send;
    this.#depth = Math.max(1, options.depth ?? 1);
    this.#maxQueued = Math.max(0, options.maxQueued ?? 1000);
    // One listener per waiting publish: thousands are normal here, not a leak.
    setMaxListeners(0, this.#closer.signal);
  }

  /** Publishes waiting for a slot, over all channels. */
  get waiting(): number {
    let n = 0;
    for (const lane of this.#lanes.values()) n += lane.queue.size;
    return n;
  }

  /**
   * Queues a built request for `channel` and resolves with `parse(response)`.
   * @throws never: rejects with `PubnubStateError` when the channel's queue is full or the queue is closed,
   *   `PubnubAbortError` when `signal` aborts or the queue closes, or whatever `send`/`parse` fail with
   */
  push<T>(channel: string, request: PnRequest, parse: (res: PnResponse) => T, signal?: AbortSignal): Promise<T> {
    if (this.#closer.signal.aborted) {
      return Promise.reject(new PubnubStateError('the client is closed', { operation: request.operation }));
    }
    if (signal?.aborted === true) return Promise.reject(abortError(request, signal));
    let lane = this.#lanes.get(channel);
    if (lane === undefined) {
      lane = { queue: new PQueue({ concurrency: this.#depth }), count: 0 };
      this.#lanes.set(channel, lane);
    }
    const { queue } = lane;
    if (queue.pending >= this.#depth && queue.size >= this.#maxQueued) {
      return Promise.reject(
        new PubnubStateError(
          `publish queue for channel "${channel}" is full (${this.#maxQueued} waiting); slow down or await earlier publishes`,
          { operation: request.operation },
        ),
      );
    }
    lane.count++;
    const taskSignal = signal === undefined ? this.#closer.signal : AbortSignal.any([signal, this.#closer.signal]);
    const task = (): Promise<T> => {
      const inFlight = this.#send(request);
      // `close()` aborts in-flight requests through the transport; only the caller's signal needs wiring here.
      if (signal === undefined) return inFlight.response.then(parse);
      const onAbort = (): void => inFlight.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      return inFlight.response.finally(() => signal.removeEventListener('abort', onAbort)).then(parse);
    };
    const settle = (): void => {
      const current = this.#lanes.get(channel);
      if (current !== undefined && --current.count === 0) this.#lanes.delete(channel);
    };
    return queue.add(task, { signal: taskSignal }).then(
      (value) => {
        settle();
        return value;
      },
      (err: unknown) => {
        settle();
        if (signal !== undefined && err === signal.reason) throw abortError(request, signal);
        throw err;
      },
    );
  }

  /** Rejects every waiting publish with `PubnubAbortError`; in-flight ones are aborted by the transport. */
  close(): void {
    if (this.#closer.signal.aborted) return;
    this.#closer.abort(new PubnubAbortError('the client was closed'));
  }
}

function abortError(request: PnRequest, signal: AbortSignal | undefined): PubnubAbortError {
  return new PubnubAbortError('the publish was aborted', { operation: request.operation, cause: signal?.reason });
}
