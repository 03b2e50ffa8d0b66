/**
 * `Pubnub`: the seed's client in TypeScript (docs/architecture.md §5). This file is the composition root and the public surface
 * only: each method is a documented line that hands its work to the file of its concern (`publish-api.ts`,
 * `history-api.ts`, `presence-api.ts`, `access-api.ts`, `cipher-api.ts`, `subscribe/subscriber.ts`), through the
 * call plumbing of `client-calls.ts` and `seed-mode.ts`, over the shared machinery of `runtime.ts`.
 *
 * Every request method works in the seed's two modes (`seed-mode.ts`): a Promise of the seed's sync-mode value,
 * or `callback`/`error` options (returns `undefined`, calls exactly one). Every call takes `signal`.
 *
 * A view (`client.view({ authKey, uuid })`, `client-view.ts`) is a `Pubnub` that shares the client's runtime
 * (pool, config, cipher, timers) with its own identity; creating one opens no socket and starts no timer. Closing
 * a view ends only its subscriptions; closing the client ends everything, views included.
 */
import {
  type AccessResult,
  buildTime,
  type DeleteFileResult,
  type Env,
  type FetchedMessage,
  type FetchMessagesResult,
  type GetMessageActionsResult,
  type HereNowResult,
  type ListFilesResult,
  type MessageAction,
  type MessageCountsResult,
  type PublishFileResult,
  type PublishResult,
  PubnubStateError,
  PubnubValidationError,
  parseTime,
  type RequestContext,
  type RevokeTokenResult,
  type SeedHistory,
  type Timetoken,
  validateChannelList,
  validateGroupList,
  type WhereNowResult,
} from '@pubkit/core';
import {
  type AuditOptions,
  type GrantOptions,
  type RevokeOptions,
  startAudit,
  startGrant,
  startRevoke,
} from './access-api.js';
import { ChannelGroups } from './channel-groups-api.js';
import { decryptMessage, encryptMessage } from './cipher-api.js';
import { seedCall, splitOptional } from './client-calls.js';
import { ViewFamily, type ViewOptions, ViewSeed, viewIdentity } from './client-view.js';
import {
  type DeleteFileOptions,
  type DownloadedFile,
  type DownloadFileOptions,
  type FileUrlParameters,
  fileUrl,
  type ListFilesOptions,
  type PublishFileOptions,
  type SendFileOptions,
  type SendFileResult,
  startDeleteFile,
  startDownloadFile,
  startListFiles,
  startPublishFile,
  startSendFile,
} from './files-api.js';
import { type HistoryOptions, startHistory } from './history-api.js';
import {
  type AddMessageActionOptions,
  type GetMessageActionsOptions,
  type RemoveMessageActionOptions,
  startAddMessageAction,
  startGetMessageActions,
  startRemoveMessageAction,
} from './message-actions-api.js';
import { nodeEnv } from './node-env.js';
import { Objects } from './objects-api.js';
import { type PubnubOptions, resolveClientOptions } from './options.js';
import {
  type HereNowOptions,
  type StateOptions,
  startGetState,
  startHereNow,
  startSetState,
  startWhereNow,
  type WhereNowOptions,
} from './presence-api.js';
import {
  type FireOptions,
  type FireParameters,
  isObjectForm,
  type PublishOptions,
  type PublishParameters,
  type PublishResponse,
  type SignalOptions,
  type SignalParameters,
  startFire,
  startObjectForm,
  startPublish,
  startSignal,
} from './publish-api.js';
import { type ClientHost, type ClientRuntime, contextFor, createRuntime, execute } from './runtime.js';
import { type CallOptions, runSeed, type SeedResult } from './seed-mode.js';
import {
  type DeleteMessagesOptions,
  type FetchMessagesOptions,
  type IterateHistoryOptions,
  iterateHistory,
  type MessageCountsOptions,
  startDeleteMessages,
  startFetchMessages,
  startMessageCounts,
} from './storage-api.js';
import type { Listener } from './subscribe/listeners.js';
import { StatusCategory } from './subscribe/status-categories.js';
import { Subscriber } from './subscribe/subscriber.js';
import type {
  MessageEnvelope,
  PresenceEvent,
  SubscribeOptions,
  SubscribeParameters,
  Subscription,
  SubscriptionTarget,
} from './subscribe/subscription.js';
import {
  type GrantTokenOptions,
  type ParsedToken,
  parseToken,
  type RevokeTokenOptions,
  startGrantToken,
  startRevokeToken,
  TokenSlot,
  tokenContext,
} from './token-api.js';

