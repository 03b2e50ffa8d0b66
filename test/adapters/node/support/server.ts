/**
 * Test support: the real local server (`@pubkit/server`) in-process on 127.0.0.1:0, and clients pointed at it.
 * Every client made here is closed by `closeAll()`, so the leak-check hook sees no socket or timer left behind.
 */
import { Pubnub, type PubnubOptions } from '@pubkit/node';
import { type Keyset, type RunningServer, type ServerOptions, startServer } from '@pubkit/server';

/** The PAM keyset the access tests use. */
export const PAM_KEYSET: Keyset = { publishKey: 'pub-pam', subscribeKey: 'sub-pam', secretKey: 'sec-pam' };
/** A plain keyset (no PAM). */
export const OPEN_KEYSET: Keyset = { publishKey: 'pub-open', subscribeKey: 'sub-open' };

/** A started server plus a client factory. */
export interface Harness {
  readonly server: RunningServer;
  readonly url: string;
  /** A client on the open keyset (override anything). */
  client(options?: Partial<PubnubOptions>): Pubnub;
  /** Closes every client made by `client()` so far (call it in `afterEach`). */
  closeClients(): Promise<void>;
  /** Closes every client, then the server. */
  close(): Promise<void>;
}

/**
 * Starts a harness for a `describe` block and installs its hooks: a server for the block, and after each test the
 * test's clients closed (the root leak-check hook then waits for their sockets and timers to go).
 */
export function useHarness(options: ServerOptions = {}): () => Harness {
  let harness: Harness | undefined;
  before(async () => {
    harness = await startHarness(options);
  });
  afterEach(async () => {
    await harness?.closeClients();
  });
  after(async () => {
    await harness?.close();
  });
  return () => {
    if (harness === undefined) throw new Error('harness not started');
    return harness;
  };
}

/** Starts a server (open + PAM keysets unless overridden) and returns the harness. */
export async function startHarness(options: ServerOptions = {}): Promise<Harness> {
  const server = await startServer({ port: 0, host: '127.0.0.1', keysets: [OPEN_KEYSET, PAM_KEYSET], ...options });
  const clients: Pubnub[] = [];
  return {
    server,
    url: server.url,
    client(overrides = {}) {
      const client = new Pubnub({
        publishKey: OPEN_KEYSET.publishKey,
        subscribeKey: OPEN_KEYSET.subscribeKey,
        origin: server.url,
        ...overrides,
      });
      clients.push(client);
      return client;
    },
    async closeClients() {
      await Promise.all(clients.splice(0).map((c) => c.close()));
    },
    async close() {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await server.close();
    },
  };
}

/** Resolves when `predicate` holds, polling every 5 ms; rejects after `timeoutMs` (default 5 s) naming `what`. */
export { until } from '../../../support/until.js';

/** A unique channel name per call. */
let counter = 0;
export function channelName(prefix = 'ch'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}
