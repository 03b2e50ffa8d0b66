/**
 * `SubscribeLoop`: the small driver of the subscribe machine (docs/architecture.md §4). It holds the machine's state, turns calls,
 * responses, failures and timer ticks into events, and executes the commands `stepSubscribe()` returns through the
 * injected `Transport` and `Scheduler`. It decides nothing itself: every rule lives in `machine.ts`. The event queue,
 * the requests in flight and the timers are kept by `MachineDriver` (`driver.ts`), shared with `HeartbeatLoop`.
 *
 * Why these details:
 * - Events raised while commands execute (a listener calling `setSubscriptions()` from `onMessage`) are queued and
 *   stepped after the current commands finish, so commands always run against the state that issued them.
 * - Every promise gets both handlers and every handler catches: the loop never causes an unhandled rejection, and a
 *   listener that throws is logged, never allowed to break the chain of polls.
 * - An answer to a request the loop already aborted is not even parsed (the machine would drop it anyway).
 * - No timer is started in the constructor (docs/architecture.md §9): nothing runs until `setSubscriptions()`.
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
import type { InFlight } from '../transport.js';
import { checkRetryPolicy } from './backoff.js';
import type { PollCommand, SubscribeCommand } from './commands.js';
import { asError, MachineDriver, type OwnCommandHandlers } from './driver.js';
import type { PollCursor, SubscribeEvent } from './events.js';
import type { SubscribeLoopOptions } from './loop-options.js';
import { stepSubscribe } from './machine.js';
import { DEFAULT_SUBSCRIBE_OPTIONS, type SubscribeMachineOptions } from './machine-options.js';
import { initialSubscribeState, type SubscribeState, type SubscribeStateKind, subscribedSet } from './state.js';

/** Runs one subscription: handshake, long-polls, retries, statuses. */
export class SubscribeLoop {
  readonly #options: SubscribeLoopOptions;
  readonly #machine: SubscribeMachineOptions;
  #state: SubscribeState = initialSubscribeState;
  readonly #driver: MachineDriver<SubscribeEvent<SubscribeEnvelope>>;
  /** The last request template and what it was made from (compared by identity). */
  #template:
    | { channels: unknown; groups: unknown; filter: unknown; ctx: unknown; value: SubscribeTemplate }
    | undefined;
  /** The service-side filter the next set is polled with (`filterExpression`, then `setFilterExpression`). */
  #filter: string | undefined;

  /**
   * Creates an idle loop; nothing is sent until {@link setSubscriptions}.
   * @throws PubnubValidationError for a retry policy the backoff cannot follow (e.g. `baseDelayMs > maxDelayMs`),
   *   here rather than at the first failure
   */
  constructor(options: SubscribeLoopOptions) {
    this.#options = options;
    this.#filter = options.filterExpression;
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
    this.#driver = new MachineDriver('subscribe loop', options.scheduler, options.env.logger, (event) => {
      const { env } = this.#options;
      const ctx = { nowMs: env.clock.nowMs(), jitter: env.random.unit(), options: this.#machine };
      const { state, commands } = stepSubscribe(this.#state, event, ctx);
      this.#state = state;
      for (let i = 0; i < commands.length; i++) this.#driver.run(commands[i]!, this.#own);
    });
  }

  /** The cursor the next poll resumes from, if any. */
  get cursor(): PollCursor | undefined {
    return this.#state.kind === 'idle' ? undefined : this.#state.cursor;
  }

  /** The machine's state name: `idle`, `handshaking`, `receiving`, `waiting` or `stopped`. */
  get stateKind(): SubscribeStateKind {
    return this.#state.kind;
  }