/** Options of `time()`. */
export type TimeOptions = CallOptions<Timetoken>;
/** Options of `unsubscribe()`. */
export type UnsubscribeOptions = CallOptions<void>;

/** The official SDK's object form of `unsubscribe()`. */
export interface UnsubscribeParameters {
  /** Channels and patterns to leave. */
  readonly channels?: string | readonly string[] | undefined;
  /** Channel groups to leave. */
  readonly channelGroups?: string | readonly string[] | undefined;
}

/** The PubNub client for Node. */
export class Pubnub implements AsyncDisposable {
  /** The status categories a `status` listener receives (the official SDK's `PubNub.CATEGORIES`). */
  static readonly CATEGORIES = StatusCategory;
  readonly #runtime: ClientRuntime;
  readonly #ctx: RequestContext;
  /** The v3 token `setToken` gave this client (or view); `#ctx` sends it as `auth` while set. */
  readonly #token = new TokenSlot();
  /** The client's views that subscribed; shared by the client and all its views. */
  readonly #family: ViewFamily;
  readonly #isView: boolean;
  readonly #subscriptions: Subscriber;
  #closing: Promise<void> | undefined;
  #channelGroups: ChannelGroups | undefined;
  #objects: Objects | undefined;

  /**
   * Creates a client. Opens no socket and starts no timer: the first request connects. `env` replaces the clock,
   * randomness and crypto (default `nodeEnv()`); `host` replaces the transport and timers (default undici and Node
   * timers; `@pubkit/testing` passes in-memory ones).
   * @throws PubnubValidationError for a bad option (missing `subscribeKey`, bad `origin`, `uuid`, timeouts …)
   */
  constructor(options: PubnubOptions, env?: Env, host?: ClientHost);
  constructor(options: PubnubOptions | ViewSeed, env?: Env, host?: ClientHost) {
    if (options instanceof ViewSeed) {
      this.#runtime = options.runtime;
      this.#family = options.family;
      this.#isView = true;
      this.#ctx = tokenContext(contextFor(options.runtime, options.identity), this.#token);
    } else {
      const base = env ?? nodeEnv({ logger: options?.logger });
      const config = resolveClientOptions(options, () => base.random.uuid());
      const runtimeEnv = { ...(env ?? base), logger: config.logger };
      this.#runtime = createRuntime(config, runtimeEnv, host);
      this.#family = new ViewFamily();
      this.#isView = false;
      this.#ctx = tokenContext(contextFor(this.#runtime, { uuid: config.uuid, authKey: config.authKey }), this.#token);
    }
    this.#subscriptions = new Subscriber(this.#runtime, this.#ctx);
    // File events carry this client's (or view's) download URL (docs/protocol.md §15.10).
    this.#subscriptions.listeners.reading.fileUrl = (file) => fileUrl(this.#runtime, this.#ctx, file);
  }

  /**
   * The channel-group registry under the official SDK's names: `addChannels({ channelGroup, channels })`,
   * `removeChannels`, `listChannels({ channelGroup })`, `deleteGroup({ channelGroup })`, `listGroups()`.
   */
  get channelGroups(): ChannelGroups {
    this.#channelGroups ??= new ChannelGroups(this.#runtime, this.#ctx, () => this.closed);
    return this.#channelGroups;
  }

  /**
   * App Context under the official SDK's names (docs/protocol.md §14.7): `setUUIDMetadata`, `getChannelMetadata`,
   * `setMemberships`, `getChannelMembers`, …, and `iterateAllChannelMetadata` (and siblings) over every page.
   */
  get objects(): Objects {
    this.#objects ??= new Objects(this.#runtime, this.#ctx, () => this.closed);
    return this.#objects;
  }

  /** This client's (or view's) uuid. */
  get uuid(): string {
    return this.#ctx.uuid;
  }

