/**
 * The subscriptions of one client or view: the handles its `subscribe()` and `presence()` calls returned, all on
 * one multiplexed `Subscriber`. The `Subscriber` is made on the first subscribe, not with the client, so a client
 * or view that never subscribes starts no loop and no timer (docs/architecture.md §5: no timers started in a constructor).
 *
 * A handle's `signal` unsubscribes it when aborted; an already aborted signal gives a handle that is over at once
 * and never reaches the loop. A callback that throws is logged here: a user bug must not stop the shared loop.
 */
import { PubnubError, type RequestContext } from '@pubkit/core';
import { reportCallbackError } from './callback-errors.js';
import type { ClientRuntime } from './runtime.js';
import { Subscriber } from './subscriber.js';
import { type SubscribeOptions, Subscription } from './subscription.js';

/** The subscriptions of one client or view. */
export class ClientSubscriptions {
  readonly #runtime: ClientRuntime;
  readonly #ctx: RequestContext;
  #subscriber: Subscriber | undefined;

  /** Opens nothing: the `Subscriber` comes with the first `add()`. */
  constructor(runtime: ClientRuntime, ctx: RequestContext) {
    this.#runtime = runtime;
    this.#ctx = ctx;
  }

  /** Adds a handle for `channels` and the presence of `presence` (both already validated). */
  add(channels: string[], presence: string[], options: SubscribeOptions): Subscription {
    this.#subscriber ??= new Subscriber(this.#runtime, this.#ctx);
    const subscriber = this.#subscriber;
    const handle = new Subscription(subscriber, channels, presence, options, (err, where) =>
      this.#failed(err, where, options),
    );
    const signal = options.signal;
    if (signal?.aborted === true) {
      handle.end();
      return handle;
    }
    // Throws (nothing changed) when the set with this handle cannot be subscribed; the handle is then dropped.
    subscriber.add(handle);
    signal?.addEventListener('abort', () => void handle.unsubscribe(), { once: true });
    return handle;
  }

  /**
   * A handle's callback threw, or its unsubscribe failed: the handle's `error` callback hears it (unless that is
   * what threw), else a process warning (`callback-errors.ts`). The loop goes on either way.
   */
  #failed(err: unknown, where: string, options: SubscribeOptions): void {
    const { error } = options;
    const deliver =
      error === undefined || where === 'error'
        ? undefined
        : (e: PubnubError): boolean => {
            error(e);
            return true;
          };
    const logger = this.#runtime.config.logger;
    if (where === 'unsubscribe') {
      // Not a callback's fault: pubkit's own update failed. The handle is gone anyway; say why.
      logger.error('unsubscribe failed', { error: err instanceof Error ? err.message : String(err) });
      if (err instanceof PubnubError) this.#guard(() => deliver?.(err), options);
      return;
    }
    const site = where === 'callback' ? 'subscribe callback' : `subscribe ${where}`;
    reportCallbackError(err, site, { owner: this.#runtime, logger, deliver });
  }

  #guard(call: () => void, options: SubscribeOptions): void {
    try {
      call();
    } catch (err) {
      this.#failed(err, 'error', options);
    }
  }

  /** Ends every handle that includes one of `names` and sends a leave; resolves when the leave was answered. */
  unsubscribe(names: readonly string[]): Promise<void> {
    return this.#subscriber?.unsubscribeChannels(names) ?? Promise.resolve();
  }

  /** Stops the long-poll, keeping handles and cursor. */
  disconnect(): void {
    this.#subscriber?.disconnect();
  }

  /** Resumes the long-poll. */
  reconnect(): void {
    this.#subscriber?.reconnect();
  }

  /** Ends every handle (with a leave) and the loop. */
  close(): Promise<void> {
    return this.#subscriber?.close() ?? Promise.resolve();
  }
}
