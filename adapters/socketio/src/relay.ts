/**
 * The transport-agnostic relay: sockets in, one upstream subscription per channel out. It handles membership
 * (who is on which channel) and fan-out; each socket's own state is its `Session`'s.
 *
 * Theory of operation:
 * - A transport gives the relay one `Transport` for all its connections, calls `connect(socket)` per connection,
 *   routes its requests to `subscribe` / `unsubscribe` / `publish` (each answers the ack's result or throws a
 *   `BridgeFailure`), calls `session.drained()` when a connection with a queue can write again and
 *   `disconnect(session)` when it closes.
 * - Every request is checked completely (shape, channel names, limits, `authorize`) before anything changes, so a
 *   refused request changes nothing.
 * - Upstream events fan out to the channel's sessions. A transport with a `broadcast` fast path (socket.io rooms)
 *   gets one call for every socket that can take the frame now; the others are queued one by one.
 * - Joining a channel may replay history (`since`, `historyOnJoin`): see `join.ts`. Sockets' joins and leaves are
 *   announced per `presence.ts`; publishes go through `fair-publisher.ts`.
 */

import { FairPublisher } from './fair-publisher.js';
import { fetchReplay } from './join.js';
import type { ResolvedOptions } from './options.js';
import { type Clock, PresenceAnnouncer, systemClock } from './presence.js';
import type { PublishResult, SubscribeResult } from './protocol.js';
import type { BridgeStats, Broadcast, Frame, Transport } from './relay-types.js';
import { makeFrame } from './relay-types.js';
import { BridgeFailure, readChannels, readPublish, readSubscribe } from './requests.js';
import { type Counters, type LiveChannel, type Membership, Session, type SessionContext } from './session.js';
import { type BridgeClient, readPublishTimetoken } from './upstream.js';
import { UpstreamHub } from './upstream-hub.js';

/**
 * The sockets on one channel. It is also the channel's live mode in each of their sessions (`LiveChannel`): one
 * object and one copy of the name per channel, however many sockets.
 */
interface Members<S> extends LiveChannel {
  readonly sessions: Set<Session<S>>;
}