  /**
   * The subscribe key this client (and every view of it) uses. Read-only; safe to tell a browser, which needs it
   * to subscribe. There is deliberately no `secretKey` getter: the secret key never leaves the client.
   */
  get subscribeKey(): string {
    return this.#runtime.config.subscribeKey;
  }

  /** The publish key this client (and every view of it) uses. Read-only; a browser needs it only to publish. */
  get publishKey(): string {
    return this.#runtime.config.publishKey;
  }

  /** The origin requests go to, e.g. `https://pubsub.pubnub.com`. */
  get origin(): string {
    return this.#runtime.config.originUrl;
  }

  /** True once `close()` was called on this client (or, for a view, on the view or its client). */
  get closed(): boolean {
    return this.#closing !== undefined || this.#runtime.transport.closed;
  }

  /**
   * A cheap per-request view (docs/architecture.md §6): same pool, config and cipher, its own auth key and uuid. Opens nothing.
   * @throws PubnubValidationError for a bad uuid
   * @throws PubnubStateError when the client is closed
   */
  view(options: ViewOptions = {}): Pubnub {
    // Closed is the client's state (the family's root), not this view's: a closed view may still make views.
    if (this.#family.closing || this.#runtime.transport.closed) throw new PubnubStateError('the client is closed');
    const seed = new ViewSeed(this.#runtime, viewIdentity(this.#ctx, options), this.#family);
    // The public constructor signature takes options only; the seed is the private second way in.
    return new Pubnub(seed as unknown as PubnubOptions);
  }

  // ── messaging ──────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Publishes `message` to `channel`; resolves to the seed's `[1, "Sent", "<timetoken>"]`. Publishes to one
   * channel arrive in call order. The official SDK's object form, `publish({ channel, message, storeInHistory,
   * meta, ttl, sendByPost })`, resolves to its `{ timetoken }`.
   * @throws PubnubValidationError synchronously (promise mode) for a bad channel or message: undefined, a function,
   *   a BigInt, a cycle, or over 32 KiB as sent
   */
  publish<O extends PublishOptions>(channel: string, message: unknown, options?: O): SeedResult<PublishResult, O>;
  publish<O extends PublishParameters>(params: O): SeedResult<PublishResponse, O>;
  publish(first: string | PublishParameters, message?: unknown, options?: PublishOptions): unknown {
    // The positional form makes no named closure: the build names every one, a cost on each publish.
    if (!isObjectForm(first)) {
      return this.#seed(options, 'publish', () =>
        startPublish(this.#runtime, this.#ctx, first, message, options ?? {}),
      );
    }
    return this.#seed(first, 'publish', () =>
      startObjectForm(first, (ch, msg, opts) => startPublish(this.#runtime, this.#ctx, ch, msg, opts)),
    );
  }

  /**
   * Publishes without storing or replicating (`store=0&norep=true`); resolves like `publish` (the object form
   * `fire({ channel, message })` to `{ timetoken }`).
   * @throws PubnubValidationError synchronously, as `publish`
   */
  fire<O extends FireOptions>(channel: string, message: unknown, options?: O): SeedResult<PublishResult, O>;
  fire<O extends FireParameters>(params: O): SeedResult<PublishResponse, O>;
  fire(first: string | FireParameters, message?: unknown, options?: FireOptions): unknown {
    if (!isObjectForm(first)) {
      return this.#seed(options, 'fire', () => startFire(this.#runtime, this.#ctx, first, message, options ?? {}));
    }
    return this.#seed(first, 'fire', () =>
      startObjectForm(first, (ch, msg, opts) => startFire(this.#runtime, this.#ctx, ch, msg, opts)),
    );
  }

  /**
   * Sends a signal (small, never stored, never encrypted); resolves like `publish` (the object form
   * `signal({ channel, message })` to `{ timetoken }`).
   * @throws PubnubValidationError synchronously, as `publish`
   */
  signal<O extends SignalOptions>(channel: string, message: unknown, options?: O): SeedResult<PublishResult, O>;
  signal<O extends SignalParameters>(params: O): SeedResult<PublishResponse, O>;
  signal(first: string | SignalParameters, message?: unknown, options?: SignalOptions): unknown {
    if (!isObjectForm(first)) {
      return this.#seed(options, 'signal', () => startSignal(this.#runtime, this.#ctx, first, message, options ?? {}));
    }
    return this.#seed(first, 'signal', () =>
      startObjectForm(first, (ch, msg, opts) => startSignal(this.#runtime, this.#ctx, ch, msg, opts)),
    );
  }

  /**
   * Subscribes to one channel, a comma list or an array, multiplexed with every other subscription of this client.
   * Wildcard patterns (`a.*`, `a.b.*`) are channels too. Returns the handle at once; callbacks receive
   * `(message, channel, envelope)`; the handle is async-iterable. The official SDK's object form,
   * `subscribe({ channels, channelGroups, withPresence, ...options })`, also takes channel groups; an envelope
   * names the channel a message was published on (`channel`) and what matched it (`subscription`: the group, the
   * pattern or the channel).
   * @throws PubnubValidationError synchronously for a bad channel, pattern (`*` only as `a.*` / `a.b.*`) or group
   *   name, nothing to subscribe to, or a second argument beside the object form (its options go inside the object,
   *   so they are never silently dropped); nothing changes
   * @throws PubnubStateError when the client is closed
   */
  subscribe(channels: string | readonly string[] | SubscribeParameters, options?: SubscribeOptions): Subscription {
    if (typeof channels === 'object' && channels !== null && !Array.isArray(channels)) {
      if (options !== undefined) {
        throw new PubnubValidationError(
          'options',
          'subscribe({ channels, channelGroups, ... }) takes its options inside the object, not as a second argument',
          { operation: 'subscribe' },
        );
      }
      const { channels: named, channelGroups, withPresence, ...rest } = channels as SubscribeParameters;
      const groups = validateGroupList(channelGroups);
      const names = validateChannelList(named ?? [], 'channels', groups.length > 0, true);
      const presence = withPresence === true || rest.presence !== undefined;
      return this.#addSubscription(
        { channels: names, groups, presenceChannels: presence ? names : [], presenceGroups: presence ? groups : [] },
        rest,
      );
    }
    const names = validateChannelList(channels as string | readonly string[], 'channels', false, true);
    const presenceChannels = options?.presence === undefined ? [] : names;
    return this.#addSubscription({ channels: names, groups: [], presenceChannels, presenceGroups: [] }, options ?? {});
  }

  /**
   * The filter the service applies to every message before delivering it to this client's subscriptions
   * (`filter-expr`, PubNub's filter language over `meta` and the publisher's `uuid`), or `undefined`. The official
   * SDK's name.
   */
  getFilterExpression(): string | undefined {
    return this.#subscriptions.filterExpression;
  }

  /**
   * Sets (or with `undefined` / `""` removes) the service-side filter; the official SDK's name. A different filter
   * re-handshakes the long-poll, resuming from its cursor (nothing published meanwhile is lost). A filter the
   * service cannot parse is answered 400 once: each subscription's `error` callback (and `status`) hears it and the
   * long-poll stops until the filter or the subscriptions change; it is never retried.
   * @throws PubnubValidationError when `filterExpression` is not a string
   */
  setFilterExpression(filterExpression: string | undefined): void {
    this.#subscriptions.setFilterExpression(filterExpression);
  }

  /**
   * The seed's `presence(channel, callback, error)`: subscribes to `{channel}-pnpres` only; `callback` receives
   * `(event, channel, envelope)` with the plain channel name.
   * @throws PubnubValidationError synchronously for a bad channel name
   */
  presence(
    channel: string | readonly string[],
    callback: (event: PresenceEvent, channel: string, envelope: MessageEnvelope) => void,
    error?: SubscribeOptions['error'],
  ): Subscription {
    const names = validateChannelList(channel, 'channel', false, true);
    const target = { channels: [], groups: [], presenceChannels: names, presenceGroups: [] };
    return this.#addSubscription(target, { presence: callback, error });
  }

  /**
   * The seed's `unsubscribe(channel)`: ends every subscription of this client that includes the channel(s) and
   * sends a leave; resolves when the leave was answered (a failed leave is logged, not thrown). Never throws, even
   * on a closed client (nothing is left to leave: it resolves): safe in a `close`/`disconnect` handler.
   * A bad channel name rejects (Promise mode) or reaches `error` (async mode) with `PubnubValidationError`.
   * The official SDK's object form, `unsubscribe({ channels, channelGroups })`, leaves groups too.
   */
  unsubscribe<O extends UnsubscribeOptions>(
    channels: string | readonly string[] | UnsubscribeParameters,
    options?: O,
  ): SeedResult<void, O> {
    return runSeed(options, this.#runtime, 'unsubscribe', async () => {
      if (typeof channels === 'object' && channels !== null && !Array.isArray(channels)) {
        const { channels: named, channelGroups } = channels as UnsubscribeParameters;
        const groups = validateGroupList(channelGroups);
        const list = validateChannelList(named ?? [], 'channels', groups.length > 0, true);
        await this.#subscriptions.unsubscribe({ channels: list, groups });
        return;
      }
      const list = validateChannelList(channels as string | readonly string[], 'channels', false, true);
      await this.#subscriptions.unsubscribe({ channels: list, groups: [] });
    }) as SeedResult<void, O>;
  }

  // ── listeners (subscribe/listeners.ts) ────────────────────────────────────────────────────────────────────

  /**
   * The official SDK's client-wide listener: `{ message, signal, presence, objects, messageAction, file, status }`,
   * each called for every subscription of this client (or view), besides per-call callbacks; before or after
   * `subscribe()`. A listener that throws is reported (`status` with `PNCallbackErrorCategory`), never stops others.
   * @throws PubnubValidationError for a listener that is not an object, an unknown method name or a non-function
   */
  addListener(listener: Listener): void {
    this.#subscriptions.listeners.add(listener);
  }

  /** Removes a listener given to `addListener` (the same object); it hears nothing more, even mid-dispatch. */
  removeListener(listener: Listener): void {
    this.#subscriptions.listeners.remove(listener);
  }

  /** Removes every listener of this client (or view). */
  removeAllListeners(): void {
    this.#subscriptions.listeners.removeAll();
  }

  /** The seed's disconnect: stops the long-poll but keeps subscriptions and cursor; `reconnect()` resumes. */
  disconnect(): void {
    this.#subscriptions.disconnect();
  }

  /** Resumes after `disconnect()` or after a fatal subscribe error (e.g. once grants are fixed). */
  reconnect(): void {
    this.#subscriptions.reconnect();
  }

  // ── storage, presence, time ────────────────────────────────────────────────────────────────────────────────

  /**
   * One page of stored messages; resolves to the seed's `[[messages], start, end]` (oldest first).
   * @throws PubnubValidationError synchronously for a bad channel, count (1–100) or bound
   */
  history<O extends HistoryOptions>(channel: string, options?: O): SeedResult<SeedHistory, O> {
    return this.#seed(options, 'history', () => startHistory(this.#runtime, this.#ctx, channel, options));
  }

  /**
   * Stored messages of 1–500 channels (history v3): `{ channels: { name: [{ message, timetoken, uuid, meta, … }] },
   * more }`, each list oldest first, decrypted with the cipher key (docs/protocol.md §13.2).
   * @throws PubnubValidationError synchronously for bad channels, a count over 100 (one channel) or 25 (several,
   *   or with actions), actions for several channels, or a bad bound
   */
  fetchMessages<O extends FetchMessagesOptions>(options: O): SeedResult<FetchMessagesResult, O> {
    return this.#seed(options, 'fetchMessages', () => startFetchMessages(this.#runtime, this.#ctx, options));
  }

  /**
   * Every stored message of a span of one channel, one at a time, newest first (`direction: 'backward'`, the
   * default) or oldest first; pages are fetched as the loop asks (docs/protocol.md §13.2).
   * @throws PubnubValidationError synchronously for a bad channel, bound or page size
   */
  iterateHistory(span: IterateHistoryOptions): AsyncGenerator<FetchedMessage, void, undefined> {
    if (this.closed) throw new PubnubStateError('the client is closed', { operation: 'history' });
    return iterateHistory(this.#runtime, this.#ctx, span);
  }

  /**
   * How many stored messages each channel holds after a timetoken: `{ channels: { name: count } }`.
   * @throws PubnubValidationError synchronously for bad channels or timetokens
   */
  messageCounts<O extends MessageCountsOptions>(options: O): SeedResult<MessageCountsResult, O> {
    return this.#seed(options, 'messageCounts', () => startMessageCounts(this.#runtime, this.#ctx, options));
  }

  /**
   * Deletes a range of a channel's stored messages (`start` exclusive, `end` inclusive). A keyset with a secret key
   * accepts only signed deletions: give the client `secretKey`.
   * @throws PubnubValidationError synchronously for a bad channel or bound
   */
  deleteMessages<O extends DeleteMessagesOptions>(options: O): SeedResult<void, O> {
    return this.#seed(options, 'deleteMessages', () => startDeleteMessages(this.#runtime, this.#ctx, options));
  }

  /**
   * Adds an action (reaction, receipt…) to a message: `{ data: { type, value, uuid, actionTimetoken,
   * messageTimetoken } }`. The same action twice rejects with `PubnubServiceError` (409).
   * @throws PubnubValidationError synchronously for a bad channel or timetoken, a type over 15 or a value over
   *   1,000 characters
   */
  addMessageAction<O extends AddMessageActionOptions>(options: O): SeedResult<{ data: MessageAction }, O> {
    return this.#seed(options, 'addMessageAction', () => startAddMessageAction(this.#runtime, this.#ctx, options));
  }

  /**
   * Removes an action from a message.
   * @throws PubnubValidationError synchronously for a bad channel or timetoken
   */
  removeMessageAction<O extends RemoveMessageActionOptions>(
    options: O,
  ): SeedResult<{ data: Record<string, never> }, O> {
    return this.#seed(options, 'removeMessageAction', () =>
      startRemoveMessageAction(this.#runtime, this.#ctx, options),
    );
  }

  /**
   * A page of a channel's actions, oldest first, with `more` when older ones remain (`limit` 1–100).
   * @throws PubnubValidationError synchronously for a bad channel, bound or limit
   */
  getMessageActions<O extends GetMessageActionsOptions>(options: O): SeedResult<GetMessageActionsResult, O> {
    return this.#seed(options, 'getMessageActions', () => startGetMessageActions(this.#runtime, this.#ctx, options));
  }

  /**
   * Who is here: `{ occupancy, uuids }` for one channel (plus `channels`, `totalOccupancy`); without a channel
   * (or with the seed's `null`), the global form for the whole key.
   * @throws PubnubValidationError synchronously for a bad channel name
   */
  hereNow<O extends HereNowOptions>(
    channel?: string | readonly string[] | O | null,
    options?: O,
  ): SeedResult<HereNowResult, O> {
    const [names, opts] = splitOptional<string | readonly string[], O>(channel, options);
    return this.#seed(opts, 'hereNow', () => startHereNow(this.#runtime, this.#ctx, names, opts));
  }

  /**
   * Where a uuid is present: `{ channels }`. Defaults to this client's uuid.
   * @throws PubnubValidationError synchronously for a bad uuid
   */
  whereNow<O extends WhereNowOptions>(uuid?: string | O, options?: O): SeedResult<WhereNowResult, O> {
    const [id, opts] = splitOptional<string, O>(uuid, options);
    return this.#seed(opts, 'whereNow', () => startWhereNow(this.#runtime, this.#ctx, id, opts));
  }

  /**
   * A uuid's presence state on a channel (default: this client's uuid); resolves to the state object.
   * @throws PubnubValidationError synchronously for a bad channel or uuid
   */
  getState<O extends StateOptions>(
    channel: string | readonly string[],
    uuid?: string | O,
    options?: O,
  ): SeedResult<unknown, O> {
    const [id, opts] = splitOptional<string, O>(uuid, options);
    return this.#seed(opts, 'getState', () => startGetState(this.#runtime, this.#ctx, channel, id, opts));
  }

  /**
   * Sets this client's presence state on a channel; resolves to the state now held.
   * @throws PubnubValidationError synchronously for a bad channel or a state that is not a JSON object
   */
  setState<O extends StateOptions>(
    channel: string | readonly string[],
    state: Readonly<Record<string, unknown>>,
    options?: O,
  ): SeedResult<unknown, O> {
    return this.#seed(options, 'setState', () => startSetState(this.#runtime, this.#ctx, channel, state, options));
  }

  /** The service's time as a 17-digit timetoken string. */
  time<O extends TimeOptions>(options?: O): SeedResult<Timetoken, O> {
    return this.#seed(options, 'time', () => execute(this.#runtime, buildTime(this.#ctx), parseTime, options?.signal));
  }

  // ── access manager ────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Grants `read`/`write`/`manage` on channels or groups to auth keys (or everyone); resolves to
   * `{ message: "Success", payload }`. Needs `secretKey`.
   * @throws PubnubValidationError synchronously without a secret key or for bad arguments
   */
  grant<O extends GrantOptions>(options: O): SeedResult<AccessResult, O> {
    return this.#seed(options, 'grant', () => startGrant(this.#runtime, this.#ctx, options));
  }

  /**
   * Revokes every permission on channels or groups for auth keys (or everyone); resolves like `grant`.
   * @throws PubnubValidationError synchronously without a secret key or for bad arguments
   */
  revoke<O extends RevokeOptions>(options: O): SeedResult<AccessResult, O> {
    return this.#seed(options, 'revoke', () => startRevoke(this.#runtime, this.#ctx, options));
  }

  /**
   * Lists permissions; resolves like `grant`.
   * @throws PubnubValidationError synchronously without a secret key or for bad arguments
   */
  audit<O extends AuditOptions>(options?: O): SeedResult<AccessResult, O> {
    return this.#seed(options, 'audit', () => startAudit(this.#runtime, this.#ctx, options ?? {}));
  }

  /**
   * Grants an Access Manager v3 token: `{ ttl, authorizedUuid, resources, patterns, meta }` with permissions
   * named `read`, `write`, `manage`, `delete`, `get`, `update`, `join`; resolves to the token. Needs `secretKey`.
   * @throws PubnubValidationError synchronously without a secret key, or for a ttl outside 1..43200, an unknown
   *   permission, a pattern that is not a regular expression, non-scalar meta, or a grant of nothing
   */
  grantToken<O extends GrantTokenOptions>(options: O): SeedResult<string, O> {
    return this.#seed(options, 'grantToken', () => startGrantToken(this.#runtime, this.#ctx, options));
  }

  /**
   * Revokes a v3 token; resolves to `{ status: 200, data: { message: 'Success' } }`. Needs `secretKey`.
   * @throws PubnubValidationError synchronously without a secret key; PubnubTokenError for a string that is no token
   */
  revokeToken<O extends RevokeTokenOptions>(token: string, options?: O): SeedResult<RevokeTokenResult, O> {
    return this.#seed(options, 'revokeToken', () => startRevokeToken(this.#runtime, this.#ctx, token, options));
  }

  /**
   * What a v3 token grants: `{ version, timestamp, ttl, authorizedUuid?, resources?, patterns?, meta?, signature }`
   * (synchronous; no secret key needed; the signature is not checked).
   * @throws PubnubTokenError for malformed base64, truncated CBOR or a value that is not a token
   */
  parseToken(token: string): ParsedToken {
    return parseToken(token);
  }

  /**
   * Sends `token` as `auth` on every later request of this client or view (in place of `authKey`); `undefined`
   * or `''` goes back to `authKey`. A subscription's next poll carries it.
   * @throws PubnubTokenError when `token` is not a token
   */
  setToken(token: string | undefined): void {
    this.#token.set(token);
  }

  /** The token `setToken` set, or undefined. */
  getToken(): string | undefined {
    return this.#token.token;
  }

  // ── files ─────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Sends a file to a channel: `file` is `{ data, name }`, `{ stream, name, size? }` or `{ path, name? }`,
   * streamed to storage (encrypted with the cipher key), then announced by a file message carrying `message`;
   * resolves to `{ timetoken, id, name }` (docs/protocol.md §15).
   * @throws PubnubValidationError synchronously for a bad channel, file, name or message options
   * @throws PubnubFilePublishError (rejected) when the file was stored but its message failed: retry with `publishFile`
   */
  sendFile<O extends SendFileOptions>(options: O): SeedResult<SendFileResult, O> {
    return this.#seed(options, 'sendFile', () => startSendFile(this.#runtime, this.#ctx, options));
  }

  /**
   * Publishes a file message alone: `{ channel, fileId, fileName, message, meta, storeInHistory, ttl,
   * customMessageType }`; resolves to `{ timetoken }`.
   * @throws PubnubValidationError synchronously for a bad channel, id, name, message or options
   */
  publishFile<O extends PublishFileOptions>(options: O): SeedResult<PublishFileResult, O> {
    return this.#seed(options, 'publishFile', () => startPublishFile(this.#runtime, this.#ctx, options));
  }

  /**
   * One page of a channel's files: `{ status, data: [{ id, name, size, created }], next, count }`; pass `next`
   * back for the next page.
   * @throws PubnubValidationError synchronously for a bad channel, limit (1–100) or cursor
   */
  listFiles<O extends ListFilesOptions>(options: O): SeedResult<ListFilesResult, O> {
    return this.#seed(options, 'listFiles', () => startListFiles(this.#runtime, this.#ctx, options));
  }

  /**
   * The download URL of a stored file, with this client's credentials (signed with a secret key: valid about
   * 60 s). Synchronous. The contents behind it are as stored (encrypted files stay encrypted).
   * @throws PubnubValidationError for a bad channel, id or name
   */
  getFileUrl(params: FileUrlParameters): string {
    return fileUrl(this.#runtime, this.#ctx, params);
  }

  /**
   * Downloads a stored file; resolves to `{ channel, id, name, toStream(), toBuffer() }` once the answer starts
   * (contents decrypted with the cipher key; a wrong key fails the stream with `PubnubCryptoError`).
   * @throws PubnubValidationError synchronously for a bad channel, id or name
   */
  downloadFile<O extends DownloadFileOptions>(options: O): SeedResult<DownloadedFile, O> {
    return this.#seed(options, 'downloadFile', () => startDownloadFile(this.#runtime, this.#ctx, options));
  }

  /**
   * Deletes a stored file; resolves to `{ status: 200 }`.
   * @throws PubnubValidationError synchronously for a bad channel, id or name
   */
  deleteFile<O extends DeleteFileOptions>(options: O): SeedResult<DeleteFileResult, O> {
    return this.#seed(options, 'deleteFile', () => startDeleteFile(this.#runtime, this.#ctx, options));
  }

  // ── cipher ────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Encrypts a message as `publish` would (synchronous: no I/O). Returns the base64 ciphertext.
   * @throws PubnubValidationError without a cipher key, or for a value JSON cannot carry
   */
  encrypt(message: unknown): string {
    return encryptMessage(this.#runtime, message);
  }

  /**
   * Decrypts a ciphertext (base64 string) back to its value (synchronous).
   * @throws PubnubValidationError without a cipher key
   * @throws PubnubCryptoError when the input is not ciphertext for this key
   */
  decrypt(ciphertext: string): unknown {
    return decryptMessage(this.#runtime, ciphertext);
  }

  // ── lifecycle ─────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Ends every subscription (with a leave), and for a client also aborts requests in flight, rejects queued
   * publishes, clears every timer and destroys the connection pool; its views close with it. For a view, only the
   * view's subscriptions end. Idempotent; later calls fail with `PubnubStateError`.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  /** `await using client = new Pubnub(…)` closes it. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #close(): Promise<void> {
    const own = this.#subscriptions.close();
    if (this.#isView) {
      this.#family.leave(this);
      await own;
      return;
    }
    // The views' leaves go out before the pool closes; then nothing of the client may outlive it.
    await Promise.all([own, ...this.#family.closeAll()]);
    this.#runtime.publishQueue.close();
    this.#runtime.scheduler.clearAll();
    await Promise.all([this.#runtime.transport.close(), this.#runtime.files.close()]);
  }

  #addSubscription(target: SubscriptionTarget, options: SubscribeOptions): Subscription {
    if (this.closed) throw new PubnubStateError('the client is closed', { operation: 'subscribe' });
    if (this.#isView) this.#family.join(this);
    return this.#subscriptions.subscribe(target, options);
  }

  #seed<T, O>(options: CallOptions<T> | undefined, operation: string, start: () => Promise<T>): SeedResult<T, O> {
    return seedCall(this.#runtime, () => this.closed, options, operation, start);
  }
}
