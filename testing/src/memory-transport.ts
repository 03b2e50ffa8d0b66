/**
 * A client's transport on a `TestNetwork`: hands each request (signed first, when the client has a secret key) to
 * the network, and keeps the promises a real transport keeps (docs/architecture.md §4): the response settles once,
 * with the answer or a typed transport error; `abort()` rejects with `PubnubAbortError`; a request not answered
 * within its `timeoutMs` of virtual time rejects with `PubnubTimeoutError`.
 */
import {
  type InFlight,
  type PnRequest,
  type PnResponse,
  PubnubAbortError,
  PubnubStateError,
  PubnubTimeoutError,
  type Scheduler,
} from '@pubkit/core';
import type { ClientTransport } from '@pubkit/node';
import type { PendingAnswer } from './memory-service.js';

/** What a transport needs from its network. */
export interface NetworkLink {
  /** Carries one request to the service (or into a partition). */
  exchange(request: PnRequest): PendingAnswer;
  readonly scheduler: Scheduler;
}

/** Options of `MemoryTransport`. */
export interface MemoryTransportOptions {
  /** Signs a request as it is dispatched (the client's `prepare` hook). */
  readonly prepare?: ((request: PnRequest) => PnRequest) | undefined;
  /** Publishes of one channel in flight at once. @default 1 */
  readonly orderedDepth?: number | undefined;
}

/** The in-memory `ClientTransport` of a test client. */
export class MemoryTransport implements ClientTransport {
  readonly #link: NetworkLink;
  readonly #prepare: ((request: PnRequest) => PnRequest) | undefined;
  readonly #live = new Set<(err: Error) => void>();
  readonly orderedDepth: number;
  #closed = false;

  /** @default options.orderedDepth 1 */
  constructor(link: NetworkLink, options: MemoryTransportOptions = {}) {
    this.#link = link;
    this.#prepare = options.prepare;
    this.orderedDepth = Math.max(1, options.orderedDepth ?? 1);
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Requests in flight. */
  get inFlight(): number {
    return this.#live.size;
  }

  /** Sends one request over the network. */
  send(request: PnRequest): InFlight {
    const operation = request.operation;
    if (this.#closed) {
      const response = Promise.reject(new PubnubStateError('the transport is closed', { operation }));
      response.catch(() => {});
      return { response, abort() {} };
    }
    let stop: (err: Error) => void = () => {};
    const response = new Promise<PnResponse>((resolve, reject) => {
      let pending: PendingAnswer | undefined;
      let done = false;
      const { scheduler } = this.#link;
      const timer = scheduler.setTimer(request.timeoutMs, () =>
        stop(new PubnubTimeoutError(request.timeoutMs, { operation })),
      );
      const finish = (): boolean => {
        if (done) return false;
        done = true;
        scheduler.clearTimer(timer);
        this.#live.delete(stop);
        return true;
      };
      stop = (err) => {
        if (!finish()) return;
        pending?.cancel();
        reject(err);
      };
      this.#live.add(stop);
      try {
        pending = this.#link.exchange(this.#prepare === undefined ? request : this.#prepare(request));
      } catch (err) {
        stop(err as Error);
        return;
      }
      pending.response.then(
        (res) => finish() && resolve(res),
        (err: unknown) => finish() && reject(err),
      );
    });
    return { response, abort: () => stop(new PubnubAbortError(undefined, { operation })) };
  }

  /** The same as `send`: the in-memory service answers in the order requests arrive. */
  sendOrdered(request: PnRequest): InFlight {
    return this.send(request);
  }

  /** Aborts every request in flight. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const stop of [...this.#live]) stop(new PubnubAbortError('the client was closed'));
  }
}
