/**
 * An in-memory stand-in for the `@pubkit/node` client, shaped like `BridgeClient`: subscriptions connect on the
 * next turn, publishes are stored with increasing timetokens and delivered to every live subscription, history
 * pages follow docs/protocol.md §2.5 (`end` inclusive, newest `count`, oldest first). It records every call so tests can
 * count upstream subscribes.
 */

import type { FetchedMessage } from '@pubkit/node';
import type { BridgeClient, UpstreamListeners, UpstreamSubscription } from '@pubkit/socketio';

interface Stored {
  readonly message: unknown;
  readonly timetoken: string;
}

/** A fake upstream client. */
export class FakeUpstream implements BridgeClient {
  readonly subscribeCalls: string[][] = [];
  readonly unsubscribeCalls: string[][] = [];
  readonly published: Array<{ channel: string; message: unknown }> = [];
  readonly #live = new Set<{ channels: string[]; listeners: UpstreamListeners }>();
  readonly #stored = new Map<string, Stored[]>();
  #clock = 17_000_000_000_000_000n;
  /** When set, the next subscribes fail before connecting with this error. */
  failSubscribe: Error | undefined;
  /** When true, subscriptions never connect. */
  neverConnect = false;
  /** When set, `subscribe` throws it synchronously (a client refusing a name). */
  throwOnSubscribe: Error | undefined;
  /** When set, a subscription's `unsubscribe` throws it synchronously. */
  throwOnUnsubscribe: Error | undefined;
  /** Runs at the start of every history call (to publish "during" a resume). */
  onHistory: (() => void) | undefined;

  subscribe(channels: string[], listeners: UpstreamListeners): UpstreamSubscription {
    this.subscribeCalls.push([...channels]);
    if (this.throwOnSubscribe !== undefined) throw this.throwOnSubscribe;
    const entry = { channels: [...channels], listeners };
    this.#live.add(entry);
    const failure = this.failSubscribe;
    setImmediate(() => {
      if (!this.#live.has(entry)) return;
      if (failure !== undefined) listeners.error?.(failure);
      else if (!this.neverConnect) listeners.connect?.();
    });
    return {
      unsubscribe: () => {
        if (this.#live.delete(entry)) this.unsubscribeCalls.push([...channels]);
        if (this.throwOnUnsubscribe !== undefined) throw this.throwOnUnsubscribe;
      },
    };
  }

  /** Channels with a live subscription, one entry per subscription. */
  liveChannels(): string[] {
    return [...this.#live].flatMap((e) => e.channels);
  }

  /** While set, publishes wait for it before they are stored (to build a queue on purpose). */
  publishGate: Promise<void> | undefined;

  async publish(channel: string, message: unknown): Promise<readonly unknown[]> {
    if (this.publishGate !== undefined) await this.publishGate;
    this.published.push({ channel, message });
    return [1, 'Sent', this.inject(channel, message)];
  }

  /** Stores a message and delivers it to live subscriptions, as if another publisher had sent it. */
  inject(channel: string, message: unknown, publisher = 'someone'): string {
    this.#clock += 10_000n;
    const timetoken = this.#clock.toString();
    const list = this.#stored.get(channel) ?? [];
    list.push({ message, timetoken });
    this.#stored.set(channel, list);
    for (const { channels, listeners } of [...this.#live]) {
      if (channels.includes(channel)) listeners.callback(message, channel, { timetoken, publisher });
    }
    return timetoken;
  }

  /** Delivers a presence event. */
  presence(channel: string, action: string, uuid: string, occupancy: number): void {
    for (const { channels, listeners } of [...this.#live]) {
      if (channels.includes(channel)) listeners.presence?.({ action, uuid, occupancy, timestamp: 1 }, channel);
    }
  }

  /** Newest first, one `onHistory` per page of `pageSize`, within `(after, through]` (as `Pubnub.iterateHistory`). */
  async *iterateHistory(span: {
    channel: string;
    after?: string | undefined;
    through?: string | undefined;
    pageSize?: number | undefined;
  }): AsyncGenerator<FetchedMessage, void, undefined> {
    const after = span.after === undefined ? undefined : BigInt(span.after);
    const through = span.through === undefined ? undefined : BigInt(span.through);
    const inSpan = (this.#stored.get(span.channel) ?? []).filter((m) => {
      const tt = BigInt(m.timetoken);
      return (after === undefined || tt > after) && (through === undefined || tt <= through);
    });
    const size = span.pageSize ?? 100;
    // Every walk asks at least once, as the real client sends a request even for an empty span.
    for (let end = inSpan.length, first = true; end > 0 || first; end -= size, first = false) {
      this.onHistory?.();
      for (const m of inSpan.slice(Math.max(0, end - size), end).reverse()) {
        yield { channel: span.channel, message: m.message, timetoken: m.timetoken };
      }
    }
  }
}
