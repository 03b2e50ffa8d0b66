/**
 * The two seams between the core's drivers and the host (docs/architecture.md §4). `@pubkit/node` implements them with undici
 * and real timers; core tests implement them with a fake link and a manual scheduler.
 */
import type { PnRequest, PnResponse } from './request.js';

/** One request in flight. */
export interface InFlight {
  /** Settles with the response, or rejects with a `PubnubTransportError` (network, timeout, abort). */
  readonly response: Promise<PnResponse>;
  /** Aborts the request; `response` then rejects with `PubnubAbortError`. Safe to call twice or after settling. */
  abort(): void;
}

/** Sends requests. Signing (when a secret key is set) is the transport's job, so drivers stay key-free. */
export interface Transport {
  send(request: PnRequest): InFlight;
}

/** An opaque timer handle. */
export type TimerHandle = { readonly __timer: true } | object;

/** Starts and cancels timers. Hosts unref their timers so they never keep a process alive. */
export interface Scheduler {
  setTimer(delayMs: number, fire: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}
