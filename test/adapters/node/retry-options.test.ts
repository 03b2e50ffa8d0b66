/**
 * The client option `retry` reaches the subscribe loop whole (config.ts `RetryOptions`, docs/architecture.md §4): `maxAttempts`
 * and `retry: false` stop retrying and report `error`, against a port that refuses every connection (a real
 * ECONNREFUSED, no mocks). Delays are kept tiny; the exact backoff arithmetic is tested in
 * test/core/subscribe/loop.test.ts with the manual scheduler.
 */
import { Pubnub, PubnubNetworkError, type SubscribeStatus } from '@pubkit/node';
import { expect } from 'chai';
import { channelName, OPEN_KEYSET, until } from './support/server.js';

/** A local port with nothing listening on it: connections are refused. */
/** Port 1 of an unused loopback address: refused deterministically (a just-freed port may be taken mid-run). */
async function refusedOrigin(): Promise<string> {
  return 'http://127.0.99.1:1';
}

describe('node client: retry options', () => {
  const clients: Pubnub[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  async function run(retry: ConstructorParameters<typeof Pubnub>[0]['retry']) {
    const client = new Pubnub({
      publishKey: OPEN_KEYSET.publishKey,
      subscribeKey: OPEN_KEYSET.subscribeKey,
      origin: await refusedOrigin(),
      ...(retry === undefined ? {} : { retry }),
    });
    clients.push(client);
    const statuses: SubscribeStatus[] = [];
    const errors: unknown[] = [];
    const disconnects: string[] = [];
    const ch = channelName('retry');
    client.subscribe(ch, {
      status: (s) => statuses.push(s),
      error: (e) => errors.push(e),
      disconnect: (c) => disconnects.push(c),
    });
    await until(() => statuses.some((s) => s.category === 'error'), 'the error status');
    // Nothing more happens: no retry after giving up.
    await new Promise((resolve) => setTimeout(resolve, 150));
    return { statuses, errors, disconnects };
  }

  it('retry: false → the first refused handshake reports disconnected then error(attempts 1); no retry', async () => {
    const r = await run(false);
    expect(r.statuses.map((s) => s.category)).to.deep.equal(['disconnected', 'error']);
    expect(r.statuses[1]).to.include({ attempts: 1 });
    expect(r.errors).to.have.length(1);
    expect(r.errors[0]).to.be.instanceOf(PubnubNetworkError);
  });

  it('retry { maxAttempts: 3 } → three refused attempts, one disconnected, then error(attempts 3); nothing after', async () => {
    const r = await run({ maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10, jitterMs: 0 });
    expect(r.statuses.map((s) => s.category)).to.deep.equal(['disconnected', 'error']);
    expect(r.statuses[1]).to.include({ attempts: 3 });
    expect(r.errors).to.have.length(1);
  });
});
