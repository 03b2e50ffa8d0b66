/**
 * The pubkit side of the subscriber benchmarks (`client-subscribe.ts`, `profile-subscribe.ts`): a client that takes
 * its cursor with a normal subscribe (handshake), then `disconnect()`s, keeping the cursor. The caller fills the
 * backlog; `resume()` reconnects from that old cursor, exactly as after a network outage, and resolves when all `n`
 * messages have arrived.
 */
import { Pubnub } from '@pubkit/node';

/** A subscribed, disconnected client over `channel`, ready to resume. */
export interface BacklogSubscriber {
  readonly client: Pubnub;
  /** Reconnects and resolves once `n` messages have been delivered. */
  resume(): Promise<void>;
}

/**
 * Subscribes to `channel` on `origin`, counting messages with the subscribe callback or, with `viaListener`, with a
 * client-wide `message` listener and a subscribe without a per-call callback (the official SDK's form).
 */
export async function backlogSubscriber(
  origin: string,
  channel: string,
  n: number,
  viaListener: boolean,
): Promise<BacklogSubscriber> {
  const client = new Pubnub({ publishKey: 'pub', subscribeKey: 'sub', origin, uuid: 'bench' });
  let received = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  let connected: () => void = () => {};
  const isConnected = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const count = (): void => {
    if (++received === n) done();
  };
  if (viaListener) {
    client.addListener({ message: count });
    client.subscribe({ channels: [channel], connect: () => connected() });
  } else {
    client.subscribe(channel, { callback: count, connect: () => connected() });
  }
  await isConnected;
  client.disconnect();
  return {
    client,
    resume: async () => {
      client.reconnect();
      await all;
    },
  };
}