/** The relay core shared by every transport. */
export class Relay<S> {
  readonly #client: BridgeClient;
  readonly #options: ResolvedOptions<S>;
  readonly #broadcast: Broadcast | undefined;
  readonly #hub: UpstreamHub;
  readonly #presence: PresenceAnnouncer;
  readonly #publisher: FairPublisher;
  readonly #members = new Map<string, Members<S>>();
  /** Every connected socket's session: the one per-socket entry the relay keeps beside the session itself. */
  readonly #sessions = new Map<S, Session<S>>();
  readonly #shared: SessionContext<S>;
  readonly #counters: Counters & { denied: number; rejected: number; published: number } = {
    delivered: 0,
    dropped: 0,
    disconnected: 0,
    denied: 0,
    rejected: 0,
    published: 0,
  };
  #closed = false;

  constructor(
    client: BridgeClient,
    options: ResolvedOptions<S>,
    transport: Transport<S>,
    broadcast?: Broadcast,
    clock: Clock = systemClock,
  ) {
    this.#client = client;
    this.#options = options;
    this.#broadcast = broadcast;
    const { maxMessages, maxBytes, onFull } = options;
    this.#shared = { transport, counters: this.#counters, bound: { maxMessages, maxBytes, onFull } };
    this.#hub = new UpstreamHub(
      client,
      {
        message: (channel, event) => this.fanout(channel, makeFrame('message', event)),
        presence: (channel, event) => this.fanout(channel, makeFrame('presence', event)),
        file: (channel, event) => this.fanout(channel, makeFrame('file', event)),
        status: (channel, event) => this.fanout(channel, makeFrame('status', event)),
      },
      options.connectTimeoutMs,
      options.fileUrl,
    );
    this.#presence = new PresenceAnnouncer(options.presence, clock, (channel, event) =>
      this.fanout(channel, makeFrame('presence', event)),
    );
    this.#publisher = new FairPublisher((channel, message) => client.publish(channel, message), options.publish);
  }

  /** Registers a connection. */
  connect(socket: S): Session<S> {
    const session = new Session(socket, this.#shared);
    this.#sessions.set(socket, session);
    return session;
  }

  /** The session of a connected socket. */
  sessionOf(socket: S): Session<S> | undefined {
    return this.#sessions.get(socket);
  }

  /** The sockets connected now. */
  sockets(): S[] {
    return [...this.#sessions.keys()];
  }

  /** Forgets a closed connection and releases its channels. */
  disconnect(session: Session<S>): void {
    if (this.#sessions.get(session.socket) !== session) return;
    this.#sessions.delete(session.socket);
    session.close();
    for (const channel of session.channels()) this.#leave(session, channel);
    this.#publisher.forget(session);
  }

  /** Serves `pubnub:subscribe`. */
  subscribe(session: Session<S>, request: unknown): Promise<SubscribeResult> {
    return this.#guard(() => session.run(() => this.#subscribe(session, request)));
  }

  /** Serves `pubnub:unsubscribe`. */
  unsubscribe(session: Session<S>, request: unknown): Promise<SubscribeResult> {
    return this.#guard(() =>
      session.run(async () => {
        for (const channel of readChannels(request, 'unsubscribe')) {
          if (session.has(channel)) this.#leave(session, channel);
        }
        return { channels: session.channels() };
      }),
    );
  }

  /** Serves `pubnub:publish`. The ack waits for the upstream publish, the next request does not. */
  async publish(session: Session<S>, request: unknown): Promise<PublishResult> {
    const sent = await this.#guard(() =>
      session.run(async () => {
        const { channel, message } = readPublish(request);
        await this.#authorize(session, [channel], 'write');
        this.#open();
        return { pending: this.#publisher.submit(session, channel, message) };
      }),
    );
    try {
      const timetoken = readPublishTimetoken(await sent.pending);
      this.#counters.published += 1;
      return { timetoken };
    } catch (error) {
      this.#counters.rejected += 1;
      if (error instanceof BridgeFailure) throw error;
      throw new BridgeFailure('UPSTREAM', `publish failed: ${describe(error)}`);
    }
  }

  /** Sends a frame to every session on `channel`. */
  fanout(channel: string, frame: Frame): void {
    const members = this.#members.get(channel)?.sessions;
    if (members === undefined) return;
    if (this.#broadcast === undefined) {
      for (const session of members) session.deliver(frame, channel);
      return;
    }
    const skip: string[] = [];
    let direct = 0;
    for (const session of members) {
      const live = session.isLive(channel);
      if (live && session.acceptsDirect(frame)) {
        session.sentDirect();
        direct += 1;
        continue;
      }
      if (live) skip.push(session.id);
      session.deliver(frame, channel);
    }
    this.#counters.delivered += direct;
    if (direct > 0) this.#broadcast(channel, frame, skip);
  }

  /**
   * Asks `authorize` again about every socket's channels (read) and takes each socket out of those it may no longer
   * read, with a `status` event `{ category: 'access-denied', channel }`; resolves to how many it left. For when
   * permissions shrink after a join: a token expired or revoked (`tokenAuthorizer`), a grant withdrawn. Runs in
   * each socket's request order, so it never races that socket's own subscribe.
   */
  async reauthorize(): Promise<number> {
    let removed = 0;
    await Promise.all(
      [...this.#sessions.values()].map((session) =>
        session.run(async () => {
          for (const channel of session.channels()) {
            if (await this.#allowed(session, channel, 'read')) continue;
            if (session.closed || !session.has(channel)) continue;
            this.#leave(session, channel);
            session.deliver(makeFrame('status', { category: 'access-denied', channel }));
            removed += 1;
          }
        }),
      ),
    );
    return removed;
  }

  /** Current counters. */
  stats(): BridgeStats {
    let queued = 0;
    let queuedBytes = 0;
    let transportBytes = 0;
    for (const session of this.#sessions.values()) {
      const held = session.held();
      queued += held.frames;
      queuedBytes += held.bytes;
      transportBytes += held.transportBytes;
    }
    const { delivered, dropped, disconnected, denied, rejected, published } = this.#counters;
    return {
      sockets: this.#sessions.size,
      channels: this.#hub.size,
      upstreamSubscribes: this.#hub.subscribes,
      upstreamUnsubscribes: this.#hub.unsubscribes,
      delivered,
      queued,
      queuedBytes,
      transportBytes,
      dropped,
      disconnected,
      denied,
      rejected,
      published,
      publishPending: this.#publisher.pending,
      rateLimited: this.#publisher.limited,
    };
  }

  /** Releases every session and upstream subscription; later requests fail with `CLOSED`. */
  close(): void {
    this.#closed = true;
    for (const session of [...this.#sessions.values()]) this.disconnect(session);
    this.#presence.close();
    this.#hub.close();
  }

  async #subscribe(session: Session<S>, request: unknown): Promise<SubscribeResult> {
    const { channels, since } = readSubscribe(request);
    const fresh = channels.filter((c) => !session.has(c));
    if (session.channelCount + fresh.length > this.#options.maxChannelsPerSocket) {
      throw new BridgeFailure(
        'TOO_MANY_CHANNELS',
        `a socket may subscribe to at most ${this.#options.maxChannelsPerSocket} channels`,
      );
    }
    await this.#authorize(session, fresh, 'read');
    this.#open();
    if (session.closed) return { channels: [] };
    const joins = fresh.map((name) => {
      let members = this.#members.get(name);
      if (members === undefined) {
        members = { channel: name, sessions: new Set() };
        this.#members.set(name, members);
      }
      // The record's string, not this request's: every socket on a channel refers to one copy of its name.
      const membership = session.join(members.channel);
      members.sessions.add(session);
      return { membership, members, connected: this.#hub.acquire(members.channel) };
    });
    const failed = (await Promise.allSettled(joins.map((j) => j.connected))).find((r) => r.status === 'rejected');
    // A disconnect during the wait already released these channels; only memberships still current are touched.
    const owned = joins.filter((j) => session.owns(j.membership));
    if (failed !== undefined) {
      for (const { members } of owned) this.#leave(session, members.channel);
      throw new BridgeFailure('UPSTREAM', `the upstream subscription failed: ${describe(failed.reason)}`);
    }
    const plan = {
      client: this.#client,
      historyOnJoin: this.#options.historyOnJoin,
      maxResume: this.#options.maxResume,
      since,
    };
    await Promise.all(owned.map((j) => this.#goLive(session, j.membership, j.members, plan)));
    // Requests of one socket run one at a time, so a channel live now went live through this subscribe.
    for (const { members } of owned) {
      if (session.isLive(members.channel)) this.#announce(session, members.channel, 'join');
    }
    return { channels: session.channels() };
  }

  async #goLive(
    session: Session<S>,
    membership: Membership,
    members: Members<S>,
    plan: Parameters<typeof fetchReplay>[1],
  ): Promise<void> {
    session.goLive(membership, await fetchReplay(membership.channel, plan), members);
  }

  #leave(session: Session<S>, channel: string): void {
    const wasLive = session.leave(channel);
    const members = this.#members.get(channel)?.sessions;
    members?.delete(session);
    if (members?.size === 0) {
      this.#members.delete(channel);
      this.#presence.forget(channel);
    } else if (wasLive) {
      this.#announce(session, channel, 'leave');
    }
    this.#hub.release(channel);
  }

  /** Presence of browser sockets is local to this bridge: upstream sees one subscriber, the server. */
  #announce(session: Session<S>, channel: string, action: 'join' | 'leave'): void {
    const uuid = this.#options.identify?.(session.socket) ?? session.id;
    this.#presence.change(channel, action, uuid, this.#members.get(channel)?.sessions.size ?? 0);
  }

  /** `authorize`'s answer: only `true` allows; a throw or rejection denies. */
  async #allowed(session: Session<S>, channel: string, permission: 'read' | 'write'): Promise<boolean> {
    try {
      return (await this.#options.authorize(session.socket, channel, permission)) === true;
    } catch {
      return false;
    }
  }

  async #authorize(session: Session<S>, channels: readonly string[], permission: 'read' | 'write'): Promise<void> {
    const answers = await Promise.all(channels.map((channel) => this.#allowed(session, channel, permission)));
    const refused = channels.find((_, i) => answers[i] !== true);
    if (refused !== undefined) {
      this.#counters.denied += 1;
      throw new BridgeFailure('FORBIDDEN', `not allowed to ${permission} channel "${refused}"`);
    }
  }

  #open(): void {
    if (this.#closed) throw new BridgeFailure('CLOSED', 'the bridge is closed');
  }

  async #guard<T>(task: () => Promise<T>): Promise<T> {
    try {
      this.#open();
      return await task();
    } catch (error) {
      if (!(error instanceof BridgeFailure && error.code === 'FORBIDDEN')) this.#counters.rejected += 1;
      throw error instanceof BridgeFailure ? error : new BridgeFailure('UPSTREAM', describe(error));
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
