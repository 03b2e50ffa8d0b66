/**
 * The compatibility rig: a real `@pubkit/server` on port 80 of a loopback address, plus the clients a test makes
 * against it (JS 3.16.5 instances and pubkit's own `Pubnub`), all closed by `close()` in the order that leaves
 * nothing open: 3.x clients first (their leaves need the server), then pubkit clients, then the server.
 *
 * Why port 80: the 3.x SDK on Node ignores any port in `origin` and always connects to 80 (PROTOCOL §1.1, §12
 * quirk 23). Why not 127.0.0.1: anything else on the machine may hold 127.0.0.1:80. Any 127.0.0.0/8 address is
 * loopback on Linux; the address is derived from the process id so that two test runs on one machine (engineers
 * share it) do not take the same one. A failed bind is a failure with the reason, never a skip.
 */
import { Pubnub, type PubnubOptions } from '@pubkit/node';
import { type RunningServer, type ServerOptions, startServer } from '@pubkit/server';
import { ClassicClient } from './js3-client.js';

/** The loopback address this run listens on: 127.77.x.y from the pid (never .0 or .255). */
export const COMPAT_HOST = `127.77.${(process.pid >> 8) & 0xff}.${(process.pid % 254) + 1}`;

/** Short server timeouts so long-polls turn over quickly in tests. */
const TEST_SERVER: ServerOptions = { pollTimeoutMs: 1_000, presenceSweepMs: 200 };

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
  /** A JS 3.16.5 client (origin: the rig's host, port 80 implied). */
  classic(options: ClassicOptions): ClassicClient;
  /** A pubkit `Pubnub` on the same keys and server. */
  pubkit(options: Omit<PubnubOptions, 'publishKey' | 'subscribeKey' | 'origin'> & { keys?: Keys }): Pubnub;
  close(): Promise<void>;
}

/**
 * Starts the server on `COMPAT_HOST:80`.
 * @throws Error naming the address and the bind error (EACCES, EADDRINUSE, …) when port 80 cannot be bound
 */
export async function startRig(keys: Keys, options: ServerOptions = {}): Promise<Rig> {
  let server: RunningServer;
  try {
    server = await startServer({ ...TEST_SERVER, ...options, port: 80, host: COMPAT_HOST });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new Error(
      `cannot listen on ${COMPAT_HOST}:80 (${code}). The JS 3.x SDK only ever connects to port 80 (PROTOCOL §1.1), ` +
        'so these tests need it: run as root or give node CAP_NET_BIND_SERVICE, and free the address.',
      { cause: err },
    );
  }
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
        origin: COMPAT_HOST,
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
