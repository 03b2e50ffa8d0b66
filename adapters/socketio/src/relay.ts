/**
 * The transport-agnostic relay: sockets in, one upstream subscription per channel out.
 *
 * Theory of operation:
 * - A transport calls `connect(peer)` per connection, routes its requests to `subscribe` / `unsubscribe` /
 *   `publish` (each answers the ack's result or throws a `BridgeFailure`), calls `session.drained()` when the
 *   connection's buffer empties and `disconnect(session)` when it closes.
 * - Every request is checked completely (shape, channel names, limits, `authorize`) before anything changes, so a
 *   refused request changes nothing.
 * - Upstream events fan out to the channel's sessions. A transport with a `broadcast` fast path (socket.io rooms)
 *   gets one call for every socket that can take the frame now; the others are queued one by one.
 * - Joining a channel may replay history (`since`, `historyOnJoin`): see `join.ts`.
 */

import { goLive } from './join.js';
import type { ResolvedOptions } from './options.js';
import type { PresenceEvent, PublishResult, SubscribeResult } from './protocol.js';
import type { BridgeStats, Broadcast, Frame, Peer } from './relay-types.js';
import { makeFrame } from './relay-types.js';
import { BridgeFailure, readChannels, readPublish, readSubscribe } from './requests.js';
import { SendQueue } from './send-queue.js';
import { type ChannelMode, type Counters, Session } from './session.js';
import { type BridgeClient, readPublishTimetoken } from './upstream.js';
import { UpstreamHub } from './upstream-hub.js';

