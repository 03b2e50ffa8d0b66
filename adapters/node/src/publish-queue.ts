/**
 * Per-channel ordered publishing with bounded concurrency and a bounded queue (docs/architecture.md §5).
 *
 * Why this is enough for order: the queue dispatches each channel's publishes strictly in call order, at most
 * `depth` at a time, onto the transport's ordered path (`UndiciTransport.sendOrdered`), which pipelines them on one
 * keep-alive connection; the server reads them in the order they were written. With `depth` 1 (no pooling) a
 * channel has one publish in flight and the next leaves only when it has been answered, which orders them on any
 * server. Different channels never wait for each other beyond sharing the connection.
 *
 * Why bounded: a producer that outruns the network would otherwise grow memory without limit. When a channel
 * already has `maxQueued` publishes waiting (not counting those in flight), the next call is refused at once with a
 * `PubnubStateError` (code `PN_STATE`) the caller can back off on.
 */
import { type InFlight, type PnRequest, type PnResponse, PubnubAbortError, PubnubStateError } from '@pubkit/core';

/** Options of `PublishQueue`. */
export interface PublishQueueOptions {
  /** Most publishes of one channel in flight at once. @default 1 */
  readonly depth?: number | undefined;
  /** Most publishes of one channel waiting for a slot; one more is refused. @default 1000 */
  readonly maxQueued?: number | undefined;
}

interface Job {
  readonly request: PnRequest;
  readonly parse: (res: PnResponse) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
  readonly signal: AbortSignal | undefined;
  inFlight: InFlight | undefined;
  onAbort: (() => void) | undefined;
  lane: Lane | undefined;
}

interface Lane {
  readonly channel: string;
  readonly waiting: Job[];
  head: number;
  running: number;
}

/** An ordered, bounded publish queue in front of a send function. */
export class PublishQueue {
  readonly #send: (request: PnRequest) => InFlight;
  readonly #depth: number;
  readonly #maxQueued: number;
  readonly #lanes = new Map<string, Lane>();
  #closed = false;

  /**
   * @param send dispatches a request on the ordered path (`UndiciTransport.sendOrdered`)
   * @default options.depth 1, options.maxQueued 1000
   */
  constructor(send: (request: PnRequest) => InFlight, options: PublishQueueOptions = {}) {
    this.#send = send;
    this.#depth = Math.max(1, options.depth ?? 1);
    this.#maxQueued = Math.max(0, options.maxQueued ?? 1000);
  }

  /** Publishes waiting for a slot, over all channels. */
  get waiting(): number {
    let n = 0;
    for (const lane of this.#lanes.values()) n += lane.waiting.length - lane.head;
    return n;
  }

  /**
   * Queues a built request for `channel` and resolves with `parse(response)`.
   * @throws never: rejects with `PubnubStateError` when the channel's queue is full or the queue is closed,
   *   `PubnubAbortError` when `signal` aborts, or whatever `send`/`parse` fail with
   */
  push<T>(channel: string, request: PnRequest, parse: (res: PnResponse) => T, signal?: AbortSignal): Promise<T> {
    if (this.#closed) {
      return Promise.reject(new PubnubStateError('the client is closed', { operation: request.operation }));
    }
    if (signal?.aborted === true) return Promise.reject(abortError(request, signal));
    let lane = this.#lanes.get(channel);
    if (lane === undefined) {
      lane = { channel, waiting: [], head: 0, running: 0 };
      this.#lanes.set(channel, lane);
    }
    if (lane.running >= this.#depth && lane.waiting.length - lane.head >= this.#maxQueued) {
      return Promise.reject(
        new PubnubStateError(
          `publish queue for channel "${channel}" is full (${this.#maxQueued} waiting); slow down or await earlier publishes`,
          { operation: request.operation },
        ),
      );
    }
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        request,
        parse,
        resolve: resolve as (value: unknown) => void,
        reject,
        signal,
        inFlight: undefined,
        onAbort: undefined,
        lane,
      };
      if (signal !== undefined) {
        job.onAbort = () => this.#abortJob(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      if (lane.running < this.#depth && lane.head === lane.waiting.length) this.#start(lane, job);
      else lane.waiting.push(job);
    });
  }

  /** Rejects every waiting publish with `PubnubAbortError`; in-flight ones are aborted by the transport. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const lane of this.#lanes.values()) {
      for (let i = lane.head; i < lane.waiting.length; i++) {
        const job = lane.waiting[i]!;
        this.#finish(job);
        job.reject(new PubnubAbortError('the client was closed', { operation: job.request.operation }));
      }
      lane.waiting.length = 0;
      lane.head = 0;
    }
  }

  #start(lane: Lane, job: Job): void {
    lane.running++;
    let inFlight: InFlight;
    try {
      inFlight = this.#send(job.request);
    } catch (err) {
      lane.running--;
      this.#finish(job);
      job.reject(err);
      return;
    }
    job.inFlight = inFlight;
    inFlight.response.then(
      (res) => {
        this.#done(lane);
        this.#finish(job);
        let value: unknown;
        try {
          value = job.parse(res);
        } catch (err) {
          job.reject(err);
          return;
        }
        job.resolve(value);
      },
      (err: unknown) => {
        this.#done(lane);
        this.#finish(job);
        job.reject(err);
      },
    );
  }

  #done(lane: Lane): void {
    lane.running--;
    while (lane.running < this.#depth && lane.head < lane.waiting.length) {
      const next = lane.waiting[lane.head]!;
      lane.waiting[lane.head] = undefined as unknown as Job; // let the job be collected
      lane.head++;
      this.#start(lane, next);
    }
    if (lane.head === lane.waiting.length) {
      lane.waiting.length = 0;
      lane.head = 0;
      if (lane.running === 0) this.#lanes.delete(lane.channel);
    }
  }

  #finish(job: Job): void {
    if (job.onAbort !== undefined) job.signal?.removeEventListener('abort', job.onAbort);
    job.onAbort = undefined;
    job.lane = undefined;
  }

  #abortJob(job: Job): void {
    if (job.inFlight !== undefined) {
      job.inFlight.abort();
      return;
    }
    const lane = job.lane;
    if (lane === undefined) return;
    const index = lane.waiting.indexOf(job, lane.head);
    if (index >= 0) lane.waiting.splice(index, 1);
    this.#finish(job);
    job.reject(abortError(job.request, job.signal));
  }
}

function abortError(request: PnRequest, signal: AbortSignal | undefined): PubnubAbortError {
  return new PubnubAbortError('the publish was aborted', { operation: request.operation, cause: signal?.reason });
}
