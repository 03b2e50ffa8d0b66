/**
 * `MachineDriver`: the bookkeeping `SubscribeLoop` and `HeartbeatLoop` share to run a pure machine (docs/architecture.md §4). It
 * owns the event queue, the requests in flight and the timers; each loop keeps its own `step` (the machine call and
 * the commands that are not bookkeeping) and its request building.
 *
 * Why these details:
 * - Events raised while commands execute are queued and stepped after the current commands finish, so commands
 *   always run against the state that issued them.
 * - Every promise gets both handlers and every handler catches: a driver never causes an unhandled rejection.
 * - An answer to a request already aborted (or after `close()`) is not even parsed: the machine would drop it.
 * - A timer that fires after it was cancelled is ignored.
 */
import type { Logger } from '../env.js';
import { PubnubStateError } from '../errors.js';
import type { InFlight, Scheduler, TimerHandle } from '../transport.js';

/** The events the driver raises itself; both machines accept them as they are. */
export type DriverEvent =
  | { readonly type: 'requestFailed'; readonly requestId: number; readonly error: Error }
  | { readonly type: 'timerFired'; readonly timerId: number };

/** The commands the driver executes itself; both machines issue them in this shape. */
export type DriverCommand =
  | { readonly type: 'abort'; readonly requestId: number }
  | { readonly type: 'startTimer'; readonly timerId: number; readonly delayMs: number }
  | { readonly type: 'cancelTimer'; readonly timerId: number };

/** What a loop executes itself: one handler per command type of its machine that is not a {@link DriverCommand}. */
export type OwnCommandHandlers<C extends { readonly type: string }> = {
  readonly [T in Exclude<C, DriverCommand>['type']]: (command: Extract<C, { readonly type: T }>) => void;
};

/** Queues events, steps them one at a time, and tracks the requests and timers the commands start. */
export class MachineDriver<E extends { readonly type: string }> {
  readonly #queue: (E | DriverEvent)[] = [];
  #running = false;
  #closed = false;
  readonly #inFlight = new Map<number, InFlight>();
  readonly #timers = new Map<number, TimerHandle>();
  readonly #name: string;
  readonly #scheduler: Scheduler;
  readonly #logger: Logger;
  readonly #step: (event: E | DriverEvent) => void;

  /**
   * @param name names the loop in log lines (`"subscribe loop"`)
   * @param step steps the machine with one event and executes its commands
   */
  constructor(name: string, scheduler: Scheduler, logger: Logger, step: (event: E | DriverEvent) => void) {
    this.#name = name;
    this.#scheduler = scheduler;
    this.#logger = logger;
    this.#step = step;
  }

  /** True after {@link close}: commands still being executed must not send or start anything. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Steps `event` now, or after the event being stepped when called from a command. Errors reach the caller. */
  dispatch(event: E | DriverEvent): void {
    if (this.#closed) return;
    this.#queue.push(event);
    if (this.#running) return;
    this.#running = true;
    try {
      for (let next = this.#queue.shift(); next !== undefined; next = this.#queue.shift()) this.#step(next);
    } finally {
      this.#running = false;
    }
  }

  /** Dispatches from a callback (a settled request, a timer): an error here has no caller to go to, so log it. */
  dispatchSafely(event: E | DriverEvent): void {
    try {
      this.dispatch(event);
    } catch (err) {
      this.#queue.length = 0;
      this.#logger.error(`${this.#name}: step failed`, { event: event.type, error: String(err) });
    }
  }

  /**
   * Tracks `inFlight` as `requestId`: its response becomes the event `toEvent` returns (a throw from `toEvent`, or a
   * rejection, becomes `requestFailed`), unless the request was aborted first.
   */
  track(requestId: number, inFlight: InFlight, toEvent: (res: Awaited<InFlight['response']>) => E): void {
    this.#inFlight.set(requestId, inFlight);
    inFlight.response.then(
      (res) => {
        if (!this.#inFlight.delete(requestId)) return;
        let event: E | DriverEvent;
        try {
          event = toEvent(res);
        } catch (err) {
          event = { type: 'requestFailed', requestId, error: asError(err) };
        }
        this.dispatchSafely(event);
      },
      (err: unknown) => {
        if (!this.#inFlight.delete(requestId)) return;
        this.dispatchSafely({ type: 'requestFailed', requestId, error: asError(err) });
      },
    );
  }

  /**
   * The one command switch of both loops: `abort`, `startTimer` and `cancelTimer` are the driver's own; every
   * other command goes to the loop's handler for its type. After {@link close} (a listener called `stop()`
   * mid-step) nothing runs: the rest of that step's commands must not send or start anything.
   */
  run<C extends { readonly type: string }>(command: C, own: OwnCommandHandlers<C>): void {
    if (this.#closed) return;
    const type = command.type;
    if (type === 'abort' || type === 'startTimer' || type === 'cancelTimer') {
      this.execute(command as unknown as DriverCommand);
      return;
    }
    (own as unknown as Record<string, (c: C) => void>)[type]!(command);
  }

  /** Calls a listener: a throw is logged, never allowed to break the chain of requests. */
  listen(what: string, call: () => void): void {
    try {
      call();
    } catch (err) {
      this.#logger.error(`${this.#name}: listener ${what} threw`, { error: String(err) });
    }
  }

  /** Executes an `abort`, `startTimer` or `cancelTimer` command. */
  execute(command: DriverCommand): void {
    switch (command.type) {
      case 'abort':
        this.#abort(command.requestId);
        return;
      case 'startTimer':
        this.#startTimer(command.timerId, command.delayMs);
        return;
      case 'cancelTimer':
        this.#cancelTimer(command.timerId);
        return;
    }
  }

  /** Aborts the request `requestId`, if still in flight; its answer is then ignored. */
  #abort(requestId: number): void {
    const inFlight = this.#inFlight.get(requestId);
    this.#inFlight.delete(requestId);
    inFlight?.abort();
  }

  /** Starts the timer `timerId`; when it fires, `timerFired` is dispatched. */
  #startTimer(timerId: number, delayMs: number): void {
    const handle = this.#scheduler.setTimer(delayMs, () => {
      if (!this.#timers.delete(timerId)) return;
      this.dispatchSafely({ type: 'timerFired', timerId });
    });
    this.#timers.set(timerId, handle);
  }

  /** Cancels the timer `timerId`, if it has not fired. */
  #cancelTimer(timerId: number): void {
    const handle = this.#timers.get(timerId);
    this.#timers.delete(timerId);
    if (handle !== undefined) this.#scheduler.clearTimer(handle);
  }

  /** Closes for good: drops queued events, aborts every request and cancels every timer. */
  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    for (const inFlight of this.#inFlight.values()) inFlight.abort();
    this.#inFlight.clear();
    for (const handle of this.#timers.values()) this.#scheduler.clearTimer(handle);
    this.#timers.clear();
  }
}

/** A thrown non-`Error` is a bug somewhere; wrap it so the machine reports it (as fatal) rather than crash. */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new PubnubStateError(`unexpected failure: ${String(err)}`, { cause: err });
}
