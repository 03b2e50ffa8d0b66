/**
 * Parked polls share one deadline timer (server/src/subscribe-registry.ts, docs/performance.md §3): each poll still
 * times out on its own deadline, in parking order, and an early answer does not move anyone else's deadline.
 */
import { expect } from 'chai';
import { enc, type Harness, harness, sleep } from './helpers.js';

interface V2 {
  t: { t: string };
  m: { d: unknown }[];
}

describe('server: parked poll deadlines (one shared timer)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('times each poll out on its own deadline, not the first one parked', async () => {
    h = await harness({ pollTimeoutMs: 400 });
    const server = h;
    const started = performance.now();
    const at = (path: string) => server.get(path).then((r) => ({ r, ms: performance.now() - started }));
    const first = at('/v2/subscribe/sub/first/0?tt=17000000000000000');
    await sleep(250);
    const second = at('/v2/subscribe/sub/second/0?tt=17000000000000000');
    const a = await first;
    expect(a.ms).to.be.at.least(390);
    expect(server.server.stats().parked).to.equal(1); // the later poll is still waiting
    const b = await second;
    expect(b.ms).to.be.at.least(250 + 390);
    expect((b.r.json as V2).m).to.deep.equal([]);
  });

  it('a poll answered early leaves the others on their deadlines', async () => {
    h = await harness({ pollTimeoutMs: 400 });
    const server = h;
    const { t } = (await server.get('/v2/subscribe/sub/woken/0')).json as V2;
    const started = performance.now();
    const woken = server.get(`/v2/subscribe/sub/woken/0?tt=${t.t}`);
    const quiet = server.get('/v2/subscribe/sub/quiet/0?tt=17000000000000000');
    while (server.server.stats().parked < 2) await sleep(5);
    await server.get(`/publish/pub/sub/0/woken/0/${enc('hi')}`);
    expect(((await woken).json as V2).m.map((m) => m.d)).to.deep.equal(['hi']);
    expect(performance.now() - started).to.be.below(390);
    expect(((await quiet).json as V2).m).to.deep.equal([]);
    expect(performance.now() - started).to.be.at.least(390);
  });
});
