/**
 * `SubscribeLoop`: the small driver of the subscribe machine (DESIGN §4). It holds the machine's state, turns calls,
 * responses, failures and timer ticks into events, and executes the commands `stepSubscribe()` returns through the
 * injected `Transport` and `Scheduler`. It decides nothing itself: every rule lives in `machine.ts`.
 *
 * Why these details:
 * - Events raised while commands execute (a listener calling `setSubscriptions()` from `onMessage`) are queued and
 *   stepped after the current commands finish, so commands always run against the state that issued them.
 * - Every promise gets both handlers and every handler catches: the loop never causes an unhandled rejection, and a
 *   listener that throws is logged, never allowed to break the chain of polls.
 * - An answer to a request the loop already aborted is not even parsed (the machine would drop it anyway).
 * - No timer is started in the constructor (DESIGN §9): nothing runs until `setSubscriptions()`.
 * - The request is validated and encoded once per channel set and context object (`prepareSubscribe`); each poll
 *   only adds its cursor. With a presence `state` it is rebuilt for every request, as the state is read each time.
 */
import type { RequestContext } from '../context.js';
import { PubnubStateError, PubnubValidationError } from '../errors.js';
import {
  buildSubscribePoll,
  parseSubscribe,
  prepareSubscribe,
  type SubscribeEnvelope,
  type SubscribeTemplate,
} from '../operations/index.js';
import type { InFlight, TimerHandle } from '../transport.js';
import { checkRetryPolicy } from './backoff.js';
import type { SubscribeCommand } from './commands.js';
import type { PollCursor, SubscribeEvent } from './events.js';
import type { SubscribeLoopOptions } from './loop-options.js';
import { DEFAULT_SUBSCRIBE_OPTIONS, type SubscribeMachineOptions, stepSubscribe } from './machine.js';
import { initialSubscribeState, type SubscribeState, type SubscribeStateKind } from './state.js';

/** Runs one subscription: handshake, long-polls, retries, statuses. */
export class SubscribeLoop {
  readonly #options: SubscribeLoopOptions;
  readonly #machine: SubscribeMachineOptions;
  #state: SubscribeState = initialSubscribeState;
  readonly #queue: SubscribeEvent<SubscribeEnvelope>[] = [];
  #running = false;
  #closed = false;
  readonly #inFlight = new Map<number, InFlight>();
  readonly #timers = new Map<number, TimerHandle>();
  /** The last request template and what it was made from (compared by identity). */
  #template: { channels: unknown; groups: unknown; ctx: unknown; value: SubscribeTemplate } | undefined;

  /**
   * Creates an idle loop; nothing is sent until {@link setSubscriptions}.
   * @throws PubnubValidationError for a retry policy the backoff cannot follow (e.g. `baseDelayMs > maxDelayMs`),
   *   here rather than at the first failure
   */
  constructor(options: SubscribeLoopOptions) {
    this.#options = options;
    const retry = options.retry === false ? { maxAttempts: 0 } : definedOnly(options.retry ?? {});
    this.#machine = {
      ...DEFAULT_SUBSCRIBE_OPTIONS,
      ...retry,
      ...(options.catchUpWindowMs === undefined ? {} : { catchUpWindowMs: options.catchUpWindowMs }),
      ...(options.dedupeWindowSize === undefined ? {} : { dedupeWindowSize: options.dedupeWindowSize }),
    };
    try {
      checkRetryPolicy(this.#machine);
    } catch (err) {
      throw new PubnubValidationError('retry', err instanceof Error ? err.message : String(err), {
        operation: 'subscribe',
      });
    }
  }

  /** The cursor the next poll resumes from, if any. */
  get cursor(): PollCursor | undefined {
    return this.#state.cursor;
  }

  /** The machine's state name: `idle`, `handshaking`, `receiving`, `waiting` or `stopped`. */
  get stateKind(): SubscribeStateKind {
    return this.#state.kind;
  }

