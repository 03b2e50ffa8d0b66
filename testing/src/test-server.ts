/**
 * `startTestServer`: the real `@pubkit/server` on a free loopback port, in one line, for the tests the in-memory
 * network does not cover (history, presence, Access Manager, channel groups, App Context, files, and real HTTP
 * under injected faults; docs/testing.md §2.6). Every server option passes through, `faults` included, so a test
 * writes `await startTestServer({ faults })` and gets a server that misbehaves as told (docs/testing.md §1).
 */
import { Pubnub, type PubnubOptions } from '@pubkit/node';
import { type RunningServer, type ServerOptions, startServer } from '@pubkit/server';

/** A running test server, with a shortcut to make clients of it. */
export interface TestServer extends RunningServer, AsyncDisposable {
  /**
   * A real `Pubnub` client pointed at this server. Defaults: `publishKey` "pub-test", `subscribeKey` "sub-test";
   * `origin` is always the server's URL. The caller closes it (or `await using`).
   * @throws PubnubValidationError for a bad option, as `new Pubnub`
   */
  client(options?: Partial<PubnubOptions>): Pubnub;
}

/**
 * Starts `@pubkit/server` on `127.0.0.1`, port 0 (a free one), with `options` (e.g. `{ faults }`, `keysets`,
 * `dataDir`). Close it with `await server.close()` or `await using server = await startTestServer()`.
 * @throws RangeError for invalid server options; rejects when no port can be bound
 */
export async function startTestServer(options: Omit<ServerOptions, 'port' | 'host'> = {}): Promise<TestServer> {
  const server = await startServer({ ...options, port: 0, host: '127.0.0.1' });
  // The server object itself, extended: whatever `RunningServer` offers (the runtime faults API included) stays.
  return Object.assign(server, {
    [Symbol.asyncDispose]: () => server.close(),
    client: (clientOptions: Partial<PubnubOptions> = {}) =>
      new Pubnub({ publishKey: 'pub-test', subscribeKey: 'sub-test', ...clientOptions, origin: server.url }),
  });
}
