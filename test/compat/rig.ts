/**
 * The compatibility rig: a real `@pubkit/server` on 127.0.0.1 port 0, plus the clients a test makes against it
 * (JS 3.16.5 instances and pubkit's own `Pubnub`), all closed by `close()` in the order that leaves nothing open:
 * 3.x clients first (their leaves need the server), then pubkit clients, then the server.
 *
 * How the 3.x SDK reaches a port other than 80: on Node it ignores any port in `origin` (docs/protocol.md §1.1, §12 quirk
 * 23), so the rig uses the SDK's own `proxy` option, which sends absolute-form targets (`GET http://pubkit.local/…`)
 * to the given host and port; the server accepts that form (RFC 9112 §3.2.2). The SDK itself is unmodified, and
 * the suite needs no root and no port 80.
 */
import { Pubnub, type PubnubOptions } from '@pubkit/node';
import { type RunningServer, type ServerOptions, startServer } from '@pubkit/server';
import { ClassicClient } from './js3-client.js';

/** Short server timeouts so long-polls turn over quickly in tests. */
const TEST_SERVER: ServerOptions = { pollTimeoutMs: 1_000, presenceSweepMs: 200 };

/** The host name the 3.x SDK puts in its absolute-form targets; the server ignores it. */
const CLASSIC_ORIGIN = 'pubkit.local';

/** A keyset for a test: the 3.x and pubkit clients take the same keys. */
export interface Keys {
  readonly publishKey: string;
  readonly subscribeKey: string;
  readonly secretKey?: string;
}

/** Options of a 3.x client made by the rig. */
export interface ClassicOptions {
  readonly uuid: string;
  readonly keys?: Keys;
  readonly authKey?: string;
  readonly cipherKey?: string;
  /** Sign requests with the keyset's secret (an admin client). */
  readonly admin?: boolean;
  /** Override the secret (e.g. a wrong one). */
  readonly secretKey?: string;
}

/** A server and the clients of one test. */
export interface Rig {
  readonly server: RunningServer;
  readonly keys: Keys;
  /** A JS 3.16.5 client, reaching the server through its `proxy` option. */
  classic(options: ClassicOptions): ClassicClient;
  /** A pubkit `Pubnub` on the same keys and server. */
  pubkit(options: Omit<PubnubOptions, 'publishKey' | 'subscribeKey' | 'origin'> & { keys?: Keys }): Pubnub;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1, a free port. */
export async function startRig(keys: Keys, options: ServerOptions = {}): Promise<Rig> {
  const server = await startServer({ ...TEST_SERVER, ...options, port: 0, host: '127.0.0.1' });
  const proxy = { hostname: '127.0.0.1', port: server.port };
  const classics: ClassicClient[] = [];
  const pubkits: Pubnub[] = [];
  return {
    server,
    keys,
    classic(o) {
      const k = o.keys ?? keys;
      const secret = o.secretKey ?? (o.admin ? k.secretKey : undefined);
      const client = new ClassicClient({
        publish_key: k.publishKey,
        subscribe_key: k.subscribeKey,
        origin: CLASSIC_ORIGIN,
        proxy,
        uuid: o.uuid,
        ...(secret === undefined ? {} : { secret_key: secret }),
        ...(o.authKey === undefined ? {} : { auth_key: o.authKey }),
        ...(o.cipherKey === undefined ? {} : { cipher_key: o.cipherKey }),
      });
      classics.push(client);
      return client;
    },
    pubkit({ keys: k = keys, ...o }) {
      const client = new Pubnub({ ...o, publishKey: k.publishKey, subscribeKey: k.subscribeKey, origin: server.url });
      pubkits.push(client);
      return client;
    },
    async close() {
      await Promise.all(classics.map((c) => c.shutdown()));
      await Promise.all(pubkits.map((c) => c.close()));
      await server.close();
      // Every call here passes its own error callback, so anything the SDK logged is a complaint nobody asserted.
      const logged = classics.flatMap((c) => c.logged.map((m) => `${c.uuid}: ${JSON.stringify(m)}`));
      if (logged.length > 0) throw new Error(`the JS 3.x SDK logged errors: ${logged.join('; ')}`);
    },
  };
}

/** A fresh channel name per test, so no test sees another's messages or presence. */
let serial = 0;
export function channelName(prefix: string): string {
  serial += 1;
  return `${prefix}-${process.pid}-${serial}`;
}
