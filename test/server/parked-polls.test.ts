/**
 * The compact parked record (server/src/subscribe-poll.ts, subscription-table.ts; docs/performance.md §3): polls of
 * one subscription share it while any of them is in flight and let it go after, while each keeps what is its own
 * (presence rooms through groups that change, its own cursor and answer).
 */
import { expect } from 'chai';
import { until } from '../support/until.js';
import { enc, type Harness, harness } from './helpers.js';

interface V2 {
  t: { t: string };
  m: { c: string; b: string; d: unknown }[];
}

const REG = '/v1/channel-registration/sub-key/sub/channel-group';

describe('server: parked polls share their subscription', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('polls on the same channels share one subscription, held only while some poll is in flight', async () => {
    h = await harness({ pollTimeoutMs: 60_000 });
    const server = h;
    const { t } = (await server.get('/v2/subscribe/sub/a,b/0')).json as V2;
    expect(server.server.stats().subscriptions).to.equal(0); // a handshake holds nothing once answered
    const abort = new AbortController();
    const gone = server.get(`/v2/subscribe/sub/a,b/0?tt=${t.t}&uuid=u1`, { signal: abort.signal }).catch(() => 'gone');
    const first = server.get(`/v2/subscribe/sub/a,b/0?tt=${t.t}&uuid=u2`);
    const second = server.get(`/subscribe/sub/a,b/0/${t.t}?uuid=u3`); // v1, same subscription
    const other = server.get(`/v2/subscribe/sub/b,a/0?tt=${t.t}&uuid=u4`); // other order: its own
    await until(() => server.server.stats().parked === 4, 'four parked polls');
    expect(server.server.stats().subscriptions).to.equal(2);
    abort.abort();
    expect(await gone).to.equal('gone');
    await until(() => server.server.stats().parked === 3, 'the closed poll to be forgotten');
    expect(server.server.stats().subscriptions).to.equal(2);
    await server.get(`/publish/pub/sub/0/b/0/${enc('hi')}`);
    expect(((await first).json as V2).m.map((m) => [m.c, m.d])).to.deep.equal([['b', 'hi']]);
    expect((await second).json).to.deep.equal([['hi'], JSON.parse((await second).text)[1], 'b']);
    expect(((await other).json as V2).m.map((m) => m.d)).to.deep.equal(['hi']);
    expect(server.server.stats().subscriptions).to.equal(0);
    // A subscription let go is built again from the text, checks included.
    expect((await server.get(`/v2/subscribe/sub/a,b/0?tt=nope`)).status).to.equal(400);
  });

  it('a poll sharing a group subscription is present on the channels the group has when it arrives', async () => {
    h = await harness({ pollTimeoutMs: 60_000 });
    const server = h;
    await server.get(`${REG}/g?add=c1`);
    const { t } = (await server.get('/v2/subscribe/sub/,/0?channel-group=g')).json as V2;
    const first = server.get(`/v2/subscribe/sub/,/0?channel-group=g&tt=${t.t}&uuid=u1`);
    await until(() => server.server.stats().parked === 1, 'the first poll');
    await server.get(`${REG}/g?add=c2`);
    const second = server.get(`/v2/subscribe/sub/,/0?channel-group=g&tt=${t.t}&uuid=u2`);
    await until(() => server.server.stats().parked === 2, 'the second poll');
    expect(server.server.stats().subscriptions).to.equal(1);
    const where = async (uuid: string) =>
      ((await server.get(`/v2/presence/sub-key/sub/uuid/${uuid}`)).json as { payload: { channels: string[] } }).payload
        .channels;
    expect(await where('u1')).to.deep.equal(['c1']);
    expect(await where('u2')).to.deep.equal(['c1', 'c2']);
    await server.get(`/publish/pub/sub/0/c2/0/${enc('x')}`);
    expect(((await first).json as V2).m.map((m) => [m.c, m.b])).to.deep.equal([['c2', 'g']]);
    expect(((await second).json as V2).m.map((m) => [m.c, m.b])).to.deep.equal([['c2', 'g']]);
  });

  it('where_now keeps a uuid’s channels in join order as it joins and leaves', async () => {
    h = await harness();
    const server = h;
    const where = async () =>
      ((await server.get('/v2/presence/sub-key/sub/uuid/u1')).json as { payload: { channels: string[] } }).payload
        .channels;
    await server.get('/v2/presence/sub-key/sub/channel/x/heartbeat?uuid=u1');
    expect(await where()).to.deep.equal(['x']);
    await server.get('/v2/presence/sub-key/sub/channel/y,z/heartbeat?uuid=u1');
    expect(await where()).to.deep.equal(['x', 'y', 'z']);
    await server.get('/v2/presence/sub-key/sub/channel/x,z/leave?uuid=u1');
    expect(await where()).to.deep.equal(['y']);
    await server.get('/v2/presence/sub-key/sub/channel/x/heartbeat?uuid=u1');
    expect(await where()).to.deep.equal(['y', 'x']);
    await server.get('/v2/presence/sub-key/sub/channel/y,x/leave?uuid=u1');
    expect(await where()).to.deep.equal([]);
  });
});