  /** The subscribed channels and groups (sorted, de-duplicated). */
  get subscription(): { readonly channels: readonly string[]; readonly groups: readonly string[] } {
    return { channels: this.#state.channels, groups: this.#state.groups };
  }

  /**
   * Sets the whole subscription. A new set re-handshakes and resumes from the previous cursor; the same set is a
   * no-op (unless stopped, when it restarts); an empty set ends the session.
   * @throws PubnubValidationError for an invalid channel or group name (checked before anything changes)
   * @throws PubnubStateError after {@link stop}
   */
  setSubscriptions(channels: readonly string[], groups: readonly string[] = []): void {
    this.#open();
    if (channels.length > 0 || groups.length > 0) {
      // A dry run of the request builder validates names, heartbeat and state now, in the caller's stack.
      prepareSubscribe(this.#params(channels, groups, this.#options.state?.()), this.#options.context());
    }
    this.#dispatch({ type: 'subsChanged', channels, groups });
  }

  /**
   * Resumes after `disconnect()` or an `error` status, or retries at once while backing off. A no-op when idle or
   * already connected.
   * @throws PubnubStateError after {@link stop}
   */
  reconnect(): void {
    this.#open();
    if (this.#state.kind !== 'idle') this.#dispatch({ type: 'reconnectRequested' });
  }

  /**
   * Stops polling but keeps the subscription and cursor, so `reconnect()` resumes without loss.
   * @throws PubnubStateError after {@link stop}
   */
  disconnect(): void {
    this.#open();
    this.#dispatch({ type: 'disconnectRequested' });
  }

  /** Stops for good: aborts the request in flight and cancels every timer. Safe to call twice. */
  stop(): void {
    if (this.#closed) return;
    this.#dispatch({ type: 'disconnectRequested' });
    this.#closed = true;
    this.#queue.length = 0;
    for (const inFlight of this.#inFlight.values()) inFlight.abort();
    this.#inFlight.clear();
    for (const handle of this.#timers.values()) this.#options.scheduler.clearTimer(handle);
    this.#timers.clear();
  }

  #open(): void {
    if (this.#closed) throw new PubnubStateError('the subscribe loop is stopped', { operation: 'subscribe' });
  }

  #params(
    channels: readonly string[],
    groups: readonly string[],
    state: Readonly<Record<string, unknown>> | undefined,
  ) {
    const { heartbeat, filterExpression } = this.#options;
    return { channels, channelGroups: groups, heartbeat, state, filterExpression };
  }

  /** The request template for this poll: the last one while nothing it was made from changed. */
  #templateFor(channels: readonly string[], groups: readonly string[], ctx: RequestContext): SubscribeTemplate {
    const state = this.#options.state?.();
    const last = this.#template;
    if (last !== undefined && last.channels === channels && last.groups === groups && last.ctx === ctx) {
      return last.value;
    }
    const value = prepareSubscribe(this.#params(channels, groups, state), ctx);
    // A presence state is read (and may have changed in place) before every request: never reuse its template.
    this.#template = state === undefined ? { channels, groups, ctx, value } : undefined;
    return value;
  }

  #dispatch(event: SubscribeEvent<SubscribeEnvelope>): void {
    if (this.#closed) return;
    this.#queue.push(event);
    if (this.#running) return;
    this.#running = true;
    try {
      for (let next = this.#queue.shift(); next !== undefined; next = this.#queue.shift()) {
        const { env } = this.#options;
        const ctx = { nowMs: env.clock.nowMs(), jitter: env.random.unit(), options: this.#machine };
        const { state, commands } = stepSubscribe(this.#state, next, ctx);
        this.#state = state;
        for (const command of commands) this.#execute(command);
      }
    } finally {
      this.#running = false;
    }
  }

  /** Dispatches from a callback (a settled request, a timer): an error here has no caller to go to, so log it. */
  #dispatchSafely(event: SubscribeEvent<SubscribeEnvelope>): void {
    try {
      this.#dispatch(event);
    } catch (err) {
      this.#queue.length = 0;
      this.#options.env.logger.error('subscribe loop: step failed', { event: event.type, error: String(err) });
    }
  }

  #execute(command: SubscribeCommand<SubscribeEnvelope>): void {
    // `stop()` called by a listener mid-step: the rest of that step's commands must not send or start anything.
    if (this.#closed) return;
    switch (command.type) {
      case 'poll':
        this.#poll(command.requestId, command.channels, command.groups, command.cursor);
        return;
      case 'abort': {
        const inFlight = this.#inFlight.get(command.requestId);
        this.#inFlight.delete(command.requestId);
        inFlight?.abort();
        return;
      }
      case 'startTimer': {
        const { timerId } = command;
        const handle = this.#options.scheduler.setTimer(command.delayMs, () => {
          if (!this.#timers.delete(timerId)) return;
          this.#dispatchSafely({ type: 'timerFired', timerId });
        });
        this.#timers.set(timerId, handle);
        return;
      }
      case 'cancelTimer': {
        const handle = this.#timers.get(command.timerId);
        this.#timers.delete(command.timerId);
        if (handle !== undefined) this.#options.scheduler.clearTimer(handle);
        return;
      }
      case 'emitMessage':
        this.#emitMessage(command.message);
        return;
      case 'emitStatus':
        try {
          this.#options.listener.onStatus?.(command.status);
        } catch (err) {
          this.#listenerThrew('onStatus', err);
        }
        return;
    }
  }

  #poll(requestId: number, channels: readonly string[], groups: readonly string[], cursor?: PollCursor): void {
    let inFlight: InFlight;
    let ctx: RequestContext;
    try {
      ctx = this.#options.context();
      const request = buildSubscribePoll(this.#templateFor(channels, groups, ctx), cursor?.timetoken, cursor?.region);
      inFlight = this.#options.transport.send(request);
    } catch (err) {
      // Queued behind the current commands, like any event raised while they run.
      this.#dispatch({ type: 'requestFailed', requestId, error: asError(err) });
      return;
    }
    this.#inFlight.set(requestId, inFlight);
    inFlight.response.then(
      (res) => {
        if (!this.#inFlight.delete(requestId)) return;
        let event: SubscribeEvent<SubscribeEnvelope>;
        try {
          event = { type: 'responseArrived', requestId, result: parseSubscribe(res, ctx.cipher) };
        } catch (err) {
          event = { type: 'requestFailed', requestId, error: asError(err) };
        }
        this.#dispatchSafely(event);
      },
      (err: unknown) => {
        if (!this.#inFlight.delete(requestId)) return;
        this.#dispatchSafely({ type: 'requestFailed', requestId, error: asError(err) });
      },
    );
  }

  /** The per-message path: no closure or wrapper object per message (issue 4's per-message CPU goal). */
  #emitMessage(message: SubscribeEnvelope): void {
    try {
      this.#options.listener.onMessage?.(message);
    } catch (err) {
      this.#listenerThrew('onMessage', err);
    }
  }

  #listenerThrew(what: string, err: unknown): void {
    this.#options.env.logger.error(`subscribe loop: listener ${what} threw`, { error: String(err) });
  }
}

/** Drops `undefined` fields, so `{ jitterMs: undefined }` keeps the default instead of erasing it. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A thrown non-`Error` is a bug somewhere; wrap it so the machine reports it (as fatal) rather than crash. */
function asError(err: unknown): Error {
  return err instanceof Error ? err : new PubnubStateError(`unexpected failure: ${String(err)}`, { cause: err });
}
