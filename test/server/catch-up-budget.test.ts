/**
 * The catch-up byte budget trims old messages, not busy channels (server/src/channel-table.ts; found by the chaos
 * soak): over `maxBufferedBytes`, the least recently used channel gives up its oldest message instead of its whole
 * queue, so a subscriber a moment behind on a busy channel still gets what was just published.
 */
import { expect } from 'chai';
import { enc, harness } from './helpers.js';

interface V2 {
  t: { t: string };
  m: { d: unknown }[];
}

describe('server: the catch-up byte budget', () => {
  it('round-robin traffic over the budget: each channel keeps its newest messages', async () => {
    // 64 KiB in all, half of it for the catch-up queues; each message is about 1 KiB there.
    const h = await harness({ maxBufferedBytes: 64 * 1024 });
    try {
      // About 1 KiB per message in the queues: some 30 fit in the 32 KiB they get, 7 or 8 per channel.
      const pad = 'x'.repeat(150);
      const all = 'rr-0,rr-1,rr-2,rr-3';
      for (let i = 0; i < 200; i++) await h.get(`/publish/pub/sub/0/rr-${i % 4}/0/${enc({ i, pad })}`);
      const cursor = ((await h.get(`/v2/subscribe/sub/${all}/0`)).json as V2).t.t;
      // 16 more, 4 per channel: every one of them over the budget.
      for (let i = 200; i < 216; i++) await h.get(`/publish/pub/sub/0/rr-${i % 4}/0/${enc({ i, pad })}`);
      const resumed = (await h.get(`/v2/subscribe/sub/${all}/0?tt=${cursor}`)).json as V2;
      expect(resumed.m.map((m) => (m.d as { i: number }).i)).to.deep.equal(
        Array.from({ length: 16 }, (_, k) => 200 + k),
      );
      expect(h.server.stats().bufferedBytes).to.be.at.most(64 * 1024);
      expect(h.server.stats().channels).to.equal(4);
    } finally {
      await h.close();
    }
  });

  it('past maxChannels the least recently published channel leaves the catch-up table; one published again stays', async () => {
    const h = await harness({ maxChannels: 3 });
    try {
      const cursor = ((await h.get('/v2/subscribe/sub/lru-a/0')).json as V2).t.t;
      // a, b, c; a again (now the newest); then d: b, the oldest now, is evicted.
      for (const [i, channel] of ['lru-a', 'lru-b', 'lru-c', 'lru-a', 'lru-d'].entries())
        await h.get(`/publish/pub/sub/0/${channel}/0/${enc({ i })}`);
      expect(h.server.stats().channels).to.equal(3);
      const resumed = (await h.get(`/v2/subscribe/sub/lru-a,lru-b,lru-c,lru-d/0?tt=${cursor}`)).json as V2;
      expect(resumed.m.map((m) => (m.d as { i: number }).i)).to.deep.equal([0, 2, 3, 4]);
    } finally {
      await h.close();
    }
  });
});