  /** The subscribed channels and groups (sorted, de-duplicated). */
  get subscription(): { readonly channels: readonly string[]; readonly groups: readonly string[] } {
    return subscribedSet(this.#state);
  }

  /**
   * Sets the whole subscription. A new set re-handshakes and resumes from the previous cursor; the same set is a
   * no-op (unless stopped, when it restarts); an empty set ends the session.
   * @throws PubnubValidationError for an invalid channel or group name (checked before anything changes)
   * @throws PubnubStateError after {@link stop}
   */
  setSubscriptions(channels: readonly string[], groups: readonly string[] = []): void {
    this.#change(channels, groups, this.#filter);
  }

  /** The service-side filter (`filter-expr`) polls are sent with; `undefined` for none. */
  get filterExpression(): string | undefined {
    return this.#filter;
  }

  /**
   * Sets the service-side filter (`filter-expr`, docs/protocol.md §2.4). A different filter re-handshakes the
   * current set, resuming from the cursor like a channel change; `undefined` or `""` removes it. A filter the
   * service cannot parse is answered 400 and reported once as an `error` status (never retried).
   * @throws PubnubValidationError when `filterExpression` is not a string (nothing changes)
   * @throws PubnubStateError after {@link stop}
   */
  setFilterExpression(filterExpression: string | undefined): void {
    const { channels, groups } = this.subscription;
    this.#change(channels, groups, filterExpression === '' ? undefined : filterExpression);
  }

  #change(channels: readonly string[], groups: readonly string[], filter: string | undefined): void {
    this.#open();
    if (channels.length > 0 || groups.length > 0) {
      // A dry run of the request builder validates names, filter, heartbeat and state now, in the caller's stack.
      prepareSubscribe(this.#params(channels, groups, filter, this.#options.state?.()), this.#options.context());
    } else if (filter !== undefined && typeof filter !== 'string') {
      throw new PubnubValidationError('filterExpression', 'filterExpression must be a string', {
        operation: 'subscribe',
      });
    }
    this.#filter = filter;
    this.#driver.dispatch({ type: 'subsChanged', channels, groups, filterExpression: filter });
  }

  /**
   * Resumes after `disconnect()` or an `error` status, or retries at once while backing off. A no-op when idle or
   * already connected.
   * @throws PubnubStateError after {@link stop}
   */
  reconnect(): void {
    this.#open();
    if (this.#state.kind !== 'idle') this.#driver.dispatch({ type: 'reconnectRequested' });
  }

  /**
   * Stops polling but keeps the subscription and cursor, so `reconnect()` resumes without loss.
   * @throws PubnubStateError after {@link stop}
   */
  disconnect(): void {
    this.#open();
    this.#driver.dispatch({ type: 'disconnectRequested' });
  }

  /** Stops for good: aborts the request in flight and cancels every timer. Safe to call twice. */
  stop(): void {
    if (this.#driver.closed) return;
    this.#driver.dispatch({ type: 'disconnectRequested' });
    this.#driver.close();
  }

  #open(): void {
    if (this.#driver.closed) throw new PubnubStateError('the subscribe loop is stopped', { operation: 'subscribe' });
  }

  #params(
    channels: readonly string[],
    groups: readonly string[],
    filterExpression: string | undefined,
    state: Readonly<Record<string, unknown>> | undefined,
  ) {
    return { channels, channelGroups: groups, heartbeat: this.#options.heartbeat, state, filterExpression };
  }

  /** The request template for this poll: the last one while nothing it was made from changed. */
  #templateFor(c: PollCommand, ctx: RequestContext): SubscribeTemplate {
    const { channels, groups, filterExpression: filter } = c;
    const state = this.#options.state?.();
    const last = this.#template;
    if (
      state === undefined &&
      last !== undefined &&
      last.channels === channels &&
      last.groups === groups &&
      last.filter === filter &&
      last.ctx === ctx
    ) {
      return last.value;
    }
    const value = prepareSubscribe(this.#params(channels, groups, filter, state), ctx);
    // A presence state is read (and may have changed in place) before every request: never reuse its template.
    this.#template = state === undefined ? { channels, groups, filter, ctx, value } : undefined;
    return value;
  }

  /** This loop's half of the shared command switch (`MachineDriver.run`). */
  readonly #own: OwnCommandHandlers<SubscribeCommand<SubscribeEnvelope>> = {
    poll: (c) => this.#poll(c),
    emitMessages: (c) => this.#emitMessages(c.messages),
    emitStatus: (c) => this.#driver.listen('onStatus', () => this.#options.listener.onStatus?.(c.status)),
  };

  #poll(c: PollCommand): void {
    const { requestId, cursor } = c;
    let inFlight: InFlight;
    let ctx: RequestContext;
    try {
      ctx = this.#options.context();
      const request = buildSubscribePoll(this.#templateFor(c, ctx), cursor?.timetoken, cursor?.region);
      inFlight = this.#options.transport.send(request);
    } catch (err) {
      // Queued behind the current commands, like any event raised while they run.
      this.#driver.dispatch({ type: 'requestFailed', requestId, error: asError(err) });
      return;
    }
    this.#driver.track(requestId, inFlight, (res) => ({
      type: 'responseArrived',
      requestId,
      result: parseSubscribe(res, ctx.cipher),
    }));
  }

  /**
   * The per-message path: one call per message, no closure or wrapper object per message (issue 4's per-message CPU
   * goal). A listener that throws is logged and the next message still delivered; one that calls `stop()` ends the
   * batch there, as it ends the rest of the step's commands.
   */
  #emitMessages(messages: readonly SubscribeEnvelope[]): void {
    const listener = this.#options.listener;
    if (listener.onMessage === undefined) return;
    for (let i = 0; i < messages.length; i++) {
      if (i > 0 && this.#driver.closed) return;
      try {
        listener.onMessage(messages[i]!);
      } catch (err) {
        this.#options.env.logger.error('subscribe loop: listener onMessage threw', { error: String(err) });
      }
    }
  }
}

/** Drops `undefined` fields, so `{ jitterMs: undefined }` keeps the default instead of erasing it. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