/** The relay core shared by every transport. */
export class Relay<S> {
  readonly #client: BridgeClient;
  readonly #options: ResolvedOptions<S>;
  readonly #broadcast: Broadcast | undefined;
  readonly #hub: UpstreamHub;
  readonly #members = new Map<string, Set<Session<S>>>();
  readonly #sessions = new Set<Session<S>>();
  readonly #counters: Counters & { denied: number; rejected: number; published: number } = {
    delivered: 0,
    dropped: 0,
    disconnected: 0,
    denied: 0,
    rejected: 0,
    published: 0,
  };
  #closed = false;

  constructor(client: BridgeClient, options: ResolvedOptions<S>, broadcast?: Broadcast) {
    this.#client = client;
    this.#options = options;
    this.#broadcast = broadcast;
    this.#hub = new UpstreamHub(
      client,
      {
        message: (channel, event) => this.fanout(channel, makeFrame('message', event)),
        presence: (channel, event) => this.fanout(channel, makeFrame('presence', event)),
        status: (channel, event) => this.fanout(channel, makeFrame('status', event)),
      },
      options.connectTimeoutMs,
    );
  }

  /** Registers a connection. */
  connect(peer: Peer<S>): Session<S> {
    const { maxMessages, maxBytes, onFull } = this.#options;
    const session = new Session(peer, new SendQueue(maxMessages, maxBytes, onFull), this.#counters, maxMessages);
    this.#sessions.add(session);
    return session;
  }

  /** Forgets a closed connection and releases its channels. */
  disconnect(session: Session<S>): void {
    if (!this.#sessions.delete(session)) return;
    session.closed = true;
    for (const channel of [...session.channels.keys()]) this.#leave(session, channel);
    session.queue.clear();
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
          if (session.channels.has(channel)) this.#leave(session, channel);
        }
        return { channels: [...session.channels.keys()] };
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
        return { pending: this.#client.publish(channel, message) };
      }),
    );
    try {
      const timetoken = readPublishTimetoken(await sent.pending);
      this.#counters.published += 1;
      return { timetoken };
    } catch (error) {
      this.#counters.rejected += 1;
      throw new BridgeFailure('UPSTREAM', `publish failed: ${describe(error)}`);
    }
  }

  /** Sends a frame to every session on `channel`. */
  fanout(channel: string, frame: Frame): void {
    const members = this.#members.get(channel);
    if (members === undefined) return;
    if (this.#broadcast === undefined) {
      for (const session of members) session.deliver(frame, channel);
      return;
    }
    const skip: string[] = [];
    let direct = 0;
    for (const session of members) {
      const live = session.channels.get(channel)?.live === true;
      if (live && session.acceptsDirect(frame)) {
        session.queue.sent(frame);
        direct += 1;
        continue;
      }
      if (live) skip.push(session.peer.id);
      session.deliver(frame, channel);
    }
    this.#counters.delivered += direct;
    if (direct > 0) this.#broadcast(channel, frame, skip);
  }

  /** Current counters. */
  stats(): BridgeStats {
    let queued = 0;
    let queuedBytes = 0;
    for (const session of this.#sessions) {
      queued += session.queue.length;
      queuedBytes += session.queue.bytes;
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
      dropped,
      disconnected,
      denied,
      rejected,
      published,
    };
  }

  /** Releases every session and upstream subscription; later requests fail with `CLOSED`. */
  close(): void {
    this.#closed = true;
    for (const session of [...this.#sessions]) this.disconnect(session);
    this.#hub.close();
  }

  async #subscribe(session: Session<S>, request: unknown): Promise<SubscribeResult> {
    const { channels, since } = readSubscribe(request);
    const fresh = channels.filter((c) => !session.channels.has(c));
    if (session.channels.size + fresh.length > this.#options.maxChannelsPerSocket) {
      throw new BridgeFailure(
        'TOO_MANY_CHANNELS',
        `a socket may subscribe to at most ${this.#options.maxChannelsPerSocket} channels`,
      );
    }
    await this.#authorize(session, fresh, 'read');
    this.#open();
    if (session.closed) return { channels: [] };
    const modes = fresh.map((channel) => {
      const mode: ChannelMode = { live: false, buffer: [], lost: 0 };
      session.channels.set(channel, mode);
      const members = this.#members.get(channel) ?? new Set<Session<S>>();
      this.#members.set(channel, members);
      members.add(session);
      return { channel, mode, connected: this.#hub.acquire(channel) };
    });
    const failed = (await Promise.allSettled(modes.map((m) => m.connected))).find((r) => r.status === 'rejected');
    // A disconnect during the wait already released these channels; only channels still ours are touched.
    const owned = modes.filter((m) => session.channels.get(m.channel) === m.mode);
    if (failed !== undefined) {
      for (const { channel } of owned) this.#leave(session, channel);
      throw new BridgeFailure('UPSTREAM', `the upstream subscription failed: ${describe(failed.reason)}`);
    }
    const replay = { client: this.#client, historyOnJoin: this.#options.historyOnJoin, since };
    await Promise.all(owned.map(({ channel, mode }) => goLive(session, channel, mode, replay)));
    for (const { channel, mode } of owned) {
      if (session.channels.get(channel) === mode) this.#presence(session, channel, 'join');
    }
    return { channels: [...session.channels.keys()] };
  }

  #leave(session: Session<S>, channel: string): void {
    const mode = session.channels.get(channel);
    session.channels.delete(channel);
    const members = this.#members.get(channel);
    members?.delete(session);
    if (members?.size === 0) this.#members.delete(channel);
    if (mode?.live === true) {
      session.peer.left?.(channel);
      this.#presence(session, channel, 'leave');
    }
    this.#hub.release(channel);
  }

  /** Presence of browser sockets is local to this bridge: upstream sees one subscriber, the server. */
  #presence(session: Session<S>, channel: string, action: 'join' | 'leave'): void {
    const event: PresenceEvent = {
      channel,
      action,
      uuid: this.#options.identify?.(session.peer.socket) ?? session.peer.id,
      occupancy: this.#members.get(channel)?.size ?? 0,
      timestamp: Math.floor(Date.now() / 1000),
    };
    this.fanout(channel, makeFrame('presence', event));
  }

  async #authorize(session: Session<S>, channels: readonly string[], permission: 'read' | 'write'): Promise<void> {
    const answers = await Promise.all(
      channels.map(async (channel) => {
        try {
          return (await this.#options.authorize(session.peer.socket, channel, permission)) === true;
        } catch {
          return false;
        }
      }),
    );
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
