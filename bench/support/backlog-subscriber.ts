/**
 * The pubkit side of the subscriber benchmarks (`client-subscribe.ts`, `profile-subscribe.ts`): one client for the
 * whole benchmark, as a long-running subscriber has. Each round, `prepare` subscribes it to that round's channel
 * (ending the last round's subscription), takes the cursor with a normal subscribe (handshake) and `disconnect()`s,
 * keeping the cursor; the caller fills the backlog; `resume()` reconnects from that old cursor, exactly as after a
 * network outage, and resolves when all `n` messages have arrived.
 *
 * Why one client and one counting function for all rounds: V8's optimized code refers weakly to the functions and
 * objects it was specialised for (the callback it inlined, the client's own closures). With a new client per round,
 * each major collection found the last round's client dead and threw away the optimized code of the whole receive
 * path, which the next measured part then paid to compile again on V8's helper threads (docs/performance.md §2). A
 * subscriber that runs for hours keeps its client and its callback.
 */
import { Pubnub, type Subscription } from '@pubkit/node';

/** A subscriber reused round after round. */
export interface BacklogSubscriber {
  readonly client: Pubnub;
  /** Subscribes to `channel` instead of the last round's channel, takes its cursor and disconnects. */
  prepare(channel: string): Promise<void>;
  /** Reconnects and resolves once `n` messages of the prepared channel have been delivered. */
  resume(): Promise<void>;
}

/**
 * A client on `origin` that counts messages with the subscribe callback or, with `viaListener`, with a client-wide
 * `message` listener and subscribes without a per-call callback (the official SDK's form).
 */
export function backlogSubscriber(origin: string, n: number, viaListener: boolean): BacklogSubscriber {
  const client = new Pubnub({ publishKey: 'pub', subscribeKey: 'sub', origin, uuid: 'bench' });
  let received = 0;
  let done: () => void = () => {};
  let all: Promise<void> = Promise.resolve();
  const count = (): void => {
    if (++received === n) done();
  };
  if (viaListener) client.addListener({ message: count });
  let handle: Subscription | undefined;
  return {
    client,
    prepare: async (channel) => {
      await handle?.unsubscribe();
      received = 0;
      all = new Promise<void>((resolve) => {
        done = resolve;
      });
      let connected: () => void = () => {};
      const isConnected = new Promise<void>((resolve) => {
        connected = resolve;
      });
      const connect = (): void => connected();
      handle = viaListener
        ? client.subscribe({ channels: [channel], connect })
        : client.subscribe(channel, { callback: count, connect });
      await isConnected;
      client.disconnect();
    },
    resume: async () => {
      client.reconnect();
      await all;
    },
  };
}
