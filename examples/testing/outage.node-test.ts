/**
 * An app's own test written with node:test and `@pubkit/testing` (docs/testing.md §2.7): a "room feed" that keeps
 * the last messages it received, tested through a 30-second subscribe outage without sockets or sleeps.
 *
 * Run: `node --conditions=source --import tsx --test examples/testing/outage.node-test.ts`
 * (test/testing/node-test-example.test.ts runs it in `npm test`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pubnub } from '@pubkit/node';
import { createTestNetwork } from '@pubkit/testing';

/** The code under test: keeps the last `size` messages of a room. */
function roomFeed(client: Pubnub, room: string, size: number): { readonly latest: unknown[] } {
  const latest: unknown[] = [];
  client.subscribe(room, {
    callback: (message) => {
      latest.push(message);
      if (latest.length > size) latest.shift();
    },
  });
  return { latest };
}

test('the feed catches up after a 30 s subscribe outage, in order', async () => {
  const net = createTestNetwork();
  try {
    const feed = roomFeed(net.client(), 'lobby', 100);
    await net.idle();
    net.partition({ operations: ['subscribe'], forMs: 30_000 });
    for (let i = 0; i < 150; i++) net.publish('lobby', i);
    await net.advance(90_000); // the outage, then the client's backoff: virtual time, no sleeping
    assert.deepEqual(
      feed.latest,
      Array.from({ length: 100 }, (_, i) => i + 50),
    );
  } finally {
    await net.close();
  }
});

test('a publish during a publish outage times out, typed; the next one is stored', async () => {
  const net = createTestNetwork();
  try {
    const client = net.client({ requestTimeoutMs: 5_000 });
    const cut = net.partition({ operations: ['publish'], mode: 'blackhole' });
    const lost = client.publish('lobby', 'lost').catch((error: Error) => error.name);
    await net.advance(5_000);
    assert.equal(await lost, 'PubnubTimeoutError');
    cut.heal();
    await client.publish('lobby', 'kept');
    assert.deepEqual(
      net.messages('lobby').map((m) => m.message),
      ['kept'],
    );
  } finally {
    await net.close();
  }
});
