/**
 * Publish ordering and the bounded queue (docs/architecture.md §5): 64 publishes in flight to one channel arrive in call order,
 * with pooling (pipelined publish connection) and without (one in flight per channel); a full queue is a clear
 * `PubnubStateError`.
 */
import { PubnubStateError } from '@pubkit/node';
import { expect } from 'chai';
import { channelName, until, useHarness } from './support/server.js';

describe('node client: publish ordering', () => {
  const h = useHarness();

  for (const pooling of [true, false]) {
    it(`64 publishes in flight to one channel arrive in call order (pooling: ${pooling})`, async () => {
      const client = h().client({ pooling });
      const ch = channelName('order');
      const got: number[] = [];
      let connected = false;
      client.subscribe(ch, {
        callback: (m) => got.push(m as number),
        connect: () => {
          connected = true;
        },
      });
      await until(() => connected, 'connect');
      const results = await Promise.all(Array.from({ length: 64 }, (_, i) => client.publish(ch, i)));
      const tokens = results.map((r) => BigInt(r[2]));
      for (let i = 1; i < tokens.length; i++) expect(tokens[i]! > tokens[i - 1]!).to.equal(true);
      await until(() => got.length === 64, '64 messages');
      expect(got).to.deep.equal(Array.from({ length: 64 }, (_, i) => i));
      const [stored] = await client.history(ch, { count: 64 });
      expect(stored).to.deep.equal(got);
    });
  }

  it('a full per-channel queue rejects with PubnubStateError; other channels are not affected', async () => {
    const client = h().client({ pooling: false, maxPublishQueue: 5 });
    const ch = channelName('full');
    const calls = Array.from({ length: 10 }, (_, i) =>
      client.publish(ch, i).then(
        () => 'ok',
        (e: unknown) => e,
      ),
    );
    const other = await client.publish(channelName('other'), 'fine');
    expect(other[0]).to.equal(1);
    const outcomes = await Promise.all(calls);
    // One in flight + 5 waiting are accepted; the other 4 are refused at once.
    expect(outcomes.filter((o) => o === 'ok')).to.have.length(6);
    const refused = outcomes.filter((o) => o !== 'ok');
    expect(refused).to.have.length(4);
    for (const err of refused) expect(err).to.be.instanceOf(PubnubStateError);
  });
});
