/**
 * Reconnect: the subscriber's connection is cut mid-stream, again and again (a TCP proxy drops every socket), while
 * 2,000 messages are published; every message still arrives exactly once and in order (docs/architecture.md §4: resume from the
 * cursor, de-duplication window; docs/protocol.md §8.3).
 */
import { expect } from 'chai';
import { channelName, until, useHarness } from './support/server.js';
import { startTcpProxy } from './support/tcp-proxy.js';

describe('node client: reconnect', () => {
  const h = useHarness();

  it('2,000 messages arrive exactly once and in order across dropped connections', async function () {
    this.timeout(60_000);
    const proxy = await startTcpProxy(h().url);
    try {
      const subscriber = h().client({ origin: proxy.url, retry: { baseDelayMs: 20, maxDelayMs: 200 } });
      const publisher = h().client();
      const ch = channelName('reconnect');
      const got: number[] = [];
      let connected = false;
      let disconnects = 0;
      let reconnects = 0;
      subscriber.subscribe(ch, {
        callback: (m) => got.push(m as number),
        connect: () => {
          connected = true;
        },
        disconnect: () => {
          disconnects += 1;
        },
        reconnect: () => {
          reconnects += 1;
        },
      });
      await until(() => connected, 'connect');
      const total = 2000;
      let drops = 0;
      for (let start = 0; start < total; start += 100) {
        await Promise.all(Array.from({ length: 100 }, (_, i) => publisher.publish(ch, start + i)));
        if (start % 300 === 0) {
          proxy.dropAll();
          drops += 1;
        }
      }
      await until(() => got.length >= total, `${total} messages (got ${got.length})`, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(got.length).to.equal(total);
      expect(got).to.deep.equal(Array.from({ length: total }, (_, i) => i));
      expect(drops).to.be.greaterThan(3);
      expect(disconnects).to.be.greaterThan(0);
      expect(reconnects).to.be.greaterThan(0);
      await subscriber.close();
    } finally {
      await proxy.close();
    }
  });
});
