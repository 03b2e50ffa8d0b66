/**
 * Ordered publishes through a proxy that cuts the connection every ~40 ms (issue 9 item 2, docs/decisions.md
 * "Never resend a written publish"): with 64 publishes in flight on one channel, no payload is stored twice, history
 * holds them in call order, every acknowledged publish is stored once, and a publish the transport never wrote is
 * never stored. A publish lost with its connection rejects with `PubnubNetworkError` and `maybeDelivered: true`,
 * so the caller knows, and decides, whether to send it again.
 */
import { type Pubnub, PubnubNetworkError } from '@pubkit/node';
import { expect } from 'chai';
import { channelName, useHarness } from './support/server.js';
import { startTcpProxy } from './support/tcp-proxy.js';

/** Every stored payload of `ch`, oldest first, paging back 100 at a time. */
async function storedPayloads(client: Pubnub, ch: string): Promise<number[]> {
  const pages: number[][] = [];
  let start: string | undefined;
  for (;;) {
    const [messages, first] = await client.history(ch, { count: 100, ...(start === undefined ? {} : { start }) });
    if (messages.length === 0) break;
    pages.unshift(messages as number[]);
    if (messages.length < 100) break;
    start = first;
  }
  return pages.flat();
}

describe('node client: ordered publishes across dropped connections', () => {
  const h = useHarness({ historySize: 5_000 });

  it('64 in flight, a cut every 40 ms: nothing stored twice, call order kept, acks stored once', async function () {
    this.timeout(60_000);
    const proxy = await startTcpProxy(h().url);
    const cutter = setInterval(() => proxy.dropAll(), 40);
    try {
      const publisher = h().client({ origin: proxy.url });
      const ch = channelName('drops');
      // At least 1,500 publishes, and on until the proxy has cut more than 5 connections: a fast run can finish
      // 1,500 within a few 40 ms cuts. Capped well below the history size, so every stored payload is read back.
      const total = 1_500;
      const cap = 4_500;
      const acked = new Set<number>();
      const unknown = new Set<number>();
      const unsent = new Set<number>();
      const other: unknown[] = [];
      let next = 0;
      // 64 workers keep 64 publishes in flight; `next++` at call time is the call order.
      await Promise.all(
        Array.from({ length: 64 }, async () => {
          while (next < cap && (next < total || proxy.connections <= 5)) {
            const i = next++;
            try {
              await publisher.publish(ch, i);
              acked.add(i);
            } catch (err) {
              if (err instanceof PubnubNetworkError && err.maybeDelivered) unknown.add(i);
              else if (err instanceof PubnubNetworkError) unsent.add(i);
              else other.push(err);
            }
          }
        }),
      );
      clearInterval(cutter);
      expect(other).to.deep.equal([]);
      expect(proxy.connections).to.be.greaterThan(5);
      expect(unknown.size + unsent.size).to.be.greaterThan(0);
      const stored = await storedPayloads(h().client(), ch);
      // Call order: each stored payload is larger than the one before (so also no payload twice).
      const inversions = stored.filter((v, k) => k > 0 && v <= stored[k - 1]!);
      expect(inversions, `stored out of order or twice (${stored.length} stored)`).to.deep.equal([]);
      for (const i of acked) expect(stored.includes(i), `acknowledged ${i} stored`).to.equal(true);
      for (const i of unsent) expect(stored.includes(i), `never-written ${i} not stored`).to.equal(false);
      expect(stored.every((i) => acked.has(i) || unknown.has(i))).to.equal(true);
    } finally {
      clearInterval(cutter);
      await proxy.close();
    }
  });
});
