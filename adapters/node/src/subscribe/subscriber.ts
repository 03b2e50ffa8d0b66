/**
 * One client's (or view's) subscriptions: every `Subscription` handle shares one multiplexed long-poll
 * (`SubscribeLoop`), whose set is the union of the channels, wildcard patterns and channel groups the handles want
 * (docs/architecture.md §5). The set is one value, `{ channels, groups }`, from the handles to the loops' requests
 * and the leave: groups and patterns travel the same path as channels (the machine's table decides, not branches
 * here).
 *
 * - Adding or dropping a handle recomputes the union and feeds it to the machine, which re-handshakes and resumes
 *   from the previous cursor (no message lost across a channel change, docs/protocol.md §8.2).
 * - The client-wide `filterExpression` goes with the set (`setFilterExpression` re-handshakes, core's table), and
 *   each handle's presence `state` is merged by name and read before every poll and heartbeat.
 * - Names no handle wants any more get a leave (docs/protocol.md §2.10), so others see `leave` at once rather than a
 *   `timeout` minutes later. A failed leave is logged, never thrown: the caller's unsubscribe already happened.
 * - With `heartbeat` set, the long-poll announces it and the core `HeartbeatLoop` sends `/heartbeat` every
 *   `heartbeat / 2 - 1` s while subscribed (docs/protocol.md §8.4).
 * - `Pubnub` holds one `Subscriber` and calls it directly (`subscribe`, `unsubscribe`, `disconnect`, `reconnect`,
 *   `close`). Nothing starts until the first handle: creating a client or a view opens no socket and starts no
 *   timer (the loops are made on the first subscribe).
 * - A handle's `signal` unsubscribes it when aborted; an already aborted signal gives a handle that is over at once
 *   and never reaches the loop. A callback that throws goes to the handle's `error` callback or a process warning
 *   (`callback-errors.ts`): a user bug must not stop the shared loop.
 * - `retry` (backoff, jitter, `maxAttempts`, `false`) goes to the loop as configured (docs/protocol.md §8.3).
 * - A `gap` status starts a history backfill for the handles that opted in (docs/architecture.md §4, `backfill.ts`): one
 *   list call per group and one fetch per channel (named or a group's member) and gap, shared by those handles, each of which holds its live messages until its part is in
 *   (`backfill-gate.ts`). The hold starts synchronously inside the status, before the reconnect's first batch is
 *   routed, so that batch is held too. Fetches are aborted by `close()`; a failure is reported, never thrown.
 */
import {
  buildLeave,
  HeartbeatLoop,
  isPresenceChannel,
  PubnubError,
  PubnubValidationError,
  parseLeave,
  presenceChannel,
  type RequestContext,
  type SubscribeEnvelope,
  type SubscribeListener,
  SubscribeLoop,
  type SubscribeStatus,
  type SubscriptionSet,
} from '@pubkit/core';
import { reportCallbackError } from '../callback-errors.js';
import { type ClientRuntime, execute } from '../runtime.js';
import { type BackfillWant, backfillGap } from './backfill.js';
import { ListenerSet } from './listeners.js';
import {
  type MessageEnvelope,
  type SubscribeOptions,
  Subscription,
  type SubscriptionOwner,
  type SubscriptionTarget,
} from './subscription.js';

const NOTHING: SubscriptionSet = Object.freeze({ channels: [], groups: [] });

function isEmpty(set: SubscriptionSet): boolean {
  return set.channels.length === 0 && set.groups.length === 0;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/** How long `close()` waits for its leave before giving up, in ms. */
const CLOSE_LEAVE_WAIT_MS = 1_000;

/**
 * The subscriptions of one identity. It is also the loop's listener: `onMessage` is the per-message hot path
 * (issue 4's CPU goal), so it is a method shared by every client rather than a closure per client, and it walks an
 * array of the handles rather than iterating the set.
 */
export class Subscriber implements SubscriptionOwner, SubscribeListener {
  readonly #runtime: ClientRuntime;
  readonly #ctx: RequestContext;
  readonly #handles = new Set<Subscription>();
  /**
   * `#handles` as an array, replaced (never changed in place) whenever the set changes: a message is routed to the
   * handles there were when it arrived, even if a callback subscribes or unsubscribes meanwhile.
   */
  #routes: readonly Subscription[] = [];
  #driver: SubscribeLoop | undefined;
  #heartbeat: HeartbeatLoop | undefined;
  #current: SubscriptionSet = NOTHING;
  /** The service-side filter (`filterExpression` option, `setFilterExpression`). */
  #filter: string | undefined;
  #closed = false;
  /** Aborts every backfill fetch on `close()`. */
  readonly #backfills = new AbortController();
  /** The client-wide listeners (`addListener`), fed after the handles by `onMessage` and `onStatus`. */
  readonly listeners: ListenerSet;

  constructor(runtime: ClientRuntime, ctx: RequestContext) {
    this.#runtime = runtime;
    this.#ctx = ctx;
    this.listeners = new ListenerSet(runtime);
    this.#filter = runtime.config.filterExpression;
  }

  /** @internal Whether a client-wide listener hears `envelope` (a handle then keeps it for no later iteration). */
  heard(envelope: MessageEnvelope): boolean {
    return this.listeners.hears(envelope);
  }

  /** @internal A handle's typed callbacks read events with the listeners' reader (`listeners.ts`). */
  read(envelope: MessageEnvelope): ReturnType<ListenerSet['read']> {
    return this.listeners.read(envelope);
  }

  /** Channels and patterns currently in the long-poll, sorted. */
  get channels(): readonly string[] {
    return this.#current.channels;
  }

  /** Channel groups currently in the long-poll, sorted. */
  get groups(): readonly string[] {
    return this.#current.groups;
  }

  /** The service-side filter expression (`filter-expr`), or `undefined`. */
  get filterExpression(): string | undefined {
    return this.#filter;
  }

  /**
   * Sets the service-side filter; a different one re-handshakes the long-poll (resuming from its cursor). A 400
   * for a filter the service cannot parse reaches each handle's `error` callback once; nothing retries it.
   * @throws PubnubValidationError when it is not a string (nothing changes)
   */
  setFilterExpression(filterExpression: string | undefined): void {
    const filter = filterExpression === '' ? undefined : filterExpression;
    if (filter !== undefined && typeof filter !== 'string') {
      throw new PubnubValidationError('filterExpression', 'filterExpression must be a string', {
        operation: 'subscribe',
      });
    }
    this.#driver?.setFilterExpression(filter);
    this.#filter = filter;
  }

  /** Adds a handle for `target` (already validated). */
  subscribe(target: SubscriptionTarget, options: SubscribeOptions): Subscription {
    const handle = new Subscription(this, target, options, (err, where) => this.#failed(err, where, options));
    const signal = options.signal;
    if (signal?.aborted === true) {
      handle.end();
      return handle;
    }
    // Throws (nothing changed) when the set with this handle cannot be subscribed; the handle is then dropped.
    this.#add(handle);
    signal?.addEventListener('abort', () => void handle.unsubscribe(), { once: true });
    return handle;
  }

  /**
   * A handle's callback threw, or its unsubscribe failed: the handle's `error` callback hears it (unless that is
   * what threw), else the client's `status` listeners, else a process warning (`callback-errors.ts`). The loop goes
   * on either way.
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
    // Without an `error` callback, the client's `status` listeners are the error path (`listeners.ts`).
    const path = deliver ?? ((e: PubnubError) => this.listeners.report(e));
    reportCallbackError(err, site, { owner: this.#runtime, logger, deliver: path });
  }

  #guard(call: () => void, options: SubscribeOptions): void {
    try {
      call();
    } catch (err) {
      this.#failed(err, 'error', options);
    }
  }

  /**
   * Adds a handle and subscribes to its channels. The new set is validated whole before anything changes, so a
   * refused handle leaves the subscriptions as they were (issue 9: a refused name must not poison the client).
   * @throws PubnubValidationError when the set with this handle cannot be subscribed (nothing is changed)
   */
  #add(handle: Subscription): void {
    if (this.#closed) {
      handle.end();
      return;
    }
    // In the set before the loops see it, so its presence `state` is in the first request; out again if refused.
    this.#handles.add(handle);
    this.#routes = [...this.#handles];
    try {
      this.#apply(this.#union(this.#handles));
    } catch (err) {
      this.#handles.delete(handle);
      this.#routes = [...this.#handles];
      throw err;
    }
    // Joining channels the loop already receives changes nothing on the wire, so no status would come: tell the
    // new handle it is connected now.
    const loop = this.#driver;
    const cursor = loop?.cursor;
    const { channels, groups } = this.#current;
    if (
      loop?.stateKind === 'receiving' &&
      cursor !== undefined &&
      handle.channels.every((c) => channels.includes(c)) &&
      handle.groups.every((g) => groups.includes(g))
    ) {
      handle.notify({ category: 'connected', cursor, channels: handle.channels, groups: handle.groups });
    }
  }

  /**
   * Drops a handle; leaves the channels nobody wants any more. Never throws: the handle is gone whatever happens;
   * a failure to update the loop rejects (the handle reports it on its error path), a failed leave is logged.
   */
  release(handle: Subscription): Promise<void> {
    if (!this.#handles.delete(handle)) return Promise.resolve();
    this.#routes = [...this.#handles];
    try {
      return this.#leave(this.#shrink());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * The seed's `unsubscribe(channel)` (and the official `unsubscribe({ channels, channelGroups })`): ends every
   * handle that includes one of these channels, patterns or groups (or their presence), and leaves what nobody
   * wants any more.
   */
  async unsubscribe(names: SubscriptionSet): Promise<void> {
    const withPresence = (list: readonly string[]) => new Set(list.flatMap((n) => [n, presenceChannel(n)]));
    const dropChannels = withPresence(names.channels);
    const dropGroups = withPresence(names.groups);
    const affected = [...this.#handles].filter(
      (h) => h.channels.some((c) => dropChannels.has(c)) || h.groups.some((g) => dropGroups.has(g)),
    );
    for (const handle of affected) {
      // A handle is one subscribe() call; dropping some of its channels ends it (the seed has no partial handles).
      handle.end();
      this.#handles.delete(handle);
    }
    this.#routes = [...this.#handles];
    await this.#leave(this.#shrink());
  }

  /** The seed's disconnect: stop the long-poll, keep subscriptions and cursor. */
  disconnect(): void {
    this.#driver?.disconnect();
  }

  /** Resume after `disconnect()` or a fatal error (e.g. after fixing grants). */
  reconnect(): void {
    this.#driver?.reconnect();
  }

  /** Ends every handle, stops the loop and the heartbeat, and sends one leave (waiting at most 1 s for it). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const left = this.#current;
    this.#current = NOTHING;
    for (const handle of this.#handles) handle.end();
    this.#handles.clear();
    this.#routes = [];
    this.#driver?.stop();
    this.#driver = undefined;
    this.#heartbeat?.stop();
    this.#heartbeat = undefined;
    this.#backfills.abort();
    if (!isEmpty(left) && !this.#runtime.transport.closed) {
      const bounded = new AbortController();
      const timer = setTimeout(() => bounded.abort(), CLOSE_LEAVE_WAIT_MS);
      timer.unref();
      try {
        await this.#leave(left, bounded.signal);
      } finally {
        clearTimeout(timer);
      }
    }
  }

  /** The sorted union of the channels and of the groups `handles` want. */
  #union(handles: Iterable<Subscription>): SubscriptionSet {
    const channels = new Set<string>();
    const groups = new Set<string>();
    for (const handle of handles) {
      for (const name of handle.channels) channels.add(name);
      for (const name of handle.groups) groups.add(name);
    }
    return { channels: [...channels].sort(), groups: [...groups].sort() };
  }

  /**
   * Makes `next` the loops' set. Both loops validate before they change anything (a dry run of the request
   * builders), and the subscribe loop goes first, so a throw here leaves both loops and `#current` as they were.
   * Returns the names dropped from the previous set.
   * @throws PubnubValidationError when `next` cannot be subscribed
   */
  #apply(next: SubscriptionSet): SubscriptionSet {
    const previous = this.#current;
    if (sameList(next.channels, previous.channels) && sameList(next.groups, previous.groups)) return NOTHING;
    if (!isEmpty(next) && this.#driver === undefined) this.#createLoops();
    this.#driver?.setSubscriptions(next.channels, next.groups);
    this.#heartbeat?.setSubscriptions(next.channels, next.groups);
    this.#current = next;
    const keptChannels = new Set(next.channels);
    const keptGroups = new Set(next.groups);
    return {
      channels: previous.channels.filter((name) => !keptChannels.has(name)),
      groups: previous.groups.filter((name) => !keptGroups.has(name)),
    };
  }

  /** `#apply` for a set that only shrank (a subset of a valid set: validation cannot refuse it). */
  #shrink(): SubscriptionSet {
    return this.#apply(this.#union(this.#handles));
  }

  async #leave(names: SubscriptionSet, signal?: AbortSignal): Promise<void> {
    if (isEmpty(names)) return;
    try {
      const request = buildLeave({ channels: names.channels, channelGroups: names.groups }, this.#ctx);
      if (request !== undefined) await execute(this.#runtime, request, parseLeave, signal);
    } catch (err) {
      this.#runtime.config.logger.warn('leave failed', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  #createLoops(): void {
    const runtime = this.#runtime;
    const { config, env } = runtime;
    const context = (): RequestContext => this.#ctx;
    this.#driver = new SubscribeLoop({
      transport: runtime.transport,
      scheduler: runtime.scheduler,
      env,
      context,
      listener: this,
      // The whole policy: base, cap, jitter and maxAttempts (`retry: false` arrives as maxAttempts 0).
      retry: config.retry,
      ...(config.heartbeat > 0 ? { heartbeat: config.heartbeat } : {}),
      ...(this.#filter === undefined ? {} : { filterExpression: this.#filter }),
      state: this.#state,
    });
    if (config.heartbeat > 0 && config.heartbeatInterval > 0) {
      this.#heartbeat = new HeartbeatLoop({
        transport: runtime.transport,
        scheduler: runtime.scheduler,
        env,
        context,
        heartbeat: config.heartbeat,
        intervalMs: config.heartbeatInterval * 1000,
        state: this.#state,
        onStatus: (status) => config.logger.warn('heartbeat failed', { status: JSON.stringify(status) }),
      });
    }
  }

  /**
   * The presence state the handles announce, merged by channel and group (a later handle wins on the same name);
   * `undefined` when none has one, so the loop keeps its cached request template.
   */
  readonly #state = (): Readonly<Record<string, unknown>> | undefined => {
    let merged: Record<string, unknown> | undefined;
    for (const handle of this.#routes) {
      if (handle.state !== undefined) merged = Object.assign(merged ?? {}, handle.state);
    }
    return merged;
  };

  /** @internal The loop's listener: routes one message to the handles that want its subscription or channel. */
  onMessage(envelope: SubscribeEnvelope): void {
    const routes = this.#routes;
    for (let i = 0; i < routes.length; i++) {
      const handle = routes[i]!;
      if (handle.accepts(envelope)) handle.deliver(envelope);
    }
    this.listeners.deliver(envelope);
  }

  /** @internal The loop's listener: logs a status, starts a gap's backfill, and tells every handle. */
  onStatus(status: SubscribeStatus): void {
    const { logger } = this.#runtime.config;
    if (status.category === 'error') logger.error('subscribe stopped', { error: status.error.message });
    else if (status.category === 'gap')
      logger.warn('subscribe resumed after a gap', { from: status.from, to: status.to });
    else logger.debug(`subscribe ${status.category}`, { channels: status.channels.join(',') });
    if (status.category === 'gap') this.#backfill(status.from, status.to, status);
    for (const handle of [...this.#handles]) handle.notify(status);
    this.listeners.status(status);
  }

  /** Starts the backfill of a gap for the handles that opted in (see the file header). */
  #backfill(from: string, to: string, gap: SubscriptionSet): void {
    const inGap = new Set([...gap.channels, ...gap.groups]);
    // History stores messages, not presence events (docs/protocol.md §2.5, §3): `-pnpres` names are not fetched.
    const wanted = (name: string) => inGap.has(name) && !isPresenceChannel(name);
    const wants = new Map<Subscription, BackfillWant>();
    for (const handle of this.#handles) {
      const cap = handle.backfillCap;
      if (cap === undefined) continue;
      const channels = handle.channels.filter(wanted);
      const groups = handle.groups.filter(wanted);
      if (channels.length > 0 || groups.length > 0) wants.set(handle, { channels, groups, cap });
    }
    if (wants.size === 0) return;
    const { logger } = this.#runtime.config;
    const parts = backfillGap(this.#runtime, this.#ctx, { from, to }, wants, this.#backfills.signal);
    for (const [handle, part] of parts) {
      // Synchronously, inside the status: the reconnect's first batch is held too.
      handle.beginBackfill();
      part
        .then(({ fetched, failures }) => {
          for (const f of failures) logger.warn('backfill failed', { name: f.name, error: String(f.error) });
          handle.endBackfill(
            fetched,
            failures.map((f) => f.error),
          );
        })
        .catch((err: unknown) => logger.error('backfill: delivery failed', { error: String(err) }));
    }
  }
}
